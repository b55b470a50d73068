"""A biller enters a professional claim, fixes a line the page refused, gets the claim number (ICN), and finds the
claim in the status list and its detail, adjudicated (the tests' task backend runs the pipeline at once) with its
adjustments explained; axe-core finds nothing serious on the claim pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from portico.claims.models import Claim
from portico.pricing.models import NetworkStatus
from portico.pricing.pricer import pricing_cache_clear
from portico.providers.models import NetworkParticipation
from tests.browser.support import axe_violations, sign_in
from tests.claims.support import ClaimsWorld, claims_world_build
from tests.conftest import PASSWORD, World
from tests.pricing.support import flat_version, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.VAR_DIR = tmp_path
    yield
    pricing_cache_clear()  # the schedules made here are gone with the test database


@pytest.fixture
def claims(world: World) -> ClaimsWorld:
    return claims_world_build(world)


def test_a_biller_enters_a_professional_claim_and_follows_it(claims: ClaimsWorld, page: Any) -> None:
    world = claims.world
    lob_id = world.member_a.coverages.values_list("line_of_business_id", flat=True).get()
    NetworkParticipation.objects.create(
        organization=world.org_a, line_of_business_id=lob_id, contracted=True, start=dt.date(2020, 1, 1)
    )
    flat_version(schedule("in-network", network_status=NetworkStatus.IN), dt.date(2020, 1, 1), {"99213": "80.00"})
    pricing_cache_clear()
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/claims/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="New professional claim").first.click()
    page.wait_for_url("**/claims/new/professional/")
    assert axe_violations(page) == []
    page.get_by_label("Member ID").fill(world.member_a.member_number)
    page.get_by_label("Date of birth").fill(world.member_a.birth_date.isoformat())
    page.get_by_label("Patient account number").fill("ACCT-BROWSER-1")
    page.get_by_label("Rendering practitioner").select_option(claims.npi_a)
    page.get_by_label("Diagnosis 1 (A)").fill("J02.9")
    page.locator("#id_lines-0-service_from").fill("2026-06-01")
    page.locator("#id_lines-0-place_of_service").fill("11")
    page.locator("#id_lines-0-code").fill("99213")
    page.locator("#id_lines-0-modifiers").fill("25 2!")
    page.locator("#id_lines-0-units").fill("1")
    page.locator("#id_lines-0-charge").fill("125.00")
    page.locator("#id_lines-0-diagnosis_pointers").fill("A")
    page.get_by_role("button", name="Submit the claim").click()
    page.locator("#error-summary").wait_for()
    assert "Line 1, modifier 2" in page.locator("#error-summary").inner_text()
    assert page.locator("#id_lines-0-modifiers").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    assert Claim.objects.count() == 0

    page.locator("#id_lines-0-modifiers").fill("25")
    page.get_by_role("button", name="Submit the claim").click()
    page.wait_for_url("**/received/")
    claim = Claim.objects.get()
    assert claim.icn
    assert claim.icn in page.get_by_role("heading", level=1).inner_text()
    assert axe_violations(page) == []

    page.goto("/claims/")
    table = page.locator("table.data").inner_text()
    assert claim.icn in table
    claim.refresh_from_db()
    assert claim.get_status_display() in table
    page.get_by_role("link", name=claim.icn).click()
    page.wait_for_url(f"**/claims/{claim.icn}/")
    main = page.locator("main").inner_text()
    assert "99213-25" in main
    assert "CO-45" in main
    assert "The charge is more than the allowed amount, $80.00." in main
    assert page.get_by_role("link", name="Correct this claim").count() == 1
    assert axe_violations(page) == []


def test_the_other_claim_pages_pass_axe(claims: ClaimsWorld, page: Any) -> None:
    from portico.claims.services import claim_draft_save, claim_submit

    claim = claim_submit(actor=claims.actor(), data=claims.institutional()).claim
    draft = claim_draft_save(actor=claims.actor(), data={"kind": "professional", "patient_account_number": "D-1"})
    sign_in(page, claims.world.user_a.username, PASSWORD)
    failures = {}
    for url in (
        "/claims/new/institutional/",
        f"/claims/drafts/{draft.pk}/",
        f"/claims/{claim.icn}/",
        f"/claims/{claim.icn}/print/",
        f"/claims/{claim.icn}/correct/",
        f"/claims/{claim.icn}/void/",
        "/claims/?status=nonsense&received_from=x",
        "/claims/0000000000000/",
    ):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
