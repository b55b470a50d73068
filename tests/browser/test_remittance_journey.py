"""A biller finds a payment in the remittance viewer by its claim number, reads each line's adjustments, opens the
print view and downloads the PDF; plan staff preview and start a payment run. axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest

from portico.payments.models import Payment, PaymentRun
from portico.payments.services import payment_run_execute
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World
from tests.payments.support import PAY_DAY, PayWorld, pay_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pay(world: World) -> PayWorld:
    return pay_world_build(world)


def test_a_biller_reads_a_remittance(pay: PayWorld, page: Any) -> None:
    world = pay.world
    claim = pay.claim("a", paid=("80.00", "0"))
    pay.claim("a", paid=("25.00",))
    pay.claim("b", paid=("10.00",))
    payment_run_execute(as_of=PAY_DAY)
    mine = Payment.objects.get(organization=world.org_a)
    theirs = Payment.objects.get(organization=world.org_b)

    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/remittance/")
    assert axe_violations(page) == []
    table = page.locator("table.data").inner_text()
    assert mine.trace_number in table
    assert theirs.trace_number not in table

    page.get_by_label("Claim number (ICN)").fill(claim.icn or "")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/remittance/?*")
    page.get_by_role("link", name=mine.trace_number).click()
    page.wait_for_url(f"**/remittance/{mine.pk}/")
    main = page.locator("main").inner_text()
    assert claim.icn in main
    assert "CO-97" in main
    assert "Included in another service" in main
    assert "$105.00" in main
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the remittance advice (PDF)").click()
    assert download.value.suggested_filename == f"remittance-{mine.trace_number}.pdf"

    page.get_by_role("link", name="Print view").click()
    page.wait_for_url(f"**/remittance/{mine.pk}/print/")
    assert "CO-45" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.goto("/remittance/?amount_min=lots")
    assert page.locator("#id_amount_min").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []

    response = page.goto(f"/remittance/{theirs.pk}/")
    assert response is not None
    assert response.status == 404


def test_staff_start_a_payment_run(pay: PayWorld, page: Any) -> None:
    factories.UserFactory(username="examiner", staff_roles=["claims_examiner"])
    pay.claim("a")
    sign_in(page, "examiner", PASSWORD)
    page.goto("/payments/runs/")
    assert "$100.00" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start a payment run now").click()
    page.wait_for_url("**/payments/runs/*/")
    run = PaymentRun.objects.get()
    assert run.claim_count == 1
    assert run.payments.get().trace_number in page.locator("main").inner_text()
    assert axe_violations(page) == []
