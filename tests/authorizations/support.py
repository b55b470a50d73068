"""Fixtures and helpers of the prior-authorization tests: clinics A and B (tests/conftest.py) with the
Authorizations role, the code lists of tests/codes/lists_support.py on member A's line of business, and a few
ICD-10-CM codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole
from portico.accounts.services import api_token_create
from portico.codes.models import Code
from portico.common.access import Actor
from portico.common.models import Channel
from portico.providers.models import Practitioner
from tests.codes.lists_support import ListsWorld, lists_world_build
from tests.conftest import World

DIAGNOSES = [
    # code, display, billable
    ("M1711", "M17.11", True),
    ("M17", "M17", False),
    ("R079", "R07.9", True),
    ("G4733", "G47.33", True),
]


@dataclass
class AuthWorld:
    world: World
    lists: ListsWorld
    npi_a: str
    npi_b: str

    def actor(self, org: str = "a", channel: Channel = Channel.WEB) -> Actor:
        user = self.world.user_a if org == "a" else self.world.user_b
        return self.world.actor(user, channel)

    def payload(self, **changes: Any) -> dict[str, Any]:
        """A complete request for member A: a plan line (27447) on 2026-06-01."""
        member = self.world.member_a
        data: dict[str, Any] = {
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "setting": "outpatient",
            "urgency": "standard",
            "requesting_npi": self.npi_a,
            "diagnoses": ["M17.11"],
            "clinical_notes": "Pain for two years; therapy tried.",
            "lines": [{"code": "27447", "units": 1, "start": "2026-06-01", "place_of_service": "22"}],
        }
        data.update(changes)
        return data


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.fixture
def auth(world: World) -> AuthWorld:
    return auth_world_build(world)


def auth_world_build(world: World) -> AuthWorld:
    for membership in Membership.objects.filter(organization__in=[world.org_a, world.org_b]):
        membership.roles = [ProviderRole.ELIGIBILITY.value, ProviderRole.AUTHORIZATIONS.value]
        membership.save()
    lists = lists_world_build(nc=world.member_a.coverages.get().line_of_business)
    Code.objects.bulk_create(
        Code(system="icd10cm", code=code, display=display, short_description=display, billable=billable)
        for code, display, billable in DIAGNOSES
    )
    npi_a = Practitioner.objects.filter(affiliations__location=world.location_a).values_list("npi", flat=True).get()
    npi_b = Practitioner.objects.filter(affiliations__location=world.location_b).values_list("npi", flat=True).get()
    return AuthWorld(world=world, lists=lists, npi_a=npi_a, npi_b=npi_b)


@pytest.fixture
def token_a(auth: AuthWorld) -> str:
    _token, raw = api_token_create(user=auth.world.user_a, organization_id=auth.world.org_a.pk, name="PM system")
    return raw


@pytest.fixture
def token_b(auth: AuthWorld) -> str:
    _token, raw = api_token_create(user=auth.world.user_b, organization_id=auth.world.org_b.pk, name="PM system")
    return raw


def api(client: Client, token: str, method: str, path: str, payload: Any = None, **headers: str) -> Any:
    call = getattr(client, method)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
    if method == "post":
        return call(path, payload, content_type="application/json", **kwargs)
    return call(path, payload or {}, **kwargs)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DAY = dt.date(2026, 6, 1)
