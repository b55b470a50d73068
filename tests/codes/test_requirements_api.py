"""POST /api/v1/prior-auth/requirements: the same engine as the page, in the API's one error shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import ProviderRole
from portico.accounts.services import api_token_create
from portico.common.models import AccessAction, AccessEvent
from portico.members.eligibility import NOT_FOUND_MESSAGE
from tests import factories
from tests.codes.lists_support import ListsWorld, lists_world_build
from tests.conftest import World

URL = "/api/v1/prior-auth/requirements"


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


@pytest.fixture
def lists(world: World) -> ListsWorld:
    return lists_world_build(nc=world.member_a.coverages.get().line_of_business)


@pytest.fixture
def token_a(world: World) -> str:
    _token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system")
    return raw


def post(client: Client, token: str, payload: dict[str, Any]) -> Any:
    return client.post(URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_line_gets_its_outcome_rule_and_deciding_version(lists: ListsWorld, client: Client, token_a: str) -> None:
    response = post(
        client,
        token_a,
        {
            "line_of_business": lists.nc.code,
            "date_of_service": "2026-05-01",
            "lines": [
                {"code": "99213", "place_of_service": "11"},
                {"code": "73721", "modifiers": ["RT"], "units": 1},
                {"code": "27447"},
                {"code": "99201"},
            ],
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["line_of_business"] == {"code": lists.nc.code, "name": "North Coast CCO"}
    assert body["date_of_service"] == "2026-05-01"
    assert body["found_from_member"] is False
    no_auth, vendor, plan, invalid = body["lines"]
    assert (no_auth["outcome"], no_auth["rule"], no_auth["place_of_service"]) == ("no_auth", "no_auth_list", "11")
    assert no_auth["decided_by"]["kind"] == "no_auth"
    assert no_auth["decided_by"]["version"] == 1
    assert no_auth["decided_by"]["effective"] == "2026-01-01"
    assert no_auth["submit_to"] is None
    assert vendor["outcome"] == "vendor"
    assert vendor["category"] == "Diagnostic imaging"
    assert vendor["vendor"] == {"key": "summit", "name": "Summit Specialty Review", "starts": "2026-05-01"}
    assert vendor["modifiers"] == ["RT"]
    assert vendor["submit_to"]["phone"] == "888-555-0177"
    assert (plan["outcome"], plan["rule"], plan["submit_to"]["name"]) == ("plan", "not_listed", "Cascadia Health")
    assert (invalid["outcome"], invalid["code_status"]) == ("invalid", "terminated")
    assert "terminated" in invalid["explanation"]
    assert [item["list_name"] for item in body["lists_checked"]] == [
        "North Coast CCO No-Auth list",
        "North Coast CCO Summit Specialty Review list",
    ]


def test_the_day_before_the_cutover_goes_to_the_plan(lists: ListsWorld, client: Client, token_a: str) -> None:
    response = post(
        client,
        token_a,
        {"line_of_business": lists.nc.code, "date_of_service": "2026-04-30", "lines": [{"code": "73721"}]},
    )

    [line] = response.json()["lines"]
    assert (line["outcome"], line["rule"]) == ("plan", "vendor_not_started")


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([{"modifiers": ["25"]}], "lines.0.code"),
        ([{"code": ""}], "lines.0.code"),
        ([{"code": "   "}], "lines.0.code"),
        ([{"code": "99213"}, {"code": "70551", "units": 0}], "lines.1.units"),
        ([{"code": "99213", "modifiers": ["TOO-LONG"]}], "lines.0.modifiers"),
        ([{"code": "99213", "place_of_service": "office"}], "lines.0.place_of_service"),
        ([], "lines"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    lists: ListsWorld, client: Client, token_a: str, lines: list[dict[str, Any]], field: str
) -> None:
    response = post(client, token_a, {"line_of_business": lists.nc.code, "lines": lines})

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_failed"
    assert field in body["errors"], body


def test_an_unknown_line_of_business_is_named(lists: ListsWorld, client: Client, token_a: str) -> None:
    response = post(client, token_a, {"line_of_business": "NOPE", "lines": [{"code": "99213"}]})

    assert response.status_code == 422
    assert "line_of_business" in response.json()["errors"]


def test_a_date_of_service_out_of_range_is_named(lists: ListsWorld, client: Client, token_a: str) -> None:
    response = post(
        client, token_a, {"line_of_business": lists.nc.code, "date_of_service": "2030-01-01", "lines": [{"code": "1"}]}
    )

    assert response.status_code == 422
    assert "date_of_service" in response.json()["errors"]


def test_the_member_finds_the_line_of_business(world: World, lists: ListsWorld, client: Client, token_a: str) -> None:
    m = world.member_b
    response = post(
        client,
        token_a,
        {"member_id": m.member_number, "birth_date": m.birth_date.isoformat(), "lines": [{"code": "70551"}]},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["found_from_member"] is True
    assert body["line_of_business"]["code"] == lists.nc.code
    assert body["lines"][0]["outcome"] == "vendor"
    assert AccessEvent.objects.filter(action=AccessAction.ELIGIBILITY_INQUIRY, member_id=m.pk, channel="api").exists()


def test_a_member_not_found_is_404_in_the_eligibility_words(
    world: World, lists: ListsWorld, client: Client, token_a: str
) -> None:
    response = post(
        client,
        token_a,
        {"member_id": world.member_b.member_number, "birth_date": "1901-02-03", "lines": [{"code": "70551"}]},
    )

    assert response.status_code == 404
    assert response.json()["message"] == str(NOT_FOUND_MESSAGE)


def test_a_token_without_either_role_is_refused(world: World, lists: ListsWorld, client: Client) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.CLAIMS.value])
    _token, raw = api_token_create(user=membership.user, organization_id=world.org_a.pk, name="Billing")

    response = post(client, raw, {"line_of_business": lists.nc.code, "lines": [{"code": "99213"}]})

    assert response.status_code == 403


def test_looking_a_member_up_needs_the_eligibility_role(world: World, lists: ListsWorld, client: Client) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.AUTHORIZATIONS.value])
    _token, raw = api_token_create(user=membership.user, organization_id=world.org_a.pk, name="Auth desk")
    m = world.member_a

    by_member = post(
        client, raw, {"member_id": m.member_number, "birth_date": m.birth_date.isoformat(), "lines": [{"code": "1"}]}
    )
    by_lob = post(client, raw, {"line_of_business": lists.nc.code, "lines": [{"code": "99213"}]})

    assert by_member.status_code == 403
    assert by_lob.status_code == 200
    assert not AccessEvent.objects.exists()


def test_the_operation_is_in_the_openapi_schema(client: Client) -> None:
    from portico.api import api

    schema = api.get_openapi_schema()

    assert "/api/v1/prior-auth/requirements" in schema["paths"]
