"""Member resources: the catalog (as the migration seeds it), a D-SNP member beside the world's Medicaid ones, a
care coordinator, and a day inside the climate-device season."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import StaffRole, User
from portico.members.models import Member
from portico.members.resources.catalog import resource_catalog_ensure
from portico.members.resources.models import ResourceRequest
from portico.members.resources.services import resource_request_submit
from portico.plans.models import ProgramKind
from tests import factories
from tests.conftest import World

SUMMER_DAY = dt.date(2026, 7, 14)  # in the climate-device season (May 1 to October 31)
WINTER_DAY = dt.date(2026, 1, 14)
PACIFIC = ZoneInfo("America/Los_Angeles")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=PACIFIC)


@pytest.fixture(autouse=True)
def _in_summer() -> Iterator[None]:
    """Every test here runs on a summer day (tests of the season travel again)."""
    with time_machine.travel(at(SUMMER_DAY), tick=True):
        yield


@dataclass
class ResourceWorld:
    world: World
    dsnp_member: Member  # on clinic A's panel, covered by a D-SNP only
    coordinator: User

    def submit(self, program: str, values: dict[str, Any], member: Member | None = None, **kw: Any) -> ResourceRequest:
        return resource_request_submit(
            actor=self.world.actor(),
            program_key=program,
            member_reference=(member or self.world.member_a).member_number,
            values=values,
            today=kw.pop("today", None),
            **kw,
        )


@pytest.fixture
def rw(world: World) -> ResourceWorld:
    resource_catalog_ensure()  # seeded by the migration; back if a transactional test emptied it
    dsnp_plan = factories.BenefitPlanFactory(
        name="Advantage Dual HMO",
        line_of_business__name="Test Advantage Dual",
        line_of_business__program=ProgramKind.MEDICARE_ADVANTAGE,
        line_of_business__product="HMO D-SNP",
    )
    dsnp_member = factories.MemberFactory(dual_status="full")
    factories.CoverageFactory(member=dsnp_member, benefit_plan=dsnp_plan, start=dt.date(2020, 1, 1))
    practitioner = factories.PractitionerFactory()
    factories.PcpAssignmentFactory(
        member=dsnp_member, practitioner=practitioner, location=world.location_a, start=dt.date(2020, 1, 1)
    )
    coordinator = factories.UserFactory(
        username="carecoord", first_name="Imani", last_name="Brooks", staff_roles=[StaffRole.CARE_COORDINATOR.value]
    )
    return ResourceWorld(world=world, dsnp_member=dsnp_member, coordinator=coordinator)


@pytest.fixture
def coordinator_client(rw: ResourceWorld) -> Client:
    client = Client()
    client.force_login(rw.coordinator)
    return client


CLIMATE = {"condition_attestation": True, "device": "air_conditioner", "delivery_address": "on_file"}


def ride(day: dt.date = dt.date(2026, 7, 21)) -> dict[str, Any]:
    return {
        "appointment_date": day.isoformat(),
        "appointment_time": "10:30",
        "pickup_address": "100 Main St, Salem OR 97301",
        "destination": "Alder Street Clinic, 200 Alder St, Salem OR 97301",
        "mobility_needs": "wheelchair",
    }
