"""The requirement check in a real browser, by keyboard only; axe-core on every code-list page."""

from __future__ import annotations

from typing import Any

import pytest

from portico.codes.models import CodeListVersion
from tests.browser.support import axe_violations, sign_in
from tests.codes.lists_support import ListsWorld, lists_world_build
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lists(world: World) -> ListsWorld:
    return lists_world_build(nc=world.member_a.coverages.get().line_of_business)


def active_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id"))


def tab_to(page: Any, element_id: str, most: int = 6) -> None:
    """Tab forward until the field has focus (a date field's parts and the member summary sit on the way)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}; focus is on #{active_id(page)}")


def test_a_coordinator_checks_service_lines_by_keyboard(world: World, lists: ListsWorld, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/prior-auth/")
    assert axe_violations(page) == []
    page.get_by_label("Line of business").focus()
    page.keyboard.type("North")
    page.keyboard.press("Tab")
    assert active_id(page) == "id_date_of_service"
    page.keyboard.type("05012026")
    tab_to(page, "id_lines-0-code")  # past the member lookup, folded away
    page.keyboard.type("70551")
    page.keyboard.press("Tab")
    page.keyboard.type("26")
    page.keyboard.press("Tab")
    page.keyboard.type("22")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active_id(page) == "id_lines-1-code"
    page.keyboard.type("99213")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("27447")
    page.keyboard.press("Enter")
    answer = page.locator("#answer table")
    answer.wait_for()
    text = answer.inner_text()
    assert "Send to Summit Specialty Review" in text
    assert "Diagnostic imaging" in text
    assert "No authorization needed" in text
    assert "Send to Cascadia Health" in text
    assert axe_violations(page) == []
    page.get_by_role("link", name="Printable confirmation").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/prior-auth/print/**")
    assert "North Coast CCO" in page.get_by_role("heading", level=1).inner_text()
    assert axe_violations(page) == []


def test_the_day_before_the_cutover_and_a_bad_line_are_answered_in_place(
    world: World, lists: ListsWorld, page: Any
) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/prior-auth/")
    page.get_by_label("Line of business").select_option(lists.nc.code)
    page.get_by_label("Date of service").fill("2026-04-30")
    codes = page.get_by_label("Procedure code", exact=True)
    codes.nth(0).fill("73721")
    page.get_by_label("Units").nth(0).fill("none")
    page.get_by_role("button", name="Check requirements").click()
    page.get_by_text("Units are a whole number").first.wait_for()
    assert page.locator("#id_lines-0-units").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    page.locator("#id_lines-0-units").fill("1")
    page.get_by_role("button", name="Check requirements").click()
    page.locator("#answer table").wait_for()
    assert "reviews only dates of service from" in page.locator("#answer").inner_text()


def test_more_lines_are_added_without_script_of_our_own_and_focus_moves_to_the_first(
    world: World, lists: ListsWorld, page: Any
) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/prior-auth/")
    page.get_by_role("button", name="Add five more lines").focus()
    page.keyboard.press("Enter")
    page.locator("#id_lines-9-code").wait_for()
    assert active_id(page) == "id_lines-5-code"


def test_no_serious_accessibility_violation_on_the_list_pages(world: World, lists: ListsWorld, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    failures = {}
    for url in (
        f"/prior-auth/lists/?line_of_business={lists.nc.code}",
        f"/prior-auth/lists/?line_of_business={lists.nc.code}&date=2026-04-30&q=mri",
        "/prior-auth/lists/?date=2026-02-30",
    ):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


def test_no_serious_accessibility_violation_on_the_staff_pages(world: World, lists: ListsWorld, page: Any) -> None:
    sign_in(page, lists.editor.username, PASSWORD)
    version = CodeListVersion.objects.filter(code_list__line_of_business=lists.nc).first()
    assert version is not None
    failures = {}
    for url in (
        "/prior-auth/manage/",
        "/prior-auth/manage/upload/",
        f"/prior-auth/manage/lists/{version.code_list_id}/",
        f"/prior-auth/manage/versions/{version.pk}/",
    ):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    page.goto("/prior-auth/manage/upload/")
    page.get_by_role("button", name="Upload as a draft").click()
    page.locator("#error-summary").wait_for()
    violations = axe_violations(page)
    if violations:
        failures["upload with errors"] = violations
    assert failures == {}


def test_staff_upload_check_and_publish_a_version_by_keyboard(
    world: World, lists: ListsWorld, page: Any, tmp_path: Any
) -> None:
    sign_in(page, lists.editor.username, PASSWORD)
    page.goto("/prior-auth/manage/upload/")
    page.get_by_label("List", exact=True).select_option(f"{lists.dsnp.code}:summit")
    page.get_by_label("Effective date").fill("2027-01-01")
    file = tmp_path / "dsnp-summit.csv"
    file.write_text("code,system,category,note\n73721,cpt,Diagnostic imaging,\n70553,cpt,Diagnostic imaging,\n")
    page.get_by_label("CSV file").set_input_files(str(file))
    page.get_by_role("button", name="Upload as a draft").click()
    page.get_by_text("1 code added").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Tick the box").first.wait_for()
    page.get_by_label("I checked the differences", exact=False).check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("is published").wait_for()
