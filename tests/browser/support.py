"""Helpers for browser journeys: run axe-core on a page, sign in. The fixtures live in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core on the page; return the violations of the given impacts (WCAG 2.1 A/AA rules)."""
    # Evaluated through the browser's debugging protocol, not added as a <script>: the Content-Security-Policy
    # refuses inline scripts, and the pages must be checked with the policy they really have.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def sign_in(page: Any, username: str, password: str) -> None:
    """Sign in through the real pages, passing each sign-in gate step that comes up."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    for _ in range(4):
        path = page.url.split("://", 1)[-1].split("/", 1)[-1]
        if path.startswith("accounts/mfa/"):
            pass_two_step_verification(page, username)
        elif path.startswith("accounts/terms/"):
            accept_terms(page)
        else:
            break
        page.wait_for_load_state()
    page.wait_for_url("**/")


def pass_two_step_verification(page: Any, username: str) -> None:
    """The two-step verification step of ``sign_in``: on the set-up page, read the shown setup key, enter the
    code an authenticator app would show and continue past the recovery codes; otherwise enter a fresh code of
    the person's authenticator (from the test database, which the live server shares)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.signin_support import code_for_secret, fresh_code

    if "/accounts/mfa/setup/" in page.url:
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code from the app").fill(code_for_secret(secret))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/accounts/mfa/recovery-codes/**")
        page.get_by_role("button", name="continue").click()
        return
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
    if device is None:  # the verify page sends a person without an authenticator to the set-up
        page.wait_for_url("**/accounts/mfa/setup/**")
        pass_two_step_verification(page, username)
        return
    page.get_by_label("Code", exact=True).fill(fresh_code(device))
    page.get_by_role("button", name="Verify").click()


def accept_terms(page: Any) -> None:
    """The terms step of ``sign_in``: accept the privacy statement and terms of use."""
    box = page.locator("#id_accept")
    if box.count():
        box.check()
        page.get_by_role("button", name="Accept and continue").click()
    else:  # accepted before (another tab): the page only offers to continue
        page.get_by_role("link", name="Continue").click()
    page.wait_for_load_state()
