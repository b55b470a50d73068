"""A coordinator starts a prior-authorization request from the requirement check, attaches a PDF, submits, and
sees each line routed with its due time; axe-core finds nothing serious on the new pages."""

from __future__ import annotations

from typing import Any

import pytest

from portico.authorizations.models import AuthorizationRequest
from tests.authorizations.support import PDF, AuthWorld, auth_world_build
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def auth(world: World) -> AuthWorld:
    return auth_world_build(world)


def test_a_coordinator_requests_a_plan_line_and_a_vendor_line_with_a_pdf(
    auth: AuthWorld, page: Any, tmp_path: Any
) -> None:
    world = auth.world
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/prior-auth/")
    page.get_by_label("Line of business").select_option(auth.lists.nc.code)
    page.get_by_label("Date of service").fill("2026-06-01")
    codes = page.get_by_label("Procedure code", exact=True)
    codes.nth(0).fill("70551")
    codes.nth(1).fill("27447")
    page.get_by_role("button", name="Check requirements").click()
    page.locator("#answer table").wait_for()
    page.get_by_role("link", name="Start a prior-authorization request with these lines").click()
    page.wait_for_url("**/authorizations/new/**")
    assert axe_violations(page) == []
    assert page.locator("#id_lines-0-code").input_value() == "70551"
    assert page.locator("#id_lines-1-code").input_value() == "27447"

    page.get_by_label("Member ID").fill(world.member_a.member_number)
    page.get_by_label("Date of birth").fill(world.member_a.birth_date.isoformat())
    page.get_by_label("Requesting practitioner").select_option(auth.npi_a)
    page.get_by_label("Diagnosis 1").fill("M17.11")
    page.locator("#id_lines-1-units").fill("none")
    pdf = tmp_path / "clinical-notes.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Attachments").set_input_files(str(pdf))
    page.get_by_role("button", name="Submit the request").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_lines-1-units").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    assert AuthorizationRequest.objects.count() == 0

    page.locator("#id_lines-1-units").fill("1")
    page.get_by_label("Attachments").set_input_files(str(pdf))  # files are chosen again after errors
    page.get_by_role("button", name="Submit the request").click()
    page.wait_for_url("**/authorizations/*/")
    row = AuthorizationRequest.objects.get()
    assert row.number in page.get_by_role("heading", level=1).inner_text()
    table = page.locator("table.data").first.inner_text()
    assert "Summit Specialty Review" in table
    assert "Cascadia Health" in table
    assert table.count("In review") == 2
    assert page.locator("table.data time").count() == 2  # each routed line's due time
    assert "clinical-notes.pdf" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="clinical-notes.pdf").click()
    assert download.value.suggested_filename == "clinical-notes.pdf"

    page.goto("/authorizations/")
    assert row.number in page.locator("table.data").inner_text()
    assert axe_violations(page) == []


def test_a_draft_and_the_not_required_confirmation_pass_axe(auth: AuthWorld, page: Any) -> None:
    from portico.authorizations.services import authorization_draft_save, authorization_submit

    draft = authorization_draft_save(actor=auth.actor(), data={"member_id": auth.world.member_a.member_number})
    lines = [{"code": "99213", "start": "2026-06-01"}]
    done = authorization_submit(actor=auth.actor(), data=auth.payload(lines=lines)).request
    sign_in(page, auth.world.user_a.username, PASSWORD)
    failures = {}
    for url in (
        f"/authorizations/{draft.pk}/edit/",
        f"/authorizations/{done.pk}/",
        f"/authorizations/{done.pk}/not-required/",
        "/authorizations/987654/",
    ):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
