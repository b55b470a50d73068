"""The JSON API: the same services as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from portico.authorizations.models import AuthorizationRequest
from tests.authorizations.support import AuthWorld, api

pytestmark = pytest.mark.django_db


def test_a_request_goes_round_the_api(auth: AuthWorld, client: Client, token_a: str) -> None:
    payload = auth.payload(lines=[{"code": "99213", "start": "2026-06-01"}, {"code": "70551", "start": "2026-06-01"}])
    created = api(client, token_a, "post", "/api/v1/authorizations", payload, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"].startswith("PA-")
    assert body["status"] == "submitted"
    assert [(line["status"], line["route"]) for line in body["lines"]] == [
        ("not_required", "not_required"), ("in_review", "vendor"),
    ]  # fmt: skip
    assert body["lines"][1]["reviewer"] == "Summit Specialty Review"
    assert body["lines"][1]["due_at"]
    repeated = api(client, token_a, "post", "/api/v1/authorizations", payload, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert repeated.status_code == 200
    assert repeated.json()["id"] == body["id"]
    assert AuthorizationRequest.objects.count() == 1
    listed = api(client, token_a, "get", "/api/v1/authorizations", {"status": "submitted", "code": "70551"})
    assert listed.json()["total"] == 1
    assert listed.json()["results"][0]["number"] == body["number"]
    one = api(client, token_a, "get", f"/api/v1/authorizations/{body['id']}")
    assert one.status_code == 200
    assert [e["kind"] for e in one.json()["events"]][:2] == ["created", "submitted"]


def test_the_api_names_each_bad_field_with_422(auth: AuthWorld, client: Client, token_a: str) -> None:
    payload = auth.payload(diagnoses=["M17.11", "M17"], lines=[{"code": "99201", "start": "2026-06-01"}])
    response = api(client, token_a, "post", "/api/v1/authorizations", payload)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"diagnoses.1", "lines.0.code"}
    missing = api(client, token_a, "post", "/api/v1/authorizations", {"member_id": "CH1"})
    assert missing.status_code == 422
    assert "birth_date" in missing.json()["errors"]
    assert AuthorizationRequest.objects.count() == 0


def test_duplicates_come_back_as_warnings(auth: AuthWorld, client: Client, token_a: str) -> None:
    first = api(client, token_a, "post", "/api/v1/authorizations", auth.payload()).json()
    second = api(client, token_a, "post", "/api/v1/authorizations", auth.payload())
    assert second.status_code == 201
    assert second.json()["warnings"][0]["other_number"] == first["number"]


def test_another_organizations_request_is_not_found(
    auth: AuthWorld, client: Client, token_a: str, token_b: str
) -> None:
    mine = api(client, token_a, "post", "/api/v1/authorizations", auth.payload()).json()
    assert api(client, token_b, "get", f"/api/v1/authorizations/{mine['id']}").status_code == 404
    assert api(client, token_b, "get", "/api/v1/authorizations/987654").status_code == 404
    assert api(client, token_b, "get", "/api/v1/authorizations").json()["total"] == 0


def test_the_api_needs_the_authorizations_role(auth: AuthWorld, client: Client, token_a: str) -> None:
    membership = auth.world.membership_a
    membership.roles = ["eligibility"]
    membership.save()
    assert api(client, token_a, "get", "/api/v1/authorizations").status_code == 403
