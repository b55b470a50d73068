"""The idle-timeout warning in a real browser: it appears a little before the idle limit as an accessible
alert dialog with the focus on "Stay signed in"; staying (button or Escape) keeps the person signed in; when
the time runs out the page goes to the sign-in page saying why; activity in another tab holds the warning back.

Short limits come from the settings (the live server runs in this process). Where minutes must pass, the
browser's clock (Playwright's) and the server's (time-machine) are moved forward together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dialog(page: Any) -> Any:
    return page.get_by_role("alertdialog", name="Are you still there?")


def idle_seconds_left(page: Any) -> int:
    answer = page.request.get("/accounts/session/", headers={"X-Portico-Background": "1"})
    return int(answer.json()["idle_seconds_left"])


@pytest.fixture
def one_minute(settings: Any) -> None:
    settings.PORTICO_IDLE_TIMEOUT_MINUTES = 1
    settings.PORTICO_IDLE_WARNING_SECONDS = 55  # the warning opens about 5 seconds after the page


@pytest.fixture
def clocks(page: Any) -> Iterator[Any]:
    """Move both clocks with ``advance(seconds)``: the server's (time-machine) and the browser's."""
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=True) as traveller:
        page.clock.install()

        def advance(seconds: float) -> None:
            traveller.shift(seconds)
            page.clock.run_for(int(seconds * 1000))

        yield advance


@pytest.mark.usefixtures("one_minute")
def test_the_warning_appears_and_staying_keeps_the_person_signed_in(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/eligibility/")
    warning = dialog(page)
    expect(warning).to_be_visible(timeout=15000)
    assert "signed out after 1 minute without activity" in warning.inner_text()
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert axe_violations(page) == []
    page.keyboard.press("Tab")  # the focus stays in the dialog
    expect(warning.get_by_role("button", name="Sign out")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # "Stay signed in", from the keyboard
    expect(warning).to_be_hidden()
    assert idle_seconds_left(page) > 55  # back to the full minute: the warning shows from 55 seconds left
    # It comes back as the limit nears again; Escape also means "stay".
    expect(warning).to_be_visible(timeout=15000)
    page.keyboard.press("Escape")
    expect(warning).to_be_hidden()
    assert idle_seconds_left(page) > 55  # back to the full minute: the warning shows from 55 seconds left
    page.reload()
    assert page.get_by_role("heading", level=1).inner_text() == "Eligibility & benefits"


@pytest.mark.usefixtures("one_minute")
def test_signing_out_from_the_warning(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    warning = dialog(page)
    expect(warning).to_be_visible(timeout=15000)
    warning.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    page.goto("/")
    page.wait_for_url("**/accounts/login/?next=/")


@pytest.mark.usefixtures("one_minute")
def test_when_the_time_runs_out_the_sign_in_page_says_why_and_returns_to_the_page(
    world: World, page: Any, clocks: Any
) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/codes/?q=knee")
    clocks(6)
    expect(dialog(page)).to_be_visible()
    clocks(60)
    page.wait_for_url("**/accounts/login/?next=%2Fcodes%2F%3Fq%3Dknee")
    expect(page.get_by_text("You were signed out after 1 minute without activity")).to_be_visible()
    assert axe_violations(page) == []


def test_activity_in_another_tab_holds_the_warning_back(world: World, page: Any, settings: Any, clocks: Any) -> None:
    settings.PORTICO_IDLE_TIMEOUT_MINUTES = 2
    settings.PORTICO_IDLE_WARNING_SECONDS = 60  # warn after a minute without activity
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/eligibility/")
    other = page.context.new_page()
    other.goto("/codes/")
    clocks(50)
    other.reload()  # the person works in the other tab
    clocks(15)  # this tab asks at its minute: the server says 110 seconds are left
    page.wait_for_timeout(1000)
    expect(dialog(page)).to_be_hidden()
    clocks(50)  # a minute after the other tab's last activity
    expect(dialog(page)).to_be_visible()
