"""Every page each demo persona can reach, in a real browser, on the demo world `make demo` builds: no link is
dead (every page answers below 400) and axe-core finds no serious or critical violation.

The crawl starts at the home page and follows the links of each page it visits (same site, pages only — not
downloads, the API, the admin or sign-out), two links deep, for every persona in turn. A page already checked
under the same route (``/claims/<icn>/`` for one claim stands for every claim) is not checked again, so the sweep
stays a few minutes long while still covering every route someone can click to."""

from __future__ import annotations

from collections import deque
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from portico.demo.personas import DEMO_PASSWORD, PERSONAS
from tests.browser.support import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPTH = 2
SKIP_PREFIXES = ("/admin/", "/api/", "/i18n/", "/static/", "/accounts/logout/", "/accounts/mfa/", "/accounts/terms/")
DOWNLOAD_ENDINGS = (".csv", ".pdf", ".xml", ".json", ".atom", ".zip")
DOWNLOAD_WORDS = ("/download", "/attachments/", "/files/", "/feed", "/certificate", "letter")


def page_links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if isinstance(h, str)]


def crawlable(href: str) -> str | None:
    """The path (and query) of a link worth visiting, or None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(DOWNLOAD_ENDINGS) or any(w in path for w in DOWNLOAD_WORDS):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def route_of(url: str) -> str:
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path  # a dead link: keep it, the visit reports it
    return f"{match.route}{'?' if '?' in url else ''}"


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", members=300, seed=7, verbosity=0)
    call_command("codes", "demo", verbosity=0)


@pytest.mark.usefixtures("demo")
def test_every_page_a_persona_can_reach_answers_and_is_accessible(browser: Any, live_server: Any) -> None:
    checked: set[str] = set()
    problems: dict[str, str] = {}
    for persona in PERSONAS:
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, persona.username, DEMO_PASSWORD)
        queue: deque[tuple[str, int]] = deque([("/", 0)])
        seen: set[str] = {"/"}
        while queue:
            url, depth = queue.popleft()
            route = route_of(url)
            if route in checked and depth > 0:
                continue
            response = page.goto(url)
            status = response.status if response is not None else 0
            if status >= 400:
                problems[f"{persona.username} {url}"] = f"answered {status}"
                continue
            if "text/html" not in (response.headers.get("content-type", "") if response else ""):
                continue
            if route not in checked:
                checked.add(route)
                violations = axe_violations(page)
                if violations:
                    problems[f"{persona.username} {url}"] = str(violations)
            if depth < DEPTH:
                for href in page_links(page):
                    target = crawlable(href)
                    if target and target not in seen:
                        seen.add(target)
                        queue.append((target, depth + 1))
        context.close()
    assert problems == {}
    assert len(checked) > 60  # the sweep really went round the portal
