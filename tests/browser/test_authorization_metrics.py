"""The public prior-authorization metrics, read by someone who is not signed in, and the reviewers' dashboard:
both render in a real browser and axe-core finds nothing serious on them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from portico.accounts.models import StaffRole
from portico.authorizations.models import DecisionOutcome
from portico.authorizations.review_services import authorization_line_decide
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


def test_anyone_reads_the_metrics_and_a_reviewer_reads_the_dashboard(auth: AuthWorld, page: Any) -> None:
    nurse = factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value])
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=TWO_LINES)).request
    authorization_line_decide(
        actor=auth.world.actor(nurse), line_id=row.lines.get(number=1).pk, outcome=DecisionOutcome.APPROVED
    )
    authorization_submit(actor=auth.actor(), data=auth.payload(), acknowledge_duplicates=True)

    page.goto("/")
    page.get_by_role("link", name="Prior-authorization metrics (CMS-0057-F)").click()
    page.wait_for_url("**/prior-authorization/metrics/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Prior-authorization metrics")
    assert axe_violations(page) == []
    year = page.locator("#id_year option").first.get_attribute("value")
    page.get_by_label("Year of receipt").select_option(year)
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_url(f"**/prior-authorization/metrics/?year={year}*")
    assert axe_violations(page) == []
    figures = page.locator("table.data").first.inner_text()
    assert "Requests received" in figures
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["Standard", "Expedited", "All requests"]
    page.emulate_media(media="print")
    assert not page.locator("form.no-print").is_visible()
    page.emulate_media(media="screen")

    sign_in(page, nurse.username, PASSWORD)
    page.get_by_role("link", name="Prior-auth dashboard").first.click()
    page.wait_for_url("**/authorizations/review/dashboard/")
    assert page.locator('svg[role="img"]').count() == 4
    assert axe_violations(page) == []
    page.get_by_text("The numbers: Lines received and decided").click()
    assert page.locator("details[open] table").count() == 1
    page.get_by_label("Group by").select_option("month")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/dashboard/?by=month")
    assert axe_violations(page) == []
