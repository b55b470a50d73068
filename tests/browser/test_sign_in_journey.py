"""Direct sign-in in a real browser: the first sign-in sets up the authenticator app and shows the recovery codes,
a later one asks for a code (a wrong one is refused), the forgotten-password pages — axe-core clean throughout."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from tests.accounts.signin_support import code_for_secret, fresh_code
from tests.browser.support import accept_terms, axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def path_of(page: Any) -> str:
    return "/" + page.url.split("://", 1)[-1].split("/", 1)[-1]


def password_step(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def past_terms(page: Any) -> None:
    if path_of(page).startswith("/accounts/terms/"):
        accept_terms(page)
        page.wait_for_load_state()


def test_first_sign_in_sets_up_two_step_verification_then_a_later_one_asks_for_a_code(
    world: World, page: Any, tmp_path: Path
) -> None:
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    password_step(page, world.user_a.username, "wrong-password-entirely")
    assert page.get_by_role("alert").filter(has_text="did not match").is_visible()
    assert axe_violations(page) == []

    password_step(page, world.user_a.username, PASSWORD)
    assert path_of(page).startswith("/accounts/mfa/setup/")
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("Code: that code did not match").is_visible()
    assert axe_violations(page) == []

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(code_for_secret(secret))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/mfa/recovery-codes/**")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a text file").click()
    saved = tmp_path / "codes.txt"
    download_info.value.save_as(saved)
    assert all(code in saved.read_text() for code in codes)
    page.get_by_role("button", name="continue").click()
    page.wait_for_load_state()
    past_terms(page)
    assert path_of(page) == "/"

    # A later sign-in: the code from the app; a wrong one first.
    page.context.clear_cookies()
    password_step(page, world.user_a.username, PASSWORD)
    assert path_of(page).startswith("/accounts/mfa/")
    assert axe_violations(page) == []
    page.get_by_label("Code", exact=True).fill("123456")
    page.get_by_role("button", name="Verify").click()
    assert page.get_by_text("Code: that code did not match").is_visible()
    assert axe_violations(page) == []
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.get_by_label("Code", exact=True).fill(fresh_code(TOTPDevice.objects.get(user=world.user_a)))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    past_terms(page)
    assert path_of(page) == "/"

    # The profile's security pages.
    for url in ("/accounts/profile/", "/accounts/password/change/", "/accounts/mfa/recovery-codes/new/"):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_a_forgotten_password_is_reset_from_the_emailed_link(world: World, page: Any) -> None:
    world.user_a.email = "frontdesk@alder.example"
    world.user_a.save()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").first.click()
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Email me a reset link").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill("frontdesk@alder.example")
    page.get_by_role("button", name="Email me a reset link").click()
    page.wait_for_url("**/accounts/password/reset/sent/")
    assert axe_violations(page) == []

    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(1))
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("New password again").fill("password1234")
    page.get_by_role("button", name="Save the new password").click()
    assert page.get_by_role("alert").filter(has_text="New password: The password appears").is_visible()
    assert axe_violations(page) == []
    new = "tangerine harbor oatmeal lantern"
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("New password again").fill(new)
    page.get_by_role("button", name="Save the new password").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    assert axe_violations(page) == []

    sign_in(page, world.user_a.username, new)  # through two-step verification, as ever
    assert path_of(page) == "/"
