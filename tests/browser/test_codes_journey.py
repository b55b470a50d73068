"""Code search and verify in a real browser, by keyboard only, with axe-core on every code page."""

from __future__ import annotations

from typing import Any

import pytest

from portico.accounts.models import StaffRole
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.codes.sample_codes import codes  # noqa: F401  (fixture)
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("codes")]


def test_search_as_you_type_and_open_a_code_by_keyboard(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/codes/")
    page.get_by_label("Code or words").focus()
    page.keyboard.type("pain chest", delay=30)
    results = page.locator("#code-results")
    results.get_by_role("link", name="R07.9").wait_for()
    assert "Chest pain, unspecified" in results.inner_text()
    assert page.url.endswith("q=pain+chest") or "q=pain" in page.url  # the query is in the address, to share
    assert axe_violations(page) == []
    # Tab from the search box, past the system and date fields and the button, into the results.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "R07.9":
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "R07.9"
    page.keyboard.press("Enter")
    page.wait_for_url("**/codes/icd10cm/R079/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("R07.9")
    assert axe_violations(page) == []


def test_verify_a_pasted_list_by_keyboard(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/codes/verify/")
    page.get_by_label("Codes").focus()
    page.keyboard.type("99213-25, J1100, F32.A, 0450, R07, M54.5, ZZ999")
    page.keyboard.press("Tab")  # to the date of service
    page.keyboard.type("06152026")
    for _ in range(4):  # past the date's own parts to the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "Verify":
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "Verify"
    page.keyboard.press("Enter")
    table = page.locator("#verify-results table")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 7
    text = table.inner_text()
    assert "Header, not billable" in text
    assert "Terminated" in text
    assert "Invalid" in text
    assert "R07.9" in text  # a billable code offered under the header
    assert axe_violations(page) == []


def test_the_code_loading_page_is_accessible(page: Any) -> None:
    admin = factories.UserFactory(staff_roles=[StaffRole.ADMINISTRATOR.value])
    sign_in(page, admin.username, PASSWORD)
    page.goto("/codes/loads/")
    assert axe_violations(page) == []
    page.get_by_label("Code system").select_option("cpt")
    page.get_by_role("button", name="Load").click()
    page.get_by_text("File: Choose the code file to load.").wait_for()
    assert axe_violations(page) == []
