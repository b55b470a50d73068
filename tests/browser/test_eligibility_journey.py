"""The front desk's journey in a real browser: sign in, check eligibility, see the PCP and benefits."""

import pytest

from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_desk_signs_in_checks_eligibility_and_sees_pcp_and_benefits(world, page):
    sign_in(page, world.user_a.username, PASSWORD)
    page.get_by_role("link", name="Eligibility & benefits").first.click()
    m = world.member_b
    page.get_by_label("Member ID").fill(m.member_number)
    page.get_by_label("Date of birth").fill(m.birth_date.isoformat())
    page.get_by_role("button", name="Check eligibility").click()
    answer = page.locator("#answer")
    answer.get_by_role("heading", name="Covered").wait_for()
    assert "Birch Family Medicine" in answer.inner_text()
    assert "$15.00 copay" in answer.inner_text()
    assert axe_violations(page) == []


def test_a_bad_date_of_birth_is_named_next_to_the_field(world, page):
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/eligibility/")
    page.get_by_label("Member ID").fill("CH100000001")
    page.get_by_label("Date of birth").fill("2099-01-01")
    page.get_by_role("button", name="Check eligibility").click()
    page.get_by_text("The date of birth cannot be in the future.").first.wait_for()
    assert page.get_by_label("Date of birth").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []


def test_keyboard_alone_reaches_and_submits_the_inquiry(world, page):
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/eligibility/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.get_by_label("Member ID").focus()
    page.keyboard.type(world.member_a.member_number)
    page.keyboard.press("Tab")  # last name
    page.keyboard.press("Tab")  # first name
    page.keyboard.press("Tab")  # date of birth
    assert page.evaluate("document.activeElement.id") == "id_birth_date"
    page.get_by_label("Date of birth").fill(world.member_a.birth_date.isoformat())
    page.keyboard.press("Enter")
    page.locator("#answer").get_by_role("heading", name="Covered").wait_for()
