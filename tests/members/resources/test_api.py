"""The JSON API: the same service and access rules as the pages — the programs and their fields, sending a
request (422 naming each bad field), listing and reading the organization's own requests only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole
from portico.accounts.services import api_token_create
from portico.members.resources.models import ResourceRequest
from tests.members.resources.conftest import CLIMATE, ResourceWorld, ride

pytestmark = pytest.mark.django_db


def call(client: Client, token: str, method: str, path: str, payload: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "post":
        return client.post(path, payload, content_type="application/json", **headers)
    return client.get(path, payload or {}, **headers)


@pytest.fixture
def token_a(rw: ResourceWorld) -> str:
    return api_token_create(user=rw.world.user_a, organization_id=rw.world.org_a.pk, name="pm system")[1]


@pytest.fixture
def token_b(rw: ResourceWorld) -> str:
    return api_token_create(user=rw.world.user_b, organization_id=rw.world.org_b.pk, name="pm system")[1]


def test_the_programs_say_what_each_needs(rw: ResourceWorld, client: Client, token_a: str) -> None:
    programs = {p["key"]: p for p in call(client, token_a, "get", "/api/v1/member-resources/programs").json()}
    climate = programs["climate-devices"]
    assert climate["eligible_programs"] == ["medicaid"]
    assert climate["season"] == "May 1 to October 31"
    assert climate["in_season"] is True
    assert [(f["key"], f["kind"], f["required"]) for f in climate["fields"]] == [
        ("condition_attestation", "attest", True), ("device", "choice", True), ("delivery_address", "address", True),
    ]  # fmt: skip
    assert "air_conditioner" in climate["fields"][1]["choices"]
    assert programs["rides"]["min_notice_days"] == 2


def test_a_request_goes_round_the_api(rw: ResourceWorld, client: Client, token_a: str) -> None:
    payload = {"program": "climate-devices", "member_id": rw.world.member_a.member_number, "details": CLIMATE}
    created = call(client, token_a, "post", "/api/v1/member-resources", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"].startswith("MR-")
    assert body["status"] == "submitted"
    assert body["line_of_business"] == "North Coast CCO"
    assert body["details"]["device"] == "air_conditioner"
    assert [e["kind"] for e in body["events"]] == ["submitted"]
    listed = call(client, token_a, "get", "/api/v1/member-resources", {"status": "open"}).json()
    assert listed["total"] == 1
    assert listed["results"][0]["id"] == body["id"]
    one = call(client, token_a, "get", f"/api/v1/member-resources/{body['id']}")
    assert one.status_code == 200
    assert one.json()["member_id"] == rw.world.member_a.member_number


def test_the_api_names_each_bad_field_with_422(rw: ResourceWorld, client: Client, token_a: str) -> None:
    details = {**ride(), "mobility_needs": "jetpack", "appointment_time": ""}
    payload = {"program": "rides", "member_id": rw.world.member_a.member_number, "details": details}
    bad = call(client, token_a, "post", "/api/v1/member-resources", payload)
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"mobility_needs", "appointment_time"}
    unknown = call(client, token_a, "post", "/api/v1/member-resources", {"program": "spa-days", "member_id": "X"})
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["program"]
    payload = {"program": "climate-devices", "member_id": rw.dsnp_member.member_number, "details": CLIMATE}
    dsnp = call(client, token_a, "post", "/api/v1/member-resources", payload)
    assert dsnp.status_code == 422
    assert "Medicaid" in dsnp.json()["errors"]["member_id"][0]
    assert ResourceRequest.objects.count() == 0


def test_another_organization_neither_sees_nor_reaches_the_request_or_the_member(
    rw: ResourceWorld, client: Client, token_a: str, token_b: str
) -> None:
    payload = {"program": "rides", "member_id": rw.world.member_a.member_number, "details": ride()}
    mine = call(client, token_a, "post", "/api/v1/member-resources", payload).json()
    assert call(client, token_b, "get", f"/api/v1/member-resources/{mine['id']}").status_code == 404
    assert call(client, token_b, "get", "/api/v1/member-resources").json()["total"] == 0
    theirs = call(client, token_b, "post", "/api/v1/member-resources", payload)
    assert theirs.status_code == 422
    assert theirs.json()["errors"]["member_id"][0].startswith("No member")


def test_a_token_without_the_eligibility_role_is_refused(rw: ResourceWorld, client: Client, token_a: str) -> None:
    Membership.objects.filter(pk=rw.world.membership_a.pk).update(roles=[ProviderRole.MESSAGING.value])
    assert call(client, token_a, "get", "/api/v1/member-resources").status_code == 403
    assert call(client, token_a, "post", "/api/v1/member-resources", {}).status_code == 403
