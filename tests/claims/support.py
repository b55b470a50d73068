"""Fixtures of the claims tests: clinics A and B (tests/conftest.py) with the Claims role, the code sets a claim
is checked against (written straight in: ICD-10-CM, CPT, HCPCS, revenue, modifiers, places of service), and a
complete professional and institutional claim for member A."""

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
from tests.conftest import World

DAY = dt.date(2026, 6, 1)
CODES = [
    # system, code, display, billable, terminated
    ("icd10cm", "J029", "J02.9", True, None),
    ("icd10cm", "J02", "J02", False, None),
    ("icd10cm", "E119", "E11.9", True, None),
    ("icd10cm", "M1711", "M17.11", True, None),
    ("cpt", "99213", "99213", True, None),
    ("cpt", "99214", "99214", True, None),
    ("cpt", "87880", "87880", True, None),
    ("cpt", "99201", "99201", True, dt.date(2020, 12, 31)),
    ("hcpcs", "J1100", "J1100", True, None),
    ("revenue", "0450", "0450", True, None),
    ("revenue", "0300", "0300", True, None),
    ("modifier", "25", "25", True, None),
    ("modifier", "59", "59", True, None),
    ("modifier", "RT", "RT", True, None),
    ("pos", "11", "11", True, None),
    ("pos", "22", "22", True, None),
    ("pos", "23", "23", True, None),
]


@dataclass
class ClaimsWorld:
    world: World
    npi_a: str
    npi_b: str

    def actor(self, org: str = "a", channel: Channel = Channel.WEB) -> Actor:
        user = self.world.user_a if org == "a" else self.world.user_b
        return self.world.actor(user, channel)

    def professional(self, **changes: Any) -> dict[str, Any]:
        """A complete professional claim for member A: an office visit and a strep test on 2026-06-01."""
        member = self.world.member_a
        data: dict[str, Any] = {
            "kind": "professional",
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "patient_account_number": "ACCT-1001",
            "rendering_npi": self.npi_a,
            "diagnoses": ["J02.9", "E11.9"],
            "lines": [
                {
                    "service_from": "2026-06-01",
                    "place_of_service": "11",
                    "code": "99213",
                    "modifiers": ["25"],
                    "units": "1",
                    "charge": "125.00",
                    "diagnosis_pointers": [1, 2],
                },
                {
                    "service_from": "2026-06-01",
                    "place_of_service": "11",
                    "code": "87880",
                    "units": "1",
                    "charge": "35.00",
                    "diagnosis_pointers": [1],
                },
            ],
        }
        data.update(changes)
        return data

    def institutional(self, **changes: Any) -> dict[str, Any]:
        """A complete outpatient hospital claim (type of bill 0131) for member A."""
        member = self.world.member_a
        data: dict[str, Any] = {
            "kind": "institutional",
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "patient_account_number": "H-77001",
            "type_of_bill": "0131",
            "admission_type": "1",
            "admission_source": "7",
            "discharge_status": "01",
            "occurrence_codes": [{"code": "11", "date": "2026-05-31"}],
            "value_codes": [{"code": "80", "amount": "1"}],
            "condition_codes": ["07"],
            "diagnoses": ["J02.9"],
            "lines": [
                {"service_from": "2026-06-01", "revenue_code": "0450", "code": "99214", "units": "1", "charge": "900"},
                {"service_from": "2026-06-01", "revenue_code": "0300", "units": "2", "charge": "80.50"},
            ],
        }
        data.update(changes)
        return data


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.fixture
def claims(world: World) -> ClaimsWorld:
    return claims_world_build(world)


def claims_world_build(world: World) -> ClaimsWorld:
    for membership in Membership.objects.filter(organization__in=[world.org_a, world.org_b]):
        membership.roles = [ProviderRole.ELIGIBILITY.value, ProviderRole.CLAIMS.value]
        membership.save()
    Code.objects.bulk_create(
        Code(system=system, code=code, display=display, short_description=display, billable=billable, terminated=end)
        for system, code, display, billable, end in CODES
    )
    npi_a = Practitioner.objects.filter(affiliations__location=world.location_a).values_list("npi", flat=True).get()
    npi_b = Practitioner.objects.filter(affiliations__location=world.location_b).values_list("npi", flat=True).get()
    return ClaimsWorld(world=world, npi_a=npi_a, npi_b=npi_b)


@pytest.fixture
def token_a(claims: ClaimsWorld) -> str:
    _token, raw = api_token_create(user=claims.world.user_a, organization_id=claims.world.org_a.pk, name="PM")
    return raw


@pytest.fixture
def token_b(claims: ClaimsWorld) -> str:
    _token, raw = api_token_create(user=claims.world.user_b, organization_id=claims.world.org_b.pk, name="PM")
    return raw


def api(client: Client, token: str, method: str, path: str, payload: Any = None, **headers: str) -> Any:
    call = getattr(client, method)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
    if method == "post":
        return call(path, payload, content_type="application/json", **kwargs)
    return call(path, payload or {}, **kwargs)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
