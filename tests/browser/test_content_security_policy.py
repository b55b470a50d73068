"""Every page of every persona, in a real browser with the real Content-Security-Policy: the browser refuses
nothing — no inline script or style, no handler, nothing from another origin. The pages are those of
tests/browser/test_every_page.py and the prior-authorization journeys, plus the API reference and the admin.

The browser reports each refusal twice: a ``securitypolicyviolation`` event (collected by a hook added before any
page script runs) and a console message; either one fails the test, naming the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from portico.accounts.models import StaffRole, User
from portico.authorizations.services import authorization_draft_save, authorization_submit
from tests import factories
from tests.authorizations.review_support import TWO_LINES
from tests.authorizations.support import AuthWorld, auth_world_build
from tests.browser.test_every_page import provider_pages
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOOK = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def auth(world: World) -> AuthWorld:
    return auth_world_build(world)


class Sweep:
    """Visits pages in one browser tab and keeps every refusal, by page."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console: list[str] = []
        self.refusals: dict[str, list[str]] = {}
        self.visited: list[str] = []
        page.add_init_script(HOOK)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.console.append(text)

    def sign_in_as(self, user: User) -> None:
        """A complete sign-in (every gate step passed), handed to the browser as its session cookie."""
        self.page.context.clear_cookies()
        client = Client()
        client.force_login(user)
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": self.base_url}]
        )

    def collect(self, label: str) -> None:
        self.page.wait_for_timeout(150)  # let late scripts (htmx settling, Swagger UI) run
        found = list(self.page.evaluate("() => window.__cspViolations || []")) + self.console
        self.console = []
        if found:
            self.refusals[label] = found
        self.visited.append(label)

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.collect(url)


def test_no_page_of_any_persona_breaks_the_content_security_policy(
    auth: AuthWorld,
    page: Any,
    live_server: Any,
) -> None:
    world = auth.world
    factories.OtherInsuranceFactory(member=world.member_a)
    draft = authorization_draft_save(actor=auth.actor(), data={"member_id": world.member_a.member_number})
    submitted = authorization_submit(actor=auth.actor(), data=auth.payload(lines=TWO_LINES)).request
    not_required = authorization_submit(
        actor=auth.actor(), data=auth.payload(lines=[{"code": "99213", "start": "2026-06-01"}])
    ).request
    sweep = Sweep(page, live_server.url)

    # Strangers: the sign-in page, the public pages, the API reference (Swagger UI renders it in the browser).
    for url in ("/accounts/login/", "/privacy-statement/", "/prior-authorization/metrics/"):
        sweep.visit(url)
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info").wait_for()
    page.locator(".opblock").first.click()  # open one operation: more of Swagger UI draws itself
    sweep.collect("/api/v1/docs")

    # The provider: every page of tests/browser/test_every_page.py, the prior-authorization pages, the terms.
    sweep.sign_in_as(world.user_a)
    for url in [
        *provider_pages(world),
        "/authorizations/",
        "/authorizations/new/",
        f"/authorizations/{draft.pk}/edit/",
        f"/authorizations/{submitted.pk}/",
        f"/authorizations/{not_required.pk}/not-required/",
        "/prior-auth/print/?line_of_business=NCCCO&lines-0-code=99213",
        "/accounts/terms/",
    ]:
        sweep.visit(url)
    # What htmx swaps in: an eligibility answer (with its deductible bars), a code search, a roster page.
    page.goto("/eligibility/")
    page.get_by_label("Member ID").fill(world.member_a.member_number)
    page.get_by_label("Date of birth").fill(world.member_a.birth_date.isoformat())
    page.get_by_role("button", name="Check eligibility").click()
    page.locator("#answer").wait_for()
    sweep.collect("/eligibility/ (answer swapped in)")
    page.goto("/codes/")
    page.locator("#id_q").fill("R07")
    page.locator("#code-results").get_by_text("R07.9").first.wait_for()
    sweep.collect("/codes/ (results swapped in)")

    # A utilization-management nurse: the queue, a request, the dashboard with its charts.
    sweep.sign_in_as(factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value]))
    for url in (
        "/authorizations/review/",
        f"/authorizations/review/{submitted.pk}/",
        "/authorizations/review/dashboard/",
    ):
        sweep.visit(url)

    # Plan staff: the privacy officer's audit, the code sets and lists an administrator manages.
    sweep.sign_in_as(factories.UserFactory(staff_roles=[StaffRole.PRIVACY_OFFICER.value]))
    sweep.visit(f"/privacy/events/?member_id={world.member_a.member_number}")
    sweep.sign_in_as(factories.UserFactory(staff_roles=[StaffRole.ADMINISTRATOR.value]))
    for url in ("/codes/loads/", "/prior-auth/manage/", "/prior-auth/manage/upload/", "/prior-auth/lists/"):
        sweep.visit(url)

    # The Django admin, where plan administrators publish the privacy statement and terms.
    sweep.sign_in_as(factories.UserFactory(is_staff=True, is_superuser=True))
    for url in (
        "/admin/",
        "/admin/accounts/termsversion/",
        "/admin/accounts/termsversion/add/",
        f"/admin/accounts/user/{world.user_a.pk}/change/",
    ):
        sweep.visit(url)

    assert len(sweep.visited) > 40
    assert sweep.refusals == {}


def test_behaviour_moved_out_of_the_templates_still_works(world: World, page: Any, live_server: Any) -> None:
    """The roster's htmx error answers swap in (was an hx-on handler); the print button prints (was onclick)."""
    sweep = Sweep(page, live_server.url)
    sweep.sign_in_as(world.user_a)
    page.goto(f"/rosters/?location_id={world.location_a.pk}")
    page.get_by_label("As of").fill("2001-01-01")
    page.get_by_role("button", name="Show roster").click()
    page.locator("#roster-error-summary").wait_for()  # swapped in by htmx from the 400 answer
    assert page.get_by_label("As of").get_attribute("aria-invalid") == "true"
    page.goto(f"/rosters/?location_id={world.location_a.pk}")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("() => window.printed") == 1
    sweep.collect("roster")
    assert sweep.refusals == {}
