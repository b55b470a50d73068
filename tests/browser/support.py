"""Helpers for browser journeys: run axe-core on a page, sign in. The fixtures live in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core on the page; return the violations of the given impacts (WCAG 2.1 A/AA rules)."""
    page.add_script_tag(path=str(AXE_JS))
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
    """The two-step verification step of ``sign_in`` (enrol or verify with the person's TOTP device)."""
    raise NotImplementedError("two-step verification is not built yet")


def accept_terms(page: Any) -> None:
    """The terms step of ``sign_in``: accept the privacy statement and terms of use."""
    raise NotImplementedError("terms acceptance is not built yet")
