"""A coordinator submits a plan line and a Summit line; the plan's UM nurse approves the plan line, Summit's
reviewer denies the vendor line with a reason; the coordinator is notified of both, sees both decisions and
downloads the letter.
axe-core finds nothing serious on the reviewer pages."""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader

from portico.accounts.models import StaffRole
from portico.authorizations.models import VendorReviewer
from portico.authorizations.services import authorization_submit
from tests import factories
from tests.authorizations.review_support import TWO_LINES
from tests.authorizations.support import AuthWorld, auth_world_build
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def auth(world: World) -> AuthWorld:
    return auth_world_build(world)


def sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_reviewers_decide_and_the_provider_reads_the_letters(auth: AuthWorld, page: Any) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=TWO_LINES)).request
    nurse = factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value])
    summit = factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value])
    VendorReviewer.objects.create(user=summit, vendor=auth.lists.summit)

    sign_in(page, nurse.username, PASSWORD)
    page.get_by_role("link", name="Review queue").first.click()
    page.wait_for_url("**/authorizations/review/")
    assert axe_violations(page) == []
    queue = page.locator("table.data").inner_text()
    assert "27447" in queue
    assert "70551" not in queue
    page.get_by_role("link", name=row.number).click()
    page.wait_for_url(f"**/authorizations/review/{row.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Assign to me").click()
    page.get_by_text("is assigned to you").wait_for()
    page.get_by_label("Denied").check()
    page.get_by_role("button", name="Record the decision on line 1").click()
    page.locator("#error-summary").wait_for()  # a denial without a reason is refused, next to its fields
    assert page.locator(f"#id_line-{row.lines.get(number=1).pk}-reason").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    page.get_by_label("Approved", exact=True).check()
    page.get_by_role("button", name="Record the decision on line 1").click()
    page.get_by_text("Line 1: Approved.").wait_for()
    assert axe_violations(page) == []
    sign_out(page)

    sign_in(page, summit.username, PASSWORD)
    page.goto("/authorizations/review/")
    queue = page.locator("table.data").inner_text()
    assert "70551" in queue
    assert "27447" not in queue
    page.get_by_role("link", name=row.number).click()
    page.get_by_label("Denied").check()
    page.get_by_label("Reason", exact=True).fill("The brain MRI needs a neurological exam documented first.")
    page.get_by_label("Criteria or policy cited").fill("Summit imaging guideline NR-2, section 1")
    page.get_by_role("button", name="Record the decision on line 2").click()
    page.get_by_text("Line 2: Denied.").wait_for()
    assert axe_violations(page) == []
    sign_out(page)

    sign_in(page, auth.world.user_a.username, PASSWORD)
    bell = page.locator("a.notifications-link")
    assert bell.inner_text().split() == ["Notifications", "2", "unread"]  # one decision per line
    bell.click()
    page.wait_for_url("**/notifications/")
    assert axe_violations(page) == []
    notices = page.locator("table.data tbody").inner_text()
    assert f"{row.number}, line 1: decided" in notices
    assert f"{row.number}, line 2: decided" in notices
    page.get_by_role("link", name=f"{row.number}, line 2: decided. The determination letter is ready.").click()
    page.wait_for_url(f"**/authorizations/{row.pk}/")
    assert page.locator("a.notifications-link").inner_text().split() == ["Notifications", "1", "unread"]
    table = page.locator("table.data").first.inner_text()
    assert "Approved" in table
    assert "Denied" in table
    assert "neurological exam" in table
    assert page.get_by_text("Decided", exact=True).count() >= 1
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Line 2: Denied (PDF)").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Denied" in text
    assert "neurological exam" in text
    assert "Summit Specialty Review" in text
