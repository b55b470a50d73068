"""A content editor publishes a new version of the Non-contracted Behavioral Health Fee Schedule with an update
and an alert; a provider sees the alert on every page, follows it to the update and downloads the document;
a visitor signs up for updates. axe-core finds nothing serious on any of these pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from portico.accounts.models import StaffRole
from portico.content.alert_services import AlertInput, alert_create
from portico.content.alerts import AlertLevel
from portico.content.updates import UpdateSubscription
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% synthetic fee schedule for the test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ANNOUNCEMENT = "Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025."


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def check(page: Any, failures: dict[str, Any]) -> None:
    violations = axe_violations(page)
    if violations:
        failures[page.url] = violations


def test_an_editor_publishes_a_fee_schedule_update_with_an_alert_that_providers_see(
    world: World, page: Any, tmp_path: Path
) -> None:
    failures: dict[str, Any] = {}
    UpdateSubscription.objects.create(
        email="bh@clinic.example", topics=["behavioral_health"], confirmed_at=timezone.now()
    )
    editor = factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value])
    upload = tmp_path / "bh-noncontracted-2025.pdf"
    upload.write_bytes(PDF)

    sign_in(page, editor.username, PASSWORD)
    page.get_by_role("link", name="Publish content").first.click()
    page.wait_for_url("**/publish/")
    check(page, failures)
    page.get_by_role("link", name="New document").first.click()
    page.wait_for_url("**/publish/documents/new/")
    check(page, failures)
    page.get_by_role("button", name="Upload as a draft").click()  # nothing filled in: every field is named
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    check(page, failures)
    page.get_by_label("Title").fill("Non-contracted Behavioral Health Fee Schedule")
    page.get_by_label("Kind").select_option("fee_schedule")
    page.get_by_label("Area").select_option("behavioral_health")
    page.get_by_label("Effective date").fill("2025-06-01")
    page.get_by_label("What changed (optional)").fill("Rates raised 3%")
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Upload as a draft").click()
    page.wait_for_url("**/publish/documents/versions/*/")
    assert ANNOUNCEMENT in page.locator("main").inner_text()
    check(page, failures)
    page.get_by_label("Post a provider update").check()
    page.get_by_label("Update category").select_option("behavioral_health")
    page.get_by_label("Raise an alert").check()
    page.get_by_label("Alert level").select_option("important")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url("**/documents/non-contracted-behavioral-health-fee-schedule/")
    assert "Version 1 is published." in page.locator(".messages").inner_text()
    check(page, failures)
    assert [m.to for m in mail.outbox] == [["bh@clinic.example"]]
    page.goto("/publish/alerts/")
    check(page, failures)
    page.goto("/publish/updates/")
    check(page, failures)
    page.goto("/publish/documents/")
    check(page, failures)
    page.goto("/publish/alerts/new/")
    check(page, failures)
    page.context.clear_cookies()

    # A provider sees the alert on every page, reads the update, downloads the schedule.
    alert_create(
        data=AlertInput(level=AlertLevel.INFORMATIONAL, title="Secure messaging is here.", audience="everyone",
                        line_of_business_id=None, provider_kind="", starts_at=timezone.now() - dt.timedelta(minutes=1),
                        ends_at=None),
        user=None,
    )  # fmt: skip
    sign_in(page, world.user_a.username, PASSWORD)
    banner = page.locator(".site-alerts")
    assert ANNOUNCEMENT in banner.inner_text()
    check(page, failures)
    page.get_by_role("button", name=re.compile(r"^Dismiss\W+Secure messaging is here")).click()
    page.wait_for_function("() => !document.body.innerText.includes('Secure messaging is here.')")
    page.goto("/eligibility/")
    assert ANNOUNCEMENT in page.locator(".site-alerts").inner_text()
    assert "Secure messaging is here." not in page.locator("body").inner_text()
    page.locator(".site-alerts").get_by_role("link", name=re.compile("Read more")).click()
    page.wait_for_url("**/updates/provider-document-update-*/")
    check(page, failures)
    page.get_by_role("link", name="Alerts & updates").first.click()
    page.wait_for_url("**/updates/")
    check(page, failures)
    page.get_by_label("Category").select_option("behavioral_health")
    page.get_by_role("button", name="Search").click()
    assert "Non-contracted Behavioral Health Fee Schedule" in page.locator("main").inner_text()
    page.get_by_role("link", name="Documents").first.click()
    page.wait_for_url("**/documents/")
    check(page, failures)
    page.get_by_role("link", name="Non-contracted Behavioral Health Fee Schedule", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download PDF")).click()
    assert Path(download.value.path()).read_bytes() == PDF
    page.context.clear_cookies()

    # A visitor: the public pages, and signing up for updates.
    page.goto("/updates/")
    assert ANNOUNCEMENT in page.locator(".site-alerts").inner_text()
    check(page, failures)
    page.get_by_role("link", name="Sign up for updates by email").click()
    check(page, failures)
    page.get_by_label("Email address").fill("front@clinic.example")
    page.get_by_label("Claims & billing").check()
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check(page, failures)
    link = re.search(r"http://[^/]+(/updates/subscribe/confirm/\S+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    page.goto(link)
    check(page, failures)
    page.get_by_role("button", name="Confirm my sign-up").click()
    page.get_by_role("heading", name="You are signed up").wait_for()
    assert UpdateSubscription.objects.filter(email="front@clinic.example", topics=["claims_billing"]).exists()
    page.goto("/documents/")
    check(page, failures)
    assert failures == {}
