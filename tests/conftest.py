"""Shared fixtures: the three users of every access test (insider, teammate, outsider) and a covered member."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from portico.accounts.models import Membership, ProviderRole, User
from portico.codes.ncci import ncci_cache_clear
from portico.common.access import Actor
from portico.common.models import Channel
from portico.members.models import Member
from portico.pricing.pricer import pricing_cache_clear
from portico.providers.models import ProviderOrganization, ServiceLocation
from tests import factories

PASSWORD = "correct-horse-battery"

# A real browser for journeys: Playwright driving Debian's Chromium against Django's live server.
# `make test` installs Chromium when it can; without it the browser tests fail with a message — never skip.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = os.environ.get("PORTICO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make browser-deps` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _force_login_passes_the_gate(monkeypatch):  # type: ignore[no-untyped-def]
    """``Client.force_login`` stands for a complete sign-in: it also marks every sign-in gate step (two-step
    verification, terms) passed. Tests of the gate itself sign in through the real pages instead."""
    from portico.accounts.gate import gate_mark_all

    original = Client.force_login

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        original(self, user, backend)
        session = self.session
        gate_mark_all(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(scope="session", autouse=True)
def _private_files_in_a_temporary_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Uploaded attachments and documents (also those of the demo world that module fixtures build) go to a
    folder of the test session, never into the checkout's var/private."""
    from django.conf import settings as django_settings

    before = django_settings.VAR_DIR
    django_settings.VAR_DIR = tmp_path_factory.mktemp("var")
    yield
    django_settings.VAR_DIR = before


@pytest.fixture(autouse=True)
def _settings_for_tests(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests change reference data and read it back at once; tests/common/test_memo.py covers the cache.
    settings.PORTICO = {**settings.PORTICO, "REFERENCE_CACHE_SECONDS": 0}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    pricing_cache_clear()  # fee schedules are kept in memory per process; each test makes its own
    ncci_cache_clear()  # so are NCCI edits
    translation.activate("en")  # a request in Spanish leaves its language on the thread
    yield
    translation.deactivate()
    cache.clear()
    pricing_cache_clear()
    ncci_cache_clear()


# The day the claims, payments, authorization and message-about suites run on: their dates of service are fixed in
# 2026 and rules count from today (timely filing, 365 days for Medicaid; look-back windows), so on the real clock
# they would start failing in June 2027.
SUITE_TODAY = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)  # a Friday, 10:00 in the plan's time zone


@pytest.fixture
def suite_clock() -> Iterator[None]:
    """Run the test on a clock that starts at SUITE_TODAY and moves on from there."""
    with time_machine.travel(SUITE_TODAY, tick=True):
        yield


@pytest.fixture
def throttle_window() -> Iterator[None]:
    """Throttles count hits in fixed windows (of a minute, a quarter or an hour). A test that makes a limit's worth
    of hits and expects the next one refused fails if the clock crosses a window's edge in between; run it from the
    top of the current hour, with the clock still moving, so every window it uses has just begun."""
    now = time.time()
    with time_machine.travel(now - now % 3600 + 1, tick=True):
        yield


@dataclass
class World:
    """Two clinics (A and B), a member on A's PCP panel, one on B's, and a user in each clinic."""

    org_a: ProviderOrganization
    org_b: ProviderOrganization
    location_a: ServiceLocation
    location_b: ServiceLocation
    member_a: Member
    member_b: Member
    user_a: User
    user_b: User
    membership_a: Membership

    def actor(self, user: User | None = None, channel: Channel = Channel.WEB) -> Actor:
        user = user or self.user_a
        membership = Membership.objects.filter(user=user).first()
        return Actor(user=user, organization_id=membership.organization_id if membership else None, channel=channel)


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    benefit_plan = factories.BenefitPlanFactory(name="North Coast CCO Plan", line_of_business__name="North Coast CCO")
    factories.BenefitFactory(
        benefit_plan=benefit_plan,
        service_type="30",
        network="in",
        deductible_individual=Decimal("500.00"),
        oop_max_individual=Decimal("2000.00"),
    )
    factories.BenefitFactory(
        benefit_plan=benefit_plan,
        service_type="98",
        network="in",
        copay=Decimal("15.00"),
        notes="Office visits",
    )
    location_a = factories.LocationFactory(name="Alder Street Clinic")
    location_b = factories.LocationFactory(name="Birch Family Medicine")
    members = []
    for location in (location_a, location_b):
        member = factories.MemberFactory()
        factories.CoverageFactory(member=member, benefit_plan=benefit_plan, start=dt.date(2020, 1, 1))
        practitioner = factories.PractitionerFactory()
        factories.AffiliationFactory(practitioner=practitioner, location=location)
        factories.PcpAssignmentFactory(
            member=member, practitioner=practitioner, location=location, start=dt.date(2020, 1, 1)
        )
        members.append(member)
    membership_a = factories.MembershipFactory(
        organization=location_a.organization, roles=[ProviderRole.ELIGIBILITY.value]
    )
    membership_b = factories.MembershipFactory(
        organization=location_b.organization, roles=[ProviderRole.ELIGIBILITY.value]
    )
    return World(
        org_a=location_a.organization,
        org_b=location_b.organization,
        location_a=location_a,
        location_b=location_b,
        member_a=members[0],
        member_b=members[1],
        user_a=membership_a.user,
        user_b=membership_b.user,
        membership_a=membership_a,
    )


@pytest.fixture
def client_a(world: World) -> Client:
    client = Client()
    client.force_login(world.user_a)
    return client


@pytest.fixture
def client_b(world: World) -> Client:
    client = Client()
    client.force_login(world.user_b)
    return client
