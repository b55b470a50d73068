"""Access to rosters: a user of organization A gets "not found" for B's locations, practitioners and members
through every roster page and endpoint, and every attempt is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client

from portico.accounts.services import api_token_create
from portico.common.models import AccessAction, AccessEvent
from portico.members import roster_urls
from portico.providers.models import Practitioner
from tests.conftest import World

Fetch = Callable[[World, Client, dict[str, object]], HttpResponse]


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def _api(world: World, client: Client, params: dict[str, object]) -> HttpResponse:
    _token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="pms")
    return client.get("/api/v1/rosters", params, HTTP_AUTHORIZATION=f"Bearer {raw}")


# Every door to a roster. test_every_roster_url_is_covered_by_the_access_tests keeps this list complete.
DOORS: dict[str, Fetch] = {
    "page": lambda world, client, params: client.get("/rosters/", params),
    "page via htmx": lambda world, client, params: client.get("/rosters/", params, HTTP_HX_REQUEST="true"),
    "csv": lambda world, client, params: client.get("/rosters/export.csv", params),
    "pdf": lambda world, client, params: client.get("/rosters/export.pdf", params),
    "api": _api,
}


def _says_not_found(response: HttpResponse) -> bool:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["code"] == "not_found"
    return "not found" in response.content.decode().lower()


def test_every_roster_url_is_covered_by_the_access_tests(world: World) -> None:
    web = {str(pattern.pattern) for pattern in roster_urls.urlpatterns}
    api = {path for path in Client().get("/api/v1/openapi.json").json()["paths"] if "/rosters" in path}

    assert web == {"", "export.csv", "export.pdf"}
    assert api == {"/api/v1/rosters", "/api/v1/rosters/locations"}
    # "/api/v1/rosters/locations" lists only the organization's own: see test_rosters_api.


@pytest.mark.parametrize("door", DOORS)
def test_outsider_gets_not_found_for_another_organizations_location_and_it_is_recorded(
    world: World, client_a: Client, door: str
) -> None:
    response = DOORS[door](world, client_a, {"location_id": world.location_b.pk})

    assert response.status_code == 404
    assert _says_not_found(response)
    body = response.content.decode("utf-8", errors="replace")
    assert world.member_b.last_name not in body
    assert world.member_b.member_number not in body
    denied = AccessEvent.objects.get(action=AccessAction.ROSTER_DENIED)
    assert (denied.user_id, denied.organization_id) == (world.user_a.pk, world.org_a.pk)
    assert denied.detail == f"requested location {world.location_b.pk}"
    assert not AccessEvent.objects.filter(member_id=world.member_b.pk).exists()


@pytest.mark.parametrize("door", DOORS)
def test_outsider_gets_not_found_for_another_organizations_practitioner_and_it_is_recorded(
    world: World, client_a: Client, door: str
) -> None:
    practitioner_b = Practitioner.objects.get(affiliations__location=world.location_b)

    response = DOORS[door](world, client_a, {"practitioner_id": practitioner_b.pk})

    assert response.status_code == 404
    assert _says_not_found(response)
    assert world.member_b.last_name not in response.content.decode("utf-8", errors="replace")
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_DENIED, user=world.user_a).count() == 1
    assert not AccessEvent.objects.filter(member_id=world.member_b.pk).exists()


@pytest.mark.parametrize("door", DOORS)
def test_each_attempt_is_recorded(world: World, client_a: Client, door: str) -> None:
    for _ in range(3):
        DOORS[door](world, client_a, {"location_id": world.location_b.pk})

    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_DENIED, user=world.user_a).count() == 3


def test_another_organizations_location_looks_exactly_like_one_that_does_not_exist(
    world: World, client_a: Client
) -> None:
    theirs = _api(world, client_a, {"location_id": world.location_b.pk})
    nobodys = _api(world, client_a, {"location_id": 987_654})

    assert (theirs.status_code, theirs.json()) == (nobodys.status_code, nobodys.json())
    page_theirs = client_a.get("/rosters/", {"location_id": world.location_b.pk})
    page_nobodys = client_a.get("/rosters/", {"location_id": 987_654})
    assert page_theirs.status_code == page_nobodys.status_code == 404
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_DENIED).count() == 4


def test_outsider_cannot_find_another_organizations_member_in_their_own_roster(world: World, client_a: Client) -> None:
    params = {"location_id": world.location_a.pk, "q": world.member_b.member_number}

    page = client_a.get("/rosters/", params)
    api = _api(world, client_a, params)
    csv = client_a.get("/rosters/export.csv", {"location_id": world.location_a.pk})

    assert page.status_code == 200
    assert world.member_b.last_name not in page.content.decode()
    assert api.json()["rows"] == []
    assert world.member_b.member_number not in csv.content.decode("utf-8-sig")
    assert world.member_a.member_number in csv.content.decode("utf-8-sig")
    assert not AccessEvent.objects.filter(member_id=world.member_b.pk).exists()


def test_insider_of_b_sees_b_roster_that_a_cannot(world: World, client_a: Client, client_b: Client) -> None:
    response = client_b.get("/rosters/", {"location_id": world.location_b.pk})

    assert response.status_code == 200
    assert world.member_b.last_name in response.content.decode()
    assert client_a.get("/rosters/", {"location_id": world.location_b.pk}).status_code == 404
