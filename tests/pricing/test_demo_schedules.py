"""The demo's contracted schedules: a flat standard schedule for every contracted provider, published with the
world; and, once the Medicare files are loaded, Thimbleberry's own MPFS-derived schedule, which wins for it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portico.pricing.demo import CONTRACTED_DEMO_ORGANIZATION, STANDARD_NAME, fee_schedules_demo_load
from portico.pricing.models import NetworkStatus
from portico.pricing.pricer import Outcome, PriceResult, price_line
from portico.providers.models import OrganizationKind
from tests import factories
from tests.pricing.support import d, mpfs_load

pytestmark = pytest.mark.django_db


def price(organization_id: int, code: str) -> PriceResult:
    return price_line(
        line_of_business_id=None, network_status=NetworkStatus.IN, provider_kind=OrganizationKind.PRIMARY_CARE,
        organization_id=organization_id, code=code, modifiers=[], units=1, charge=Decimal("500.00"),
        date_of_service=d(2025, 6, 1), place_of_service="11",
    )  # fmt: skip


def test_without_the_medicare_files_every_contracted_provider_is_priced_on_the_standard_schedule():
    thimbleberry = factories.OrganizationFactory(legal_name=CONTRACTED_DEMO_ORGANIZATION)
    said = fee_schedules_demo_load()
    assert any(STANDARD_NAME in line for line in said)
    assert any("needs the demo world and `portico pricing mpfs DIR`" in line for line in said)
    result = price(thimbleberry.pk, "99213")
    assert result.outcome == Outcome.PRICED
    assert result.allowed == Decimal("91.20")
    assert result.rate is not None
    assert result.rate.schedule_name == STANDARD_NAME
    assert price(thimbleberry.pk, "G2211").outcome == Outcome.NO_RATE  # the add-on the demo's examiner prices


def test_with_the_medicare_files_thimbleberrys_derived_schedule_wins_for_it_alone():
    thimbleberry = factories.OrganizationFactory(legal_name=CONTRACTED_DEMO_ORGANIZATION)
    other = factories.OrganizationFactory()
    mpfs_load("99213", "85025")
    fee_schedules_demo_load()
    derived = price(thimbleberry.pk, "99213")
    assert derived.rate is not None
    assert derived.rate.derivation is not None
    assert derived.rate.schedule_slug == "thimbleberry-contracted"
    lab = price(thimbleberry.pk, "85025")  # clinical lab: listed at the flat rate on the derived schedule
    assert lab.rate is not None
    assert lab.rate.derivation is None
    assert (lab.rate.schedule_slug, lab.allowed) == ("thimbleberry-contracted", Decimal("7.77"))
    assert price(other.pk, "99213").allowed == Decimal("91.20")  # everyone else: the standard schedule
