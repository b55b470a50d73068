"""Claim entry: validation naming each field and line, nothing saved on error; the ICN; idempotency; drafts;
corrected claims and voids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from portico.claims.models import Claim, ClaimEvent, ClaimLine, ClaimStatus, EventKind, Frequency
from portico.claims.services import claim_draft_save, claim_submit, claim_void, replaceable
from portico.common.dates import today
from portico.common.errors import NotFound, ValidationFailed
from portico.members.access import relationship_of
from portico.members.models import MemberAccessGrant
from tests.claims.support import PDF, ClaimsWorld

pytestmark = pytest.mark.django_db


def _errors(claims: ClaimsWorld, data: dict[str, Any], org: str = "a") -> dict[str, list[str]]:
    before = Claim.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(actor=claims.actor(org), data=data)
    assert Claim.objects.count() == before, "nothing is saved on error"
    return caught.value.errors


def test_a_complete_professional_claim_is_received_with_an_icn(claims: ClaimsWorld) -> None:
    result = claim_submit(actor=claims.actor(), data=claims.professional(), idempotency_key="k1")
    claim = result.claim
    assert result.created
    assert claim.status == ClaimStatus.RECEIVED
    assert claim.icn is not None
    assert len(claim.icn) == 13
    assert claim.icn.endswith(f"{claim.pk:08d}")
    assert claim.member == claims.world.member_a
    assert claim.line_of_business is not None
    assert claim.total_charge == Decimal("160.00")
    assert claim.billing_npi == claims.world.org_a.group_npi
    assert claim.billing_tin == claims.world.org_a.tin
    assert claim.first_service_date == dt.date(2026, 6, 1)
    lines = list(claim.lines.order_by("number"))
    assert [(line.code, line.modifiers, line.diagnosis_pointers) for line in lines] == [
        ("99213", ["25"], [1, 2]),
        ("87880", [], [1]),
    ]
    assert all(line.status == "pending" and line.paid is None for line in lines)
    assert [e.kind for e in claim.events.all()] == [EventKind.CREATED, EventKind.RECEIVED]


def test_an_institutional_claim_keeps_its_ub04_fields(claims: ClaimsWorld) -> None:
    claim = claim_submit(actor=claims.actor(), data=claims.institutional()).claim
    assert claim.kind == "institutional"
    assert claim.type_of_bill == "0131"
    corrected = claim_submit(actor=claims.actor(), data=claims.institutional(frequency="7", replaces=claim.icn)).claim
    assert corrected.type_of_bill == "0137"  # the last digit follows the frequency
    assert claim_void(actor=claims.actor(), icn=corrected.icn or "").claim.type_of_bill == "0138"
    assert claim.occurrence_codes == [{"code": "11", "date": "2026-05-31"}]
    assert claim.value_codes == [{"code": "80", "amount": "1"}]
    assert claim.condition_codes == ["07"]
    assert claim.total_charge == Decimal("980.50")
    assert list(claim.lines.values_list("revenue_code", "code")) == [("0450", "99214"), ("0300", "")]


def test_the_same_idempotency_key_returns_the_same_icn(claims: ClaimsWorld) -> None:
    first = claim_submit(actor=claims.actor(), data=claims.professional(), idempotency_key="same")
    again = claim_submit(actor=claims.actor(), data=claims.professional(), idempotency_key="same")
    assert not again.created
    assert again.claim.icn == first.claim.icn
    assert Claim.objects.count() == 1


def test_another_organization_may_use_the_same_key(claims: ClaimsWorld) -> None:
    claim_submit(actor=claims.actor(), data=claims.professional(), idempotency_key="same")
    member = claims.world.member_b
    data = claims.professional(
        member_id=member.member_number, birth_date=member.birth_date.isoformat(), rendering_npi=claims.npi_b
    )
    assert claim_submit(actor=claims.actor("b"), data=data, idempotency_key="same").created
    assert Claim.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ({"member_id": ""}, "member_id", "member ID"),
        ({"birth_date": "1901-13-01"}, "birth_date", "date like"),
        ({"patient_account_number": ""}, "patient_account_number", "account number"),
        ({"rendering_npi": "1234567890"}, "rendering_npi", "not a valid NPI"),
        ({"billing_npi": "npi_b"}, "billing_npi", "not your organization's"),
        ({"billing_taxonomy": "207Q"}, "billing_taxonomy", "taxonomy"),
        ({"diagnoses": ["J02", "E11.9"]}, "diagnoses.0", "Diagnosis 1: J02 is a header"),
        ({"diagnoses": ["X99.99", "E11.9"]}, "diagnoses.0", "Diagnosis 1"),
        ({"diagnoses": ["nonsense!", "E11.9"]}, "diagnoses.0", "not written like"),
        ({"diagnoses": [f"J02.{n}" for n in range(13)]}, "diagnoses", "at most 12"),
        ({"diagnoses": ["J02.9", "", "E11.9"]}, "diagnoses.2", "without gaps"),
        ({"prior_authorization_number": "PA-2026-999999"}, "prior_authorization_number", "No prior authorization"),
    ],
)
def test_each_bad_claim_field_is_named(claims: ClaimsWorld, change: dict[str, Any], key: str, words: str) -> None:
    change = {k: claims.npi_b if v == "npi_b" else v for k, v in change.items()}
    errors = _errors(claims, claims.professional(**change))
    assert key in errors, errors
    assert words in " ".join(errors[key])


def _line(claims: ClaimsWorld, **change: Any) -> dict[str, Any]:
    data = claims.professional()
    data["lines"][1].update(change)
    return data


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ({"code": "99999"}, "lines.1.code", "Line 2: 99999 is not a code"),
        ({"code": "99201"}, "lines.1.code", "Line 2: CPT procedure code 99201 was terminated"),
        ({"code": "ABC"}, "lines.1.code", "Line 2: ABC is not written like"),
        ({"code": ""}, "lines.1.code", "Line 2: enter the procedure code"),
        ({"modifiers": ["25", "59", "ZZ"]}, "lines.1.modifiers", "Line 2, modifier 3"),
        ({"modifiers": ["25", "59", "RT", "25", "59"]}, "lines.1.modifiers", "at most 4"),
        ({"modifiers": ["2!"]}, "lines.1.modifiers", "Line 2, modifier 1"),
        ({"place_of_service": "99"}, "lines.1.place_of_service", "Line 2: 99 is not a code"),
        ({"place_of_service": "ABC"}, "lines.1.place_of_service", "two-digit"),
        ({"place_of_service": ""}, "lines.1.place_of_service", "enter the place of service"),
        ({"service_from": ""}, "lines.1.service_from", "enter the date of service"),
        ({"service_from": "2026-06-02", "service_to": "2026-06-01"}, "lines.1.service_to", "before the first"),
        ({"units": "0"}, "lines.1.units", "more than zero"),
        ({"units": "many"}, "lines.1.units", "more than zero"),
        ({"charge": "0"}, "lines.1.charge", "more than zero"),
        ({"charge": "-5"}, "lines.1.charge", "more than zero"),
        ({"charge": "12.345"}, "lines.1.charge", "dollars and cents"),
        ({"charge": ""}, "lines.1.charge", "enter the charge"),
        ({"diagnosis_pointers": [3]}, "lines.1.diagnosis_pointers", "pointer 3 points at no diagnosis"),
        ({"diagnosis_pointers": [1, 2, 1, 2, 1]}, "lines.1.diagnosis_pointers", "at most at 4"),
        ({"diagnosis_pointers": []}, "lines.1.diagnosis_pointers", "point at the diagnosis"),
        ({"ndc": "1234"}, "lines.1.ndc", "11 digits"),
        ({"ndc": "00409487001", "ndc_unit": "XX", "ndc_quantity": "1"}, "lines.1.ndc_unit", "NDC unit"),
        ({"ndc": "00409487001", "ndc_unit": "ML"}, "lines.1.ndc_quantity", "quantity"),
        ({"ndc_unit": "ML"}, "lines.1.ndc", "enter the NDC"),
    ],
)
def test_each_bad_line_field_names_its_line(claims: ClaimsWorld, change: dict[str, Any], key: str, words: str) -> None:
    errors = _errors(claims, _line(claims, **change))
    assert key in errors, errors
    assert words in " ".join(errors[key]), errors[key]


def test_a_date_of_service_in_the_future_is_refused(claims: ClaimsWorld) -> None:
    later = (today() + dt.timedelta(days=2)).isoformat()  # still ahead if midnight passes during the test
    errors = _errors(claims, _line(claims, service_from=later))
    assert "cannot be in the future" in errors["lines.1.service_from"][0]


def test_a_line_outside_the_members_coverage_is_refused(claims: ClaimsWorld) -> None:
    coverage = claims.world.member_a.coverages.get()
    coverage.end = dt.date(2026, 6, 1)
    coverage.save()
    errors = _errors(claims, _line(claims, service_from="2026-06-01", service_to="2026-06-03"))
    assert errors == {"lines.1.service_to": [errors["lines.1.service_to"][0]]}
    assert "Line 2: the member is not covered" in errors["lines.1.service_to"][0]


def test_a_member_who_does_not_match_is_not_found(claims: ClaimsWorld) -> None:
    errors = _errors(claims, claims.professional(birth_date="1901-01-01"))
    assert "could not confirm coverage" in errors["member_id"][0]


def test_a_member_not_covered_on_the_first_date_is_refused(claims: ClaimsWorld) -> None:
    coverage = claims.world.member_a.coverages.get()
    coverage.end = dt.date(2026, 1, 1)
    coverage.save()
    errors = _errors(claims, claims.professional())
    assert "not covered on 06/01/2026" in errors["member_id"][0]


def test_institutional_rules(claims: ClaimsWorld) -> None:
    data = claims.institutional(type_of_bill="13")
    data["lines"][0]["revenue_code"] = "45"
    errors = _errors(claims, data)
    assert "type_of_bill" in errors
    assert "Line 1: a revenue code is 4 digits" in errors["lines.0.revenue_code"][0]
    data = claims.institutional()
    data["lines"][1]["revenue_code"] = "9999"
    assert "Line 2: 9999 is not a code" in _errors(claims, data)["lines.1.revenue_code"][0]
    assert "inpatient bill" in _errors(claims, claims.institutional(type_of_bill="0111"))["admission_date"][0]


def test_other_payers_are_kept_for_coordination_of_benefits(claims: ClaimsWorld) -> None:
    data = claims.professional(
        other_payers=[{"payer_name": "Acme Commercial", "paid_amount": "60.00", "paid_date": "2026-06-10"}]
    )
    claim = claim_submit(actor=claims.actor(), data=data).claim
    other = claim.other_payers.get()
    assert (other.payer_name, other.paid_amount, other.paid_date) == (
        "Acme Commercial",
        Decimal("60.00"),
        dt.date(2026, 6, 10),
    )
    bad = claims.professional(other_payers=[{"payer_name": "", "paid_amount": "x"}])
    errors = _errors(claims, bad)
    assert "other_payers.0.payer_name" in errors
    assert "other_payers.0.paid_amount" in errors


def test_attachments_are_checked_and_kept(claims: ClaimsWorld) -> None:
    from portico.authorizations.attachments import Upload

    claim = claim_submit(
        actor=claims.actor(), data=claims.professional(), uploads=[Upload(name="notes.pdf", content=PDF)]
    ).claim
    assert claim.attachments.get().content_type == "application/pdf"
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(
            actor=claims.actor(),
            data=claims.professional(patient_account_number="X2"),
            uploads=[Upload(name="x.exe", content=b"MZ...")],
        )
    assert "attachments" in caught.value.errors
    assert Claim.objects.count() == 1


def test_a_draft_keeps_what_is_there_and_is_submitted_once(claims: ClaimsWorld) -> None:
    draft = claim_draft_save(actor=claims.actor(), data={"patient_account_number": "D-1", "lines": [{"code": "99213"}]})
    assert draft.status == ClaimStatus.DRAFT
    assert draft.icn is None
    with pytest.raises(ValidationFailed):
        claim_draft_save(actor=claims.actor(), data={"lines": [{"charge": "x"}]}, claim_id=draft.pk)
    result = claim_submit(actor=claims.actor(), data=claims.professional(), claim_id=draft.pk)
    assert result.claim.pk == draft.pk
    assert result.claim.icn
    again = claim_submit(actor=claims.actor(), data=claims.professional(), claim_id=draft.pk)
    assert not again.created
    assert Claim.objects.count() == 1


def test_another_organizations_draft_is_not_found(claims: ClaimsWorld) -> None:
    draft = claim_draft_save(actor=claims.actor(), data={"patient_account_number": "D-1"})
    with pytest.raises(NotFound):
        claim_draft_save(actor=claims.actor("b"), data={}, claim_id=draft.pk)
    with pytest.raises(NotFound):
        claim_submit(actor=claims.actor("b"), data={}, claim_id=draft.pk)


# ---- corrected claims and voids ----------------------------------------------------------------------------


def test_a_corrected_claim_replaces_the_original(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    data = claims.professional(frequency="7", replaces=original.icn)
    data["lines"][1]["charge"] = "40.00"
    corrected = claim_submit(actor=claims.actor(), data=data).claim
    original.refresh_from_db()
    assert corrected.frequency == Frequency.REPLACEMENT
    assert corrected.replaces == original
    assert corrected.total_charge == Decimal("165.00")
    assert original.status == ClaimStatus.REPLACED
    assert "corrected claim" in original.next_step
    event = ClaimEvent.objects.get(claim=original, kind=EventKind.CORRECTED_BY)
    assert event.related == corrected
    assert not replaceable(original)
    assert replaceable(corrected)


def test_a_replaced_claim_cannot_be_replaced_again(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    claim_submit(actor=claims.actor(), data=claims.professional(frequency="7", replaces=original.icn))
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(actor=claims.actor(), data=claims.professional(frequency="7", replaces=original.icn))
    assert "cannot be corrected or voided" in caught.value.errors["replaces"][0]
    with pytest.raises(ValidationFailed):
        claim_void(actor=claims.actor(), icn=original.icn or "")
    assert Claim.objects.count() == 2


def test_a_correction_must_name_a_claim_of_the_organization_and_be_complete(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    member = claims.world.member_b
    other = claims.professional(
        frequency="7",
        replaces=original.icn,
        member_id=member.member_number,
        birth_date=member.birth_date.isoformat(),
        rendering_npi=claims.npi_b,
    )
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(actor=claims.actor("b"), data=other)
    assert "No claim" in caught.value.errors["replaces"][0]
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(actor=claims.actor(), data=claims.professional(frequency="7", replaces=original.icn, lines=[]))
    assert "lines.0.code" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        claim_submit(actor=claims.actor(), data=claims.professional(frequency="7"))
    assert "replaces" in caught.value.errors
    original.refresh_from_db()
    assert original.status == ClaimStatus.RECEIVED


def test_a_void_repeats_the_claim_and_closes_it(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    result = claim_void(actor=claims.actor(), icn=original.icn or "", idempotency_key="void-1")
    void = result.claim
    original.refresh_from_db()
    assert void.frequency == Frequency.VOID
    assert void.icn != original.icn
    assert void.replaces == original
    assert void.member == original.member
    assert void.total_charge == original.total_charge
    assert ClaimLine.objects.filter(claim=void).count() == 2
    assert original.status == ClaimStatus.VOIDED
    assert claim_void(actor=claims.actor(), icn=original.icn or "", idempotency_key="void-1").claim == void
    with pytest.raises(ValidationFailed):
        claim_void(actor=claims.actor(), icn=void.icn or "")  # a void cannot be voided
    with pytest.raises(ValidationFailed):
        claim_submit(actor=claims.actor(), data=claims.professional(frequency="7", replaces=void.icn))


def test_another_organization_cannot_void(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    with pytest.raises(ValidationFailed):
        claim_void(actor=claims.actor("b"), icn=original.icn or "")
    original.refresh_from_db()
    assert original.status == ClaimStatus.RECEIVED


def test_a_submitted_claim_is_a_relationship_to_the_member(claims: ClaimsWorld) -> None:
    member = claims.world.member_b
    data = claims.professional(member_id=member.member_number, birth_date=member.birth_date.isoformat())
    assert relationship_of(organization_id=claims.world.org_a.pk, member_id=member.pk) is None
    claim_submit(actor=claims.actor(), data=data)
    MemberAccessGrant.objects.all().delete()  # the inquiry's grant expires; the claim stays
    assert relationship_of(organization_id=claims.world.org_a.pk, member_id=member.pk) == "claim"
