"""The NCCI rule: a column 2 code billed with its column 1 code on the same date is denied (CARC 236) unless the
edit allows an NCCI-associated modifier and one is there; units above a medically unlikely edit deny the line
(per line) or every line of the code on the date (per date of service), CARC 151 / N362. Edits apply from their
effective date through their deletion date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from portico.accounts.models import StaffRole
from portico.claims.adjudication import ncci
from portico.claims.adjudication.examiner import claim_line_release
from portico.claims.adjudication.pipeline import RULE_NAMES
from portico.claims.adjudication.work import Batch, ClaimWork, LineWork
from portico.claims.models import Claim, ClaimKind, ClaimLine, ClaimStatus, LineStatus
from portico.codes.models import Code
from portico.codes.ncci import mue_for
from portico.codes.ncci_loading import mue_file_load, ptp_file_load
from tests import factories
from tests.claims.adjudication.conftest import adjust
from tests.codes.formats.sources import codeset, write

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)
PTP = (
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n"
    "99214\t99213\t\t20260301\t20260630\t1\tMutually exclusive procedures\r\n"  # modifier allowed, March-June
    "36415\t36416\t\t20200101\t*\t0\tStandards of medical/surgical practice\r\n"  # never with a modifier
    "87880\t87804\t\t20200101\t*\t9\tMisuse of column two code with column one code\r\n"  # not applied
)
MUE = (
    '"HCPCS/\nCPT Code",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n'
    "J1100,2,1 Line Edit,Clinical: Data\r\n"
    "97110,2,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\r\n"
    "81001,1,3 Date of Service Edit: Clinical,Nature of Service/Procedure\r\n"
)


@pytest.fixture
def edits(tmp_path: Path) -> None:
    ptp_file_load(path=write(tmp_path / "ccipra-v322r0-f1.txt", PTP, encoding="latin-1"))
    mue_file_load(path=write(tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv", MUE, encoding="latin-1"))


def line(code: str, day: dt.date = DAY, units: str = "1", modifiers: tuple[str, ...] = ()) -> ClaimLine:
    return ClaimLine(code=code, service_from=day, units=Decimal(units), modifiers=list(modifiers), charge=Decimal(100))


def run(*lines: ClaimLine, kind: str = ClaimKind.PROFESSIONAL) -> list[LineWork]:
    for number, each in enumerate(lines, start=1):
        each.number = number
    work = ClaimWork(claim=Claim(kind=kind), lines=[LineWork(line=each) for each in lines])
    ncci.apply(work)
    return work.lines


def denied(w: LineWork) -> tuple[str, str] | None:
    if w.status != LineStatus.DENIED:
        return None
    return w.adjustments[0].reason, w.adjustments[0].remark


def test_the_column_2_code_billed_with_its_column_1_code_on_the_same_day_is_denied_with_carc_236(edits):
    visit, lesser = run(line("99214"), line("99213"))
    assert (visit.open, denied(lesser)) == (True, ("236", ""))
    adjustment = lesser.adjustments[0]
    assert (adjustment.group, adjustment.amount) == ("CO", Decimal(100))
    assert adjustment.params == {
        "column1": "99214", "column2": "99213", "line": "1", "day": "2026-06-01",
        "rationale": "Mutually exclusive procedures",
    }  # fmt: skip
    assert "corrected claim with the modifier" in adjustment.provider_action


def test_the_column_1_code_alone_or_on_another_day_is_paid(edits):
    assert all(w.open for w in run(line("99213")))
    assert all(w.open for w in run(line("99214"), line("99213", day=DAY + dt.timedelta(days=1))))


@pytest.mark.parametrize(
    ("day", "applies"),
    [
        (dt.date(2026, 2, 28), False),  # the day before the effective date
        (dt.date(2026, 3, 1), True),  # the effective date
        (dt.date(2026, 6, 30), True),  # the deletion date is the last day the edit applies
        (dt.date(2026, 7, 1), False),  # the day after
    ],
)
def test_an_edit_applies_from_its_effective_date_through_its_deletion_date(edits, day, applies):
    _visit, lesser = run(line("99214", day=day), line("99213", day=day))
    assert (lesser.status == LineStatus.DENIED) is applies


@pytest.mark.parametrize("modifiers", [("59",), ("XU",), ("RT",), ("25",), ("26", "XS")])
def test_an_ncci_modifier_on_the_column_2_line_bypasses_an_indicator_1_edit(edits, modifiers):
    assert all(w.open for w in run(line("99214"), line("99213", modifiers=modifiers)))


def test_an_ncci_modifier_on_the_column_1_line_bypasses_it_too(edits):
    assert all(w.open for w in run(line("99214", modifiers=("XE",)), line("99213")))


def test_a_modifier_that_is_not_ncci_associated_does_not_bypass(edits):
    _visit, lesser = run(line("99214"), line("99213", modifiers=("26",)))
    assert denied(lesser) == ("236", "")


def test_indicator_0_is_never_bypassed_by_a_modifier(edits):
    _draw, capillary = run(line("36415"), line("36416", modifiers=("59",)))
    assert denied(capillary) == ("236", "")
    assert "never paid together" in capillary.adjustments[0].provider_action


def test_indicator_9_is_not_applied(edits):
    assert all(w.open for w in run(line("87880"), line("87804")))


def test_an_institutional_claim_is_not_edited_with_the_practitioner_tables(edits):
    lines = run(line("99214"), line("99213"), line("J1100", units="5"), kind=ClaimKind.INSTITUTIONAL)
    assert all(w.open for w in lines)


def test_a_line_edit_denies_the_line_whose_units_exceed_the_mue(edits):
    many, allowed = run(line("J1100", units="3"), line("J1100", units="2"))
    assert (denied(many), allowed.open) == (("151", "N362"), True)
    assert many.adjustments[0].params == {"units": "3", "code": "J1100", "mue": "2"}


def test_a_date_of_service_edit_adds_the_units_of_the_day_and_denies_every_line_of_the_code(edits):
    first, second, next_day = run(
        line("97110", units="2"), line("97110", units="1"), line("97110", units="2", day=DAY + dt.timedelta(days=1))
    )
    assert (denied(first), denied(second), next_day.open) == (("151", "N362"), ("151", "N362"), True)
    assert first.adjustments[0].params == {"total": "3", "code": "97110", "day": "2026-06-01", "mue": "2"}
    assert "an appeal does not raise it" in first.adjustments[0].provider_action


def test_a_clinical_date_of_service_edit_can_be_appealed_with_records(edits):
    first, second = run(line("81001"), line("81001"))
    assert denied(first) == denied(second) == ("151", "N362")
    assert "appeal with the records" in first.adjustments[0].provider_action


def test_units_up_to_the_mue_are_paid_and_an_mue_applies_only_from_its_effective_date(edits):
    assert all(w.open for w in run(line("97110", units="2"), line("81001")))
    assert all(w.open for w in run(line("J1100", units="9", day=dt.date(2025, 12, 31))))


def test_a_claim_costs_one_query_at_most_and_the_same_codes_again_none(edits, django_assert_num_queries):
    with django_assert_num_queries(2):  # the first claim after a load also reads the MUE table, once
        run(line("99214"), line("99213"), line("J1100"), line("97110"))
    with django_assert_num_queries(1):
        run(line("36415"), line("36416"), line("J1100"))
    with django_assert_num_queries(0):
        run(line("99213"), line("J1100"), line("99214"), line("97110", units="2"))
    with django_assert_num_queries(0):
        run(line("81001"))  # one code: no pair to look for


def test_a_batch_of_claims_reads_the_pairs_once(edits, django_assert_num_queries):
    works = [
        ClaimWork(claim=Claim(kind=ClaimKind.PROFESSIONAL), lines=[LineWork(line=line(a)), LineWork(line=line(b))])
        for a, b in [("99214", "99213"), ("36415", "36416"), ("99214", "J1100")]
    ]
    Batch(works)
    mue_for(codes=["J1100"], on=DAY)  # the MUE table is read once per process (and after each load)
    with django_assert_num_queries(1):
        for work in works:
            ncci.apply(work)
    assert [w.status for work in works for w in work.lines] == [
        LineStatus.PENDING, LineStatus.DENIED, LineStatus.PENDING, LineStatus.DENIED, LineStatus.PENDING,
        LineStatus.PENDING,
    ]  # fmt: skip


def test_the_rule_runs_after_timely_filing_and_before_prior_authorization():
    assert RULE_NAMES.index("ncci") == RULE_NAMES.index("timely_filing") + 1
    assert RULE_NAMES.index("ncci") == RULE_NAMES.index("authorization") - 1


@pytest.fixture
def cms_files(contracted):
    ptp_file_load(path=codeset("ncci/ccipra-v322r0-f1.excerpt.txt"))
    mue_file_load(path=codeset("ncci/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"))
    Code.objects.bulk_create(
        Code(system="cpt", code=code, display=code, short_description="Lab test")
        for code in ("0001U", "0030U", "0009U")
    )


def lab(*lines: tuple[str, str, str]) -> list[dict[str, object]]:
    return [
        {"service_from": "2026-07-01", "place_of_service": "11", "code": code, "units": units, "charge": charge,
         "diagnosis_pointers": [1]}
        for code, units, charge in lines
    ]  # fmt: skip


def test_a_claim_adjudicated_with_the_cms_files_is_denied_line_by_line_and_explained(adjudicated, cms_files):
    claim = adjudicated(
        lines=lab(
            ("0001U", "1", "200.00"), ("0030U", "1", "200.00"), ("0009U", "3", "200.00"), ("99213", "1", "200.00")
        )
    )
    assert adjust(claim, 2) == [("CO", "236", "200.00")]  # 0030U is column 2 of 0001U (indicator 1, no modifier)
    assert adjust(claim, 3) == [("CO", "151", "200.00")]  # 0009U: 3 units, MUE 2 per date of service
    pair = claim.lines.get(number=2).adjustments.get()
    assert pair.explanation_text == (
        "Code 0030U is not paid with code 0001U (line 1) on the same date of service, 2026-07-01: a National "
        "Correct Coding Initiative edit (Misuse of Column Two code with Column One code)."
    )
    units = claim.lines.get(number=3).adjustments.get()
    assert (units.remark, units.rule) == ("N362", "ncci")
    assert "3 units of 0009U on 2026-07-01" in units.explanation_text
    assert "appeal with the records" in units.provider_action_text
    assert claim.lines.get(number=4).status == LineStatus.PAID  # 99213 has no edit with these codes
    assert claim.lines.get(number=1).status != LineStatus.DENIED  # column 1 stands (no rate for it: pended)
    assert claim.status == ClaimStatus.PENDED
    for each in claim.lines.filter(status=LineStatus.DENIED):
        assert each.charge == each.paid + sum(a.amount for a in each.adjustments.all())


def test_a_line_released_by_an_examiner_is_edited_against_the_claims_other_lines(adjudicated, cms_files, contracted):
    adjudicated(lines=lab(("0030U", "1", "200.00")))
    claim = adjudicated(lines=lab(("0001U", "1", "200.00"), ("0030U", "1", "250.00")))
    assert claim.lines.get(number=2).pend_rule == "duplicates"  # pended before the NCCI rule saw it
    examiner = factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value])
    claim = claim_line_release(
        actor=contracted.world.actor(examiner), claim_id=claim.pk, line_number=2, note="Not a duplicate"
    )
    assert adjust(claim, 2) == [("CO", "236", "250.00")]
