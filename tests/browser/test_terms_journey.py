"""First sign-in asks for the privacy statement and terms, in a real browser: the page is accessible, an
unchecked box is named next to the field, accepting continues to the page asked for; anyone can read them
from the footer."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from portico.accounts.models import TermsAcceptance, TermsVersion
from portico.accounts.terms.services import terms_cache_clear
from tests.browser.support import accept_terms, axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def version(db: Any) -> TermsVersion:
    published = TermsVersion.objects.create(
        version="2099-browser",
        effective_date=timezone.localdate(),
        privacy_statement_en="We record every access to member information.",
        privacy_statement_es="Registramos cada acceso a la información de los afiliados.",
        terms_en="Authorized business purposes only. Minimum necessary.",
        terms_es="Solo fines comerciales autorizados. Lo mínimo necesario.",
    )
    terms_cache_clear()
    return published


def test_first_sign_in_asks_for_the_terms_and_continues_to_the_page(
    world: World, page: Any, version: TermsVersion
) -> None:
    page.goto("/accounts/login/?next=/codes/")
    page.get_by_label("Username").fill(world.user_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/mfa/" in page.url:
        from tests.browser.support import pass_two_step_verification

        pass_two_step_verification(page, world.user_a.username)
    page.wait_for_url("**/accounts/terms/?next=*")
    assert "Authorized business purposes only. Minimum necessary." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accept and continue").click()  # without checking the box
    box = page.get_by_label("I have read the privacy statement and terms of use", exact=False)
    expect_error = page.locator("#accept-error")
    expect_error.wait_for()
    assert box.get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    accept_terms(page)
    page.wait_for_url("**/codes/")
    acceptance = TermsAcceptance.objects.get(user=world.user_a)
    assert acceptance.version == version
    assert acceptance.ip_address == "127.0.0.1"


def test_sign_in_passes_the_terms_and_anyone_reads_them_from_the_footer(
    world: World, page: Any, version: TermsVersion
) -> None:
    sign_in(page, world.user_a.username, PASSWORD)  # sign_in accepts the terms on the way
    assert TermsAcceptance.objects.filter(user=world.user_a, version=version).exists()
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Privacy statement and terms of use").click()
    page.wait_for_url("**/privacy-statement/")
    assert "We record every access to member information." in page.locator("main").inner_text()
    assert axe_violations(page) == []
