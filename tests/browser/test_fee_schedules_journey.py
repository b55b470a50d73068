"""A visitor browses the public fee schedule, searches it and looks up a rate (a bad code named first); a
contracted clinic's biller looks up a Medicare-derived rate and sees how it was computed. axe-core finds nothing
serious on any of the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from portico.accounts.models import ProviderRole
from portico.pricing.demo import fee_schedules_demo_load
from portico.pricing.models import NetworkStatus, PricingMethod
from portico.pricing.pricer import pricing_cache_clear
from portico.pricing.services import fee_schedule_version_create, fee_schedule_version_publish
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD
from tests.pricing.support import d, mpfs_load, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, failures: dict[str, Any]) -> None:
    violations = axe_violations(page)
    if violations:
        failures[page.url] = violations


def test_a_visitor_and_a_contracted_biller_find_their_rates(page: Any) -> None:
    pricing_cache_clear()
    fee_schedules_demo_load()
    release = mpfs_load("90834", "71046")
    membership = factories.MembershipFactory(roles=[ProviderRole.CLAIMS.value])
    contract = schedule(
        "clinic-contract", name="Clinic contracted schedule", network_status=NetworkStatus.IN,
        organization=membership.organization, method=PricingMethod.MPFS, locality_mac="02302", locality="01",
    )  # fmt: skip
    version = fee_schedule_version_create(
        schedule=contract, effective_start=d(2025, 1, 1), mpfs_release=release, gpci_year=2025,
        percentage=Decimal("110"),
    )  # fmt: skip
    fee_schedule_version_publish(version=version)
    failures: dict[str, Any] = {}

    page.goto("/fee-schedules/")
    assert page.get_by_role("link", name="Non-contracted Behavioral Health Fee Schedule").is_visible()
    assert page.get_by_text("Clinic contracted schedule").count() == 0
    check(page, failures)
    page.get_by_role("link", name="Non-contracted Behavioral Health Fee Schedule").click()
    page.get_by_label("Date of service").fill("2025-06-01")
    page.get_by_label("Code or words").fill("psychotherapy")
    page.get_by_role("button", name="Show rates").click()
    assert page.get_by_role("row", name="90834").get_by_text("$93.47").is_visible()
    check(page, failures)
    page.get_by_role("link", name="Look up a code's rate").click()
    page.get_by_label("Code", exact=True).fill("9083")
    page.get_by_role("button", name="Look up").click()
    assert page.get_by_role("alert").get_by_text("Enter a 5-character CPT or HCPCS code").is_visible()
    check(page, failures)
    page.get_by_label("Code", exact=True).fill("H0004")
    page.get_by_label("Date of service").fill("2025-06-01")
    page.get_by_role("button", name="Look up").click()
    assert page.get_by_text("$22.45 per unit").is_visible()
    check(page, failures)

    sign_in(page, membership.user.username, PASSWORD)
    page.goto("/fee-schedules/")
    page.get_by_role("link", name="Clinic contracted schedule").click()
    page.get_by_label("Date of service").fill("2025-06-01")
    page.get_by_role("button", name="Show rates").click()
    check(page, failures)
    page.get_by_role("link", name="Look up a code's rate").click()
    page.get_by_label("Code", exact=True).fill("90834")
    page.get_by_label("Date of service").fill("2025-06-01")
    page.get_by_label("Place of service (optional)").fill("22")
    page.get_by_role("button", name="Look up").click()
    assert page.get_by_text("$101.70 per unit").is_visible()
    assert page.get_by_role("row", name="Practice expense (facility)").is_visible()
    check(page, failures)
    assert failures == {}
