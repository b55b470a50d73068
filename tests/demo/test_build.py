"""Building the demo world: what it holds, that it is deterministic, and that the shares come out right."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portico.common.identifiers import is_valid_mbi, is_valid_npi, is_valid_tin
from portico.demo.benefits import DSNP_IN, MEDICAID_IN
from portico.demo.build import DemoWorldError, demo_world_build
from portico.members.models import (
    Accumulator,
    Coverage,
    DualStatus,
    Member,
    OtherInsurance,
    PcpAssignment,
    name_key,
)
from portico.plans.models import Benefit, BenefitPlan, LineOfBusiness, ServiceType
from portico.providers.models import (
    BillingArrangement,
    NetworkParticipation,
    OrganizationKind,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)
from tests.demo.conftest import AS_OF, MEMBERS, SEED

pytestmark = [pytest.mark.django_db]


def current_coverage(member_ids=None):
    """Each member's latest coverage span (the one that says which line of business they are in now)."""
    latest = {}
    for coverage in Coverage.objects.select_related("line_of_business").order_by("start"):
        latest[coverage.member_id] = coverage
    return latest


def test_a_small_world_builds_with_every_kind_of_row(demo_world):
    assert demo_world.finished
    assert Member.objects.count() == MEMBERS
    assert not Member.objects.filter(is_synthetic=False).exists()
    assert LineOfBusiness.objects.count() == 4
    assert set(ProviderOrganization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert not ProviderOrganization.objects.filter(is_demo=False).exists()
    for model in (Coverage, PcpAssignment, OtherInsurance, Accumulator, BillingArrangement):
        assert model.objects.exists(), model
    assert demo_world.row_counts["members.Member"] == MEMBERS


def test_every_benefit_plan_has_every_service_type_in_and_out_of_network_for_two_years(demo_world):
    for plan in BenefitPlan.objects.all():
        rows = Benefit.objects.filter(benefit_plan=plan)
        keys = Counter((b.service_type, b.network) for b in rows)
        assert set(keys) == {(st, net) for st in ServiceType.values for net in ("in", "out")}
        assert set(keys.values()) == {2}
        assert rows.filter(effective_end=dt.date(AS_OF.year - 1, 12, 31)).count() == len(keys)
        assert rows.filter(effective_start=dt.date(AS_OF.year, 1, 1), effective_end=None).count() == len(keys)


def test_benefit_tables_name_every_service_type():
    assert set(MEDICAID_IN) == set(ServiceType.values)
    assert set(DSNP_IN) == set(ServiceType.values)


def test_members_are_spread_over_the_lines_of_business_in_the_planned_shares(demo_world):
    shares = Counter(c.line_of_business.code for c in current_coverage().values())
    expected = {"NCCCO": 0.28, "WVCCO": 0.34, "MGCCO": 0.24, "CADSNP": 0.14}
    for code, share in expected.items():
        assert abs(shares[code] / MEMBERS - share) < 0.035, (code, shares[code])


def test_dsnp_members_have_a_valid_mbi_a_medicaid_id_and_a_dual_status(demo_world):
    dsnp_ids = [m for m, c in current_coverage().items() if c.line_of_business.code == "CADSNP"]
    members = Member.objects.filter(pk__in=dsnp_ids)
    assert members.count() > 150
    statuses = Counter()
    for member in members:
        assert is_valid_mbi(member.mbi), member.mbi
        assert member.medicaid_id
        statuses[member.dual_status] += 1
    assert set(statuses) == {DualStatus.FULL, DualStatus.PARTIAL}
    assert statuses[DualStatus.FULL] > statuses[DualStatus.PARTIAL]


def test_member_identifiers_are_unique_and_name_keys_are_filled(demo_world):
    numbers = list(Member.objects.values_list("member_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("CH") and len(n) == 11 and n[2:].isdigit() for n in numbers)
    medicaid_ids = list(Member.objects.values_list("medicaid_id", flat=True))
    assert len(set(medicaid_ids)) == len(medicaid_ids)
    for member in Member.objects.all()[:500]:
        assert member.last_name_key == name_key(member.last_name)
        assert member.first_name_key == name_key(member.first_name)


def test_about_one_member_in_ten_has_other_insurance(demo_world):
    with_other = OtherInsurance.objects.values("member").distinct().count()
    assert 0.06 < with_other / MEMBERS < 0.14
    assert set(OtherInsurance.objects.values_list("cob_order", flat=True)) <= {1, 2, 3}


def test_coverage_mixes_active_terminated_gapped_and_new_members(demo_world):
    spans = Counter(Coverage.objects.values_list("member_id", flat=True))
    latest = current_coverage()
    ended = sum(1 for c in latest.values() if c.end is not None and c.end < AS_OF)
    gapped = sum(
        1
        for member_id, n in spans.items()
        if n > 1 and latest[member_id].end is None and latest[member_id].line_of_business.code != "CADSNP"
    )
    new = sum(1 for c in latest.values() if c.start >= AS_OF.replace(day=1))
    assert 0.05 < ended / MEMBERS < 0.11
    assert 0.02 < gapped / MEMBERS < 0.06
    assert 0.01 < new / MEMBERS < 0.05
    assert Coverage.objects.exclude(end=None).filter(termination_reason="").count() == 0


def test_most_covered_members_have_a_pcp_at_a_panel_location(demo_world):
    covered = {m for m, c in current_coverage().items() if c.covers(AS_OF)}
    with_pcp = set(
        PcpAssignment.objects.filter(start__lte=AS_OF).exclude(end__lt=AS_OF).values_list("member_id", flat=True)
    )
    assert 0.85 < len(covered & with_pcp) / len(covered) < 0.95
    panel_orgs = set(NetworkParticipation.objects.filter(pcp_panel=True).values_list("organization_id", flat=True))
    assigned_orgs = set(PcpAssignment.objects.values_list("location__organization_id", flat=True))
    assert assigned_orgs <= panel_orgs
    assert PcpAssignment.objects.filter(start=AS_OF.replace(day=1)).exists()
    for participation in NetworkParticipation.objects.filter(pcp_panel=True):
        assert participation.panel_capacity
        assert participation.panel_capacity >= 100


def test_every_npi_and_tin_is_valid(demo_world):
    assert Practitioner.objects.count() > 50
    assert all(is_valid_npi(npi) for npi in Practitioner.objects.values_list("npi", flat=True))
    assert all(is_valid_npi(npi) for npi in ServiceLocation.objects.values_list("npi", flat=True))
    for org in ProviderOrganization.objects.all():
        assert is_valid_tin(org.tin)
        assert org.group_npi == "" or is_valid_npi(org.group_npi)


def test_the_behavioral_health_clinic_has_no_contract_and_the_billing_service_two_clients(demo_world):
    bh = ProviderOrganization.objects.get(kind=OrganizationKind.BEHAVIORAL_HEALTH)
    assert bh.participations.count() == 4
    assert not bh.participations.filter(contracted=True).exists()
    billing = ProviderOrganization.objects.get(kind=OrganizationKind.BILLING_SERVICE)
    assert sorted(a.client.legal_name for a in billing.clients.all()) == [
        "Salal Street Family Clinic, LLC",
        "Thimbleberry Family Medicine, P.C.",
    ]


def test_dsnp_members_have_accumulators_for_the_current_benefit_year(demo_world):
    accumulators = Accumulator.objects.all()
    assert accumulators.exists()
    assert set(accumulators.values_list("benefit_year", flat=True)) == {AS_OF.year}
    for acc in accumulators[:200]:
        assert 0 <= acc.deductible_met <= acc.oop_met


def test_a_second_build_into_the_same_database_is_refused(demo_world):
    with pytest.raises(DemoWorldError, match="already holds a demo world"):
        demo_world_build(seed=SEED, members=MEMBERS, as_of=AS_OF)


def test_the_command_skips_a_loaded_world_with_if_missing_and_refuses_without(demo_world, capsys):
    call_command("demo_data", "--members", str(MEMBERS), "--seed", str(SEED), "--as-of", AS_OF.isoformat(),
                 "--if-missing")  # fmt: skip
    assert "already loaded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already holds a demo world"):
        call_command("demo_data", "--members", str(MEMBERS), "--seed", str(SEED), "--as-of", AS_OF.isoformat())
