"""The roster journey in a real browser: htmx swaps, messages next to fields, keyboard, print, download."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_desk_opens_the_roster_of_their_clinic(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.get_by_role("link", name="PCP rosters").first.click()
    page.get_by_label("Service location").select_option(str(world.location_a.pk))
    page.get_by_role("button", name="Show roster").click()

    results = page.locator("#roster-results")
    results.get_by_role("table").wait_for()
    assert world.member_a.last_name in results.inner_text()
    assert world.member_b.last_name not in results.inner_text()
    assert f"location_id={world.location_a.pk}" in page.url
    assert "Showing 1 to 1 of 1 member" in page.locator("#roster-status").inner_text()
    assert results.get_by_role("link", name="Download CSV").is_visible()
    assert page.evaluate("document.activeElement.id") == "roster-submit"  # focus survives the swap
    assert axe_violations(page) == []


def test_a_bad_date_is_named_next_to_the_field_without_reloading(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/rosters/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Service location").select_option(str(world.location_a.pk))
    page.get_by_label("As of").fill("2001-01-01")
    page.get_by_role("button", name="Show roster").click()

    page.locator("#roster-as-of-error").wait_for()
    assert "The as-of date must be between" in page.locator("#roster-as-of-error").inner_text()
    assert page.get_by_label("As of").get_attribute("aria-invalid") == "true"
    assert page.evaluate("window.__sameDocument") is True
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []


def test_the_roster_works_without_javascript(world: World, browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_js = context.new_page()
    try:
        sign_in(no_js, world.user_a.username, PASSWORD)
        no_js.goto("/rosters/")
        no_js.get_by_label("Service location").select_option(str(world.location_a.pk))
        no_js.get_by_role("button", name="Show roster").click()
        no_js.wait_for_url("**/rosters/?*")
        assert world.member_a.last_name in no_js.locator("#roster-results").inner_text()
    finally:
        context.close()


def test_keyboard_alone_chooses_a_location_and_shows_the_roster(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/rosters/")
    page.get_by_label("Service location").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # practitioner
    page.keyboard.press("Tab")  # as of
    assert page.evaluate("document.activeElement.id") == "roster-as-of"
    page.keyboard.press("Enter")

    page.locator("#roster-results").get_by_role("table").wait_for()
    assert world.member_a.last_name in page.locator("#roster-results").inner_text()


def test_printing_shows_the_roster_and_hides_the_form(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto(f"/rosters/?location_id={world.location_a.pk}")
    page.emulate_media(media="print")

    assert page.locator("#roster-results table").is_visible()
    assert not page.locator("#roster-form").is_visible()
    assert not page.get_by_role("link", name="Download PDF").is_visible()


def test_the_csv_downloads(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto(f"/rosters/?location_id={world.location_a.pk}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()

    assert download.value.suggested_filename.startswith("roster-alder-street-clinic-")
