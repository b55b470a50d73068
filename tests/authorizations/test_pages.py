"""The provider's pages: new (from scratch and from the requirement check), drafts, detail, list, confirmation."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portico.authorizations.models import AuthorizationRequest
from portico.authorizations.services import authorization_submit
from portico.common.models import AccessAction, AccessEvent
from tests.authorizations.support import PDF, AuthWorld

pytestmark = pytest.mark.django_db


def form(auth: AuthWorld, key: str = "page-key-1", **changes: str) -> dict[str, object]:
    member = auth.world.member_a
    data: dict[str, object] = {
        "idempotency_key": key,
        "rows": "2",
        "member_id": member.member_number,
        "birth_date": member.birth_date.isoformat(),
        "setting": "outpatient",
        "urgency": "standard",
        "requesting_npi": auth.npi_a,
        "diagnoses-0": "M17.11",
        "lines-0-code": "27447",
        "lines-0-start": "2026-06-01",
        "lines-0-units": "1",
        "lines-1-code": "70551",
        "lines-1-start": "2026-06-01",
        "action": "submit",
    }
    data.update(changes)
    return data


def test_the_new_form_carries_a_fresh_key_and_the_requirement_checks_lines(auth: AuthWorld, client_a: Client) -> None:
    page = client_a.get(
        f"/authorizations/new/?lob={auth.lists.nc.code}&date_of_service=2026-06-01&code=70551-26&code=27447"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', body)
    assert 'value="70551-26"' in body
    assert 'value="27447"' in body
    assert 'value="2026-06-01"' in body
    assert "requirement check for North Coast CCO" in body


def test_the_requirement_check_links_to_a_new_request_for_the_routed_lines(auth: AuthWorld, client_a: Client) -> None:
    data = {
        "line_of_business": auth.lists.nc.code, "date_of_service": "2026-06-01", "rows": "2",
        "lines-0-code": "70551", "lines-1-code": "99213", "action": "check",
    }  # fmt: skip
    body = client_a.post("/prior-auth/", data).content.decode()
    link = re.search(r'href="(/authorizations/new/\?[^"]+)"', body)
    assert link is not None
    assert "code=70551" in link.group(1)
    assert "99213" not in link.group(1)
    assert auth.world.member_a.member_number not in link.group(1)


def test_a_provider_submits_on_the_page_and_sees_each_line_routed(auth: AuthWorld, client_a: Client) -> None:
    data = form(auth)
    data["attachments"] = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    response = client_a.post("/authorizations/new/", data)
    assert response.status_code == 302
    row = AuthorizationRequest.objects.get()
    detail = client_a.get(response["Location"]).content.decode()
    assert row.number in detail
    assert "Summit Specialty Review" in detail
    assert "Cascadia Health" in detail
    assert "notes.pdf" in detail
    assert "In review" in detail
    again = client_a.post("/authorizations/new/", form(auth))  # the same form, sent twice
    assert again["Location"] == response["Location"]
    assert AuthorizationRequest.objects.count() == 1


def test_errors_are_shown_next_to_their_fields_and_nothing_is_saved(auth: AuthWorld, client_a: Client) -> None:
    response = client_a.post("/authorizations/new/", form(auth, **{"lines-1-code": "99201", "diagnoses-0": "M17"}))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_lines-1-code"' in body
    assert 'id="lines-1-code-error"' in body
    assert 'href="#id_diagnoses-0"' in body
    assert 'aria-invalid="true"' in body
    assert AuthorizationRequest.objects.count() == 0


def test_a_draft_is_saved_on_the_page_and_resumed(auth: AuthWorld, client_a: Client) -> None:
    response = client_a.post("/authorizations/new/", {**form(auth, birth_date=""), "action": "save_draft"})
    draft = AuthorizationRequest.objects.get()
    assert response["Location"] == f"/authorizations/{draft.pk}/edit/"
    resumed = client_a.get(response["Location"]).content.decode()
    assert 'value="27447"' in resumed
    assert auth.world.member_a.member_number in resumed
    listed = client_a.get("/authorizations/?status=draft").content.decode()
    assert f"/authorizations/{draft.pk}/edit/" in listed
    submitted = client_a.post(response["Location"], form(auth, key=draft.idempotency_key or ""))
    assert submitted["Location"] == f"/authorizations/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_a_possible_duplicate_asks_for_confirmation(auth: AuthWorld, client_a: Client) -> None:
    client_a.post("/authorizations/new/", form(auth, key="first"))
    warned = client_a.post("/authorizations/new/", form(auth, key="second"))
    assert warned.status_code == 409
    assert "still open" in warned.content.decode()
    assert AuthorizationRequest.objects.count() == 1
    confirmed = client_a.post("/authorizations/new/", form(auth, key="second", confirm_duplicates="yes"))
    assert confirmed.status_code == 302
    assert AuthorizationRequest.objects.count() == 2


def test_the_list_filters_by_status_member_and_code(auth: AuthWorld, client_a: Client) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    assert row.number in client_a.get("/authorizations/").content.decode()
    assert row.number in client_a.get("/authorizations/?status=submitted&code=27447&mine=yes").content.decode()
    assert row.number not in client_a.get("/authorizations/?code=70551").content.decode()
    assert row.number not in client_a.get("/authorizations/?member_id=CH000000000").content.decode()
    assert client_a.get("/authorizations/?submitted_from=yesterday").status_code == 400
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_LIST, member_id=auth.world.member_a.pk).exists()


def test_the_not_required_confirmation_prints_the_lines_needing_none(auth: AuthWorld, client_a: Client) -> None:
    lines = [{"code": "99213", "start": "2026-06-01"}, {"code": "27447", "start": "2026-06-01"}]
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=lines)).request
    body = client_a.get(f"/authorizations/{row.pk}/not-required/").content.decode()
    assert "99213" in body
    assert "27447" not in body
    assert "version 1" in body
    only_plan = authorization_submit(
        actor=auth.actor(), data=auth.payload(lines=[{"code": "70551", "start": "2026-06-01"}])
    ).request
    assert client_a.get(f"/authorizations/{only_plan.pk}/not-required/").status_code == 404


def test_another_organization_never_sees_a_request(auth: AuthWorld, client_a: Client, client_b: Client) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    for url in (
        f"/authorizations/{row.pk}/",
        f"/authorizations/{row.pk}/edit/",
        f"/authorizations/{row.pk}/not-required/",
    ):
        before = AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED).count()
        response = client_b.get(url)
        assert response.status_code == 404, url
        assert auth.world.member_a.last_name not in response.content.decode()
        assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED).count() == before + 1
    missing = client_b.get("/authorizations/987654/")
    mine_elsewhere = client_b.get(f"/authorizations/{row.pk}/")
    assert missing.content == mine_elsewhere.content or missing.status_code == mine_elsewhere.status_code == 404
    assert row.number not in client_b.get("/authorizations/").content.decode()
    assert client_b.post(f"/authorizations/{row.pk}/attachments/", {}).status_code == 404


def test_the_pages_need_the_authorizations_role(auth: AuthWorld, client_a: Client) -> None:
    membership = auth.world.membership_a
    membership.roles = ["eligibility"]
    membership.save()
    assert client_a.get("/authorizations/").status_code == 403
    assert client_a.get("/authorizations/new/").status_code == 403
