"""PCP rosters over the JSON API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import ProviderRole, User
from portico.accounts.services import api_token_create
from portico.common.models import AccessAction, AccessEvent, Channel
from portico.providers.models import Practitioner
from tests import factories
from tests.conftest import World

URL = "/api/v1/rosters"


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def _bearer(user: User, organization_id: int) -> dict[str, str]:
    _token, raw = api_token_create(user=user, organization_id=organization_id, name="practice system")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def auth_a(world: World) -> dict[str, str]:
    return _bearer(world.user_a, world.org_a.pk)


def test_api_returns_the_roster_as_json(world: World, auth_a: dict[str, str]) -> None:
    response = Client().get(URL, {"location_id": world.location_a.pk, "as_of": "2026-05-15"}, **auth_a)

    assert response.status_code == 200
    body = response.json()
    assert body["organization"] == world.org_a.legal_name
    assert body["subject"] == {"kind": "location", "id": world.location_a.pk, "name": "Alder Street Clinic"}
    assert body["as_of"] == "2026-05-15"
    assert body["counts"] == {"listed": 1, "new_this_month": 0, "ending_this_month": 0, "not_eligible": 0}
    assert body["synthetic"] is True
    [row] = body["rows"]
    assert row["id"] == world.member_a.pk
    assert row["member_id"] == world.member_a.member_number
    assert row["birth_date"] == "1980-05-17"
    assert row["line_of_business"] == "North Coast CCO"
    assert row["assignment_start"] == "2020-01-01"
    assert row["eligible_on_date"] is True
    assert row["new_this_month"] is False
    event = AccessEvent.objects.get(action=AccessAction.ROSTER_VIEW)
    assert (event.member_id, event.channel) == (world.member_a.pk, Channel.API.value)


def test_api_roster_defaults_to_today_and_takes_filters(world: World, auth_a: dict[str, str]) -> None:
    practitioner = Practitioner.objects.get(affiliations__location=world.location_a)

    everyone = Client().get(URL, {"practitioner_id": practitioner.pk}, **auth_a).json()
    new_only = Client().get(URL, {"practitioner_id": practitioner.pk, "flag": "new"}, **auth_a).json()

    assert everyone["as_of"] == "2026-05-15"
    assert [row["id"] for row in everyone["rows"]] == [world.member_a.pk]
    assert new_only["rows"] == []


def test_api_pages_through_a_roster(world: World, auth_a: dict[str, str]) -> None:
    practitioner = Practitioner.objects.get(affiliations__location=world.location_a)
    for _ in range(4):
        factories.PcpAssignmentFactory(practitioner=practitioner, location=world.location_a)

    body = Client().get(URL, {"location_id": world.location_a.pk, "page_size": 2, "page": 3}, **auth_a).json()

    assert (body["page"], body["page_count"], body["page_size"], len(body["rows"])) == (3, 3, 2, 1)
    assert body["counts"]["listed"] == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2020-01-01"}, "as_of"),
        ({}, "location_id"),
        ({"practitioner_id": 1}, "location_id"),
        ({"sort": "height"}, "sort"),
    ],
)
def test_api_names_the_bad_field_with_422(
    world: World, auth_a: dict[str, str], params: dict[str, object], field: str
) -> None:
    params = {"location_id": world.location_a.pk, **params} if params != {} else {}

    response = Client().get(URL, params, **auth_a)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert field in response.json()["errors"]
    assert not AccessEvent.objects.exists()


def test_api_lists_only_the_organizations_locations_and_practitioners(world: World, auth_a: dict[str, str]) -> None:
    response = Client().get(f"{URL}/locations", **auth_a)

    assert response.status_code == 200
    body = response.json()
    assert body["locations"] == [{"id": world.location_a.pk, "name": "Alder Street Clinic", "city": "Portland"}]
    practitioner = Practitioner.objects.get(affiliations__location=world.location_a)
    assert body["practitioners"] == [
        {"id": practitioner.pk, "name": practitioner.display_name, "npi": practitioner.npi}
    ]


def test_api_without_a_token_is_unauthorized(world: World) -> None:
    assert Client().get(URL, {"location_id": world.location_a.pk}).status_code == 401
    assert Client().get(f"{URL}/locations").status_code == 401


def test_api_token_of_a_user_without_the_eligibility_role_is_refused(world: World) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.CLAIMS.value])
    auth = _bearer(membership.user, world.org_a.pk)

    response = Client().get(URL, {"location_id": world.location_a.pk}, **auth)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Client().get(f"{URL}/locations", **auth).status_code == 403
    assert not AccessEvent.objects.exists()


def test_openapi_documents_the_roster_parameters(world: World) -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/rosters"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {
        "location_id",
        "practitioner_id",
        "as_of",
        "line_of_business",
        "eligible_only",
        "flag",
        "sort",
        "q",
        "page",
        "page_size",
    } <= set(parameters)
    assert "YYYY-MM-DD" in parameters["as_of"]["description"]
    assert "exactly one" in parameters["practitioner_id"]["description"]
    assert "/api/v1/rosters/locations" in schema["paths"]
