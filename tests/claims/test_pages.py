"""The claim pages: entry with add-a-line, errors next to their field, the acknowledgment, the list with filters,
the detail at line level, the print view, corrected claims and voids, drafts; another organization's claim is
"not found"; each read of a claim is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole
from portico.claims.models import Claim, ClaimAdjustment, ClaimStatus
from portico.claims.services import claim_submit
from portico.common.models import AccessAction, AccessEvent
from tests.claims.support import ClaimsWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(claims: ClaimsWorld) -> Client:
    client = Client()
    client.force_login(claims.world.user_a)
    return client


@pytest.fixture
def client_b(claims: ClaimsWorld) -> Client:
    client = Client()
    client.force_login(claims.world.user_b)
    return client


def form(claims: ClaimsWorld, **changes: str) -> dict[str, Any]:
    member = claims.world.member_a
    post: dict[str, Any] = {
        "idempotency_key": "form-1",
        "rows": "2",
        "member_id": member.member_number,
        "birth_date": member.birth_date.isoformat(),
        "patient_account_number": "ACCT-9",
        "rendering_npi": claims.npi_a,
        "diagnoses-0": "J02.9",
        "lines-0-service_from": "2026-06-01",
        "lines-0-place_of_service": "11",
        "lines-0-code": "99213",
        "lines-0-modifiers": "25",
        "lines-0-units": "1",
        "lines-0-charge": "125.00",
        "lines-0-diagnosis_pointers": "A",
        "action": "submit",
    }
    post.update(changes)
    return post


def test_a_professional_claim_entered_on_the_page_is_acknowledged(client_a: Client, claims: ClaimsWorld) -> None:
    assert client_a.get("/claims/new/professional/").status_code == 200
    response = client_a.post("/claims/new/professional/", form(claims))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.icn}/received/"
    page = client_a.get(response["Location"]).content.decode()
    assert claim.icn in page
    assert "received your claim" in page
    again = client_a.post("/claims/new/professional/", form(claims))  # a double click
    assert again["Location"] == response["Location"]
    assert Claim.objects.count() == 1


def test_errors_are_shown_next_to_their_field_and_nothing_is_saved(client_a: Client, claims: ClaimsWorld) -> None:
    response = client_a.post(
        "/claims/new/professional/", form(claims, **{"lines-1-code": "99213", "lines-1-modifiers": "25 59 2!"})
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_lines-1-modifiers"' in body
    assert "Line 2, modifier 3: a modifier is two letters or digits" in body
    assert 'href="#id_lines-1-charge"' in body
    assert Claim.objects.count() == 0


def test_add_lines_keeps_what_was_typed(client_a: Client, claims: ClaimsWorld) -> None:
    response = client_a.post("/claims/new/professional/", form(claims, action="add_lines"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-4-code"' in body
    assert 'value="ACCT-9"' in body
    assert Claim.objects.count() == 0


def test_an_institutional_claim_on_the_page(client_a: Client, claims: ClaimsWorld) -> None:
    member = claims.world.member_a
    post = {
        "idempotency_key": "inst-1",
        "rows": "2",
        "member_id": member.member_number,
        "birth_date": member.birth_date.isoformat(),
        "patient_account_number": "H-1",
        "type_of_bill": "0131",
        "occurrence_codes-0-code": "11",
        "occurrence_codes-0-date": "2026-05-31",
        "condition_codes": "07",
        "diagnoses-0": "J02.9",
        "lines-0-service_from": "2026-06-01",
        "lines-0-revenue_code": "0450",
        "lines-0-units": "1",
        "lines-0-charge": "500",
        "action": "submit",
    }
    assert client_a.get("/claims/new/institutional/").status_code == 200
    response = client_a.post("/claims/new/institutional/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get()
    assert claim.kind == "institutional"
    assert claim.occurrence_codes == [{"code": "11", "date": "2026-05-31"}]


def test_a_draft_is_saved_and_continued(client_a: Client, claims: ClaimsWorld) -> None:
    response = client_a.post("/claims/new/professional/", form(claims, action="save_draft", birth_date=""))
    draft = Claim.objects.get()
    assert draft.status == ClaimStatus.DRAFT
    assert response["Location"] == f"/claims/drafts/{draft.pk}/"
    assert "ACCT-9" in client_a.get(response["Location"]).content.decode()
    member = claims.world.member_a
    response = client_a.post(f"/claims/drafts/{draft.pk}/", form(claims, birth_date=member.birth_date.isoformat()))
    draft.refresh_from_db()
    assert draft.status == ClaimStatus.RECEIVED
    assert response["Location"] == f"/claims/{draft.icn}/received/"


def test_the_list_filters_and_the_detail_explains(client_a: Client, claims: ClaimsWorld) -> None:
    first = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    line = {"service_from": "2026-05-01", "place_of_service": "11", "code": "99214", "charge": "300"}
    data = claims.professional(patient_account_number="OTHER-2", lines=[{**line, "diagnosis_pointers": [1]}])
    second = claim_submit(actor=claims.actor(), data=data).claim
    body = client_a.get("/claims/").content.decode()
    assert first.icn in body
    assert second.icn in body
    assert "Next: adjudication" in body
    filtered = client_a.get("/claims/?patient_account_number=OTHER-2").content.decode()
    assert second.icn in filtered
    assert first.icn not in filtered
    assert first.icn not in client_a.get("/claims/?amount_min=200").content.decode()
    assert second.icn not in client_a.get("/claims/?service_from=2026-05-15").content.decode()
    assert client_a.get("/claims/?received_from=nonsense").status_code == 400
    line = first.lines.get(number=1)
    line.status, line.allowed, line.paid, line.member_responsibility = "paid", 80, 80, 0
    line.save()
    ClaimAdjustment.objects.create(
        line=line, group="CO", reason="45", amount=45, explanation="The charge is above the fee schedule.",
        provider_action="Nothing: you may not bill the member for it.",
    )  # fmt: skip
    before = AccessEvent.objects.filter(action=AccessAction.CLAIM_VIEW).count()
    detail = client_a.get(f"/claims/{first.icn}/").content.decode()
    assert AccessEvent.objects.filter(action=AccessAction.CLAIM_VIEW, member_id=first.member_id).count() == before + 1
    assert "CO-45" in detail
    assert "above the fee schedule" in detail
    assert "$80.00" in detail
    assert "Correct this claim" in detail
    assert client_a.get(f"/claims/{first.icn}/print/").status_code == 200


def test_correct_and_void_on_the_page(client_a: Client, claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    page = client_a.get(f"/claims/{original.icn}/correct/").content.decode()
    assert "ACCT-1001" in page
    response = client_a.post(f"/claims/{original.icn}/correct/", form(claims, idempotency_key="fix-1"))
    corrected = Claim.objects.get(frequency="7")
    assert response["Location"] == f"/claims/{corrected.icn}/received/"
    original.refresh_from_db()
    assert original.status == ClaimStatus.REPLACED
    assert "Correct this claim" not in client_a.get(f"/claims/{original.icn}/").content.decode()
    assert client_a.get(f"/claims/{original.icn}/void/").status_code == 302  # no longer replaceable
    assert "Void this claim" in client_a.get(f"/claims/{corrected.icn}/void/").content.decode()
    response = client_a.post(f"/claims/{corrected.icn}/void/", {"idempotency_key": "void-1"})
    void = Claim.objects.get(frequency="8")
    assert response["Location"] == f"/claims/{void.icn}/received/"
    corrected.refresh_from_db()
    assert corrected.status == ClaimStatus.VOIDED


def test_another_organizations_claim_is_not_found(client_b: Client, claims: ClaimsWorld) -> None:
    claim = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    draft_id = Claim.objects.create(organization=claims.world.org_a, created_by=claims.world.user_a).pk
    for url in (
        f"/claims/{claim.icn}/",
        f"/claims/{claim.icn}/received/",
        f"/claims/{claim.icn}/print/",
        f"/claims/{claim.icn}/correct/",
        f"/claims/{claim.icn}/void/",
        f"/claims/{claim.icn}/attachments/1/",
        f"/claims/drafts/{draft_id}/",
    ):
        before = AccessEvent.objects.filter(action=AccessAction.CLAIM_DENIED).count()
        response = client_b.get(url)
        assert response.status_code == 404, url
        assert claims.world.member_a.last_name not in response.content.decode()
        assert AccessEvent.objects.filter(action=AccessAction.CLAIM_DENIED).count() == before + 1, url
    assert client_b.post(f"/claims/{claim.icn}/void/").status_code == 404
    assert claim.icn not in client_b.get("/claims/").content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RECEIVED


def test_the_claims_role_is_needed(client_a: Client, claims: ClaimsWorld) -> None:
    Membership.objects.filter(user=claims.world.user_a).update(roles=[ProviderRole.ELIGIBILITY.value])
    assert client_a.get("/claims/").status_code == 403
    assert client_a.get("/claims/new/professional/").status_code == 403


def test_a_message_can_be_about_a_claim(client_a: Client, claims: ClaimsWorld) -> None:
    from portico.messaging.threads.links import link_resolve

    claim = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    link = link_resolve(actor=claims.actor(), kind="claim", reference=claim.icn or "")
    assert link is not None
    assert (link.object_id, link.label, link.member_id) == (claim.pk, claim.icn, claim.member_id)
    from portico.common.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        link_resolve(actor=claims.actor("b"), kind="claim", reference=claim.icn or "")
