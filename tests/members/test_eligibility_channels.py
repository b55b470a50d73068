"""Eligibility through the web page and the JSON API: the same engine, the same answer, the same limits."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from portico.accounts.services import api_token_create
from portico.common.models import AccessAction, AccessEvent
from portico.members.models import Coverage

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 18, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def token_a(world):
    _token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system")
    return raw


def api_post(client, token, payload):
    return client.post(
        "/api/v1/eligibility", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_the_page_answers_with_pcp_and_benefits(world, client_a):
    m = world.member_a
    response = client_a.post(
        "/eligibility/",
        {
            "member_id": m.member_number,
            "birth_date": m.birth_date.isoformat(),
            "date_of_service": "2026-11-16",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Covered" in body
    assert "Alder Street Clinic" in body
    assert "$15.00 copay" in body


def test_the_page_names_the_bad_field_and_records_nothing(world, client_a):
    response = client_a.post("/eligibility/", {"member_id": "CH1", "birth_date": "2030-01-01"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "A member ID is 6 to 20 letters and digits" in body
    assert "The date of birth cannot be in the future." in body
    assert 'aria-invalid="true"' in body
    assert AccessEvent.objects.count() == 0


def test_an_htmx_inquiry_gets_just_the_answer(world, client_a):
    m = world.member_a
    response = client_a.post(
        "/eligibility/",
        {"member_id": m.member_number, "birth_date": m.birth_date.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="inquiry">')
    assert "<html" not in body


def test_the_print_view_shows_the_answer_without_navigation(world, client_a):
    response = client_a.get(f"/eligibility/members/{world.member_a.pk}/print/?date=2026-11-16")
    body = response.content.decode()
    assert response.status_code == 200
    assert world.member_a.member_number in body
    assert 'class="site-nav"' not in body


def test_api_answers_the_same_as_the_page(world, client, token_a):
    m = world.member_a
    response = api_post(
        client,
        token_a,
        {"member_id": m.member_number, "birth_date": m.birth_date.isoformat(), "service_types": ["98"]},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "covered"
    assert data["pcp"]["clinic"] == "Alder Street Clinic"
    assert data["benefits"][0]["in_network"]["copay"] == "15.00"
    assert data["member"]["member_id"] == m.member_number
    event = AccessEvent.objects.get(action=AccessAction.ELIGIBILITY_INQUIRY)
    assert (event.channel, event.user_id, event.organization_id) == ("api", world.user_a.pk, world.org_a.pk)


def test_api_not_covered_says_why(world, client, token_a):
    Coverage.objects.filter(member=world.member_a).update(end=dt.date(2026, 8, 31), termination_reason="moved")
    m = world.member_a
    data = api_post(client, token_a, {"member_id": m.member_number, "birth_date": m.birth_date.isoformat()}).json()
    assert (data["status"], data["reason"]) == ("not_covered", "coverage_ended")


def test_api_bad_input_is_422_naming_each_field(world, client, token_a):
    response = api_post(
        client, token_a, {"member_id": "??", "birth_date": "2031-02-02", "date_of_service": "2020-01-01"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"member_id", "birth_date", "date_of_service"}


def test_api_without_a_token_is_401(world, client):
    assert client.post("/api/v1/eligibility", {}, content_type="application/json").status_code == 401


def test_a_revoked_token_is_refused(world, client):
    from portico.accounts.services import api_token_revoke

    token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="old")
    api_token_revoke(user=world.user_a, token_id=token.pk)
    response = api_post(client, raw, {"member_id": world.member_a.member_number, "birth_date": "1980-05-17"})
    assert response.status_code == 401


@pytest.mark.usefixtures("throttle_window")
def test_api_throttles_with_retry_after(world, client, token_a, settings):
    settings.PORTICO = {**settings.PORTICO, "ELIGIBILITY_THROTTLE_COUNT": 2}
    payload = {"member_id": world.member_a.member_number, "birth_date": world.member_a.birth_date.isoformat()}
    api_post(client, token_a, payload)
    api_post(client, token_a, payload)
    response = api_post(client, token_a, payload)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_openapi_schema_documents_eligibility(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/eligibility" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_a_user_without_the_eligibility_role_is_refused(world):
    world.membership_a.roles = ["claims"]
    world.membership_a.save()
    client = Client()
    client.force_login(world.user_a)
    assert client.get("/eligibility/").status_code == 403


def test_profile_page_creates_and_revokes_a_token(world, client_a):
    response = client_a.post("/accounts/profile/", {"action": "create", "name": "Front desk PM"})
    body = response.content.decode()
    assert "Copy this token now" in body
    token = world.user_a.api_tokens.get()
    assert token.prefix in body
    client_a.post("/accounts/profile/", {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_createtoken_command_prints_a_working_token(world, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("createtoken", world.user_a.username, stdout=out)
    raw = out.getvalue().strip()
    response = api_post(
        client,
        raw,
        {"member_id": world.member_a.member_number, "birth_date": world.member_a.birth_date.isoformat()},
    )
    assert response.status_code == 200


def test_api_type_errors_come_in_the_same_error_shape(world, client, token_a):
    response = api_post(client, token_a, {"member_id": "CH100000001", "service_types": "98"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert "birth_date" in body["errors"]


def test_the_answer_shows_the_members_date_of_birth(world, client_a):
    m = world.member_a
    body = client_a.post(
        "/eligibility/", {"member_id": m.member_number, "birth_date": m.birth_date.isoformat()}
    ).content.decode()
    assert "<dd>1980-05-17</dd>" in body
