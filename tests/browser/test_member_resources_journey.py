"""A clinic's front desk asks for an air conditioner for a member (after a mistake: another clinic's member), a care
coordinator finds it in the queue, takes it and arranges it, and the clinic sees the new status through its
notification. axe-core finds nothing serious on any of the pages."""

from __future__ import annotations

from typing import Any

import pytest

from portico.accounts.models import StaffRole
from portico.members.resources.catalog import resource_catalog_ensure
from portico.members.resources.models import ResourceProgram, ResourceRequest, ResourceStatus
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clinic_asks_for_a_climate_device_and_a_care_coordinator_arranges_it(
    world: World, page: Any, browser: Any, live_server: Any
) -> None:
    resource_catalog_ensure()  # a transactional test before this one may have emptied the seeded catalog
    # The season is the program's data; this test runs on any day of the year, so the plan offers it all year here.
    ResourceProgram.objects.filter(key="climate-devices").update(season_start="", season_end="")
    factories.UserFactory(
        username="carecoord", first_name="Imani", last_name="Brooks", staff_roles=[StaffRole.CARE_COORDINATOR.value]
    )

    # The clinic: the list, the choice of program, the form — with another clinic's member first.
    sign_in(page, world.user_a.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Member resources").click()
    page.wait_for_url("**/member-resources/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="New request").click()
    page.wait_for_url("**/member-resources/new/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Climate device: air conditioner, air filter and more").click()
    page.wait_for_url("**/member-resources/new/climate-devices/")
    assert axe_violations(page) == []
    page.get_by_label("Member ID").fill(world.member_b.member_number)
    page.get_by_label("Device").select_option("air_conditioner")
    page.get_by_role("button", name="Send the request").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_member_id").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_condition_attestation").get_attribute("aria-invalid") == "true"
    assert "that your organization can see" in page.locator("#error-summary").inner_text()
    assert axe_violations(page) == []
    assert ResourceRequest.objects.count() == 0

    page.get_by_label("Member ID").fill(world.member_a.member_number)
    page.get_by_label("I confirm the member has a health condition").check()
    page.get_by_label("The member's address on file with the plan").check()
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url("**/member-resources/*/")
    row = ResourceRequest.objects.get()
    main = page.locator("main").inner_text()
    assert row.reference in main
    assert "Air conditioner" in main
    assert "Submitted" in main
    assert axe_violations(page) == []

    # The care coordinator: the queue, the request, take it, approve and arrange.
    staff_context = browser.new_context(base_url=live_server.url, locale="en-US")
    staff = staff_context.new_page()
    staff.set_default_timeout(15000)
    sign_in(staff, "carecoord", PASSWORD)
    staff.get_by_role("navigation", name="Main").get_by_role("link", name="Member resources queue").click()
    staff.wait_for_url("**/member-resources/work/")
    assert world.org_a.legal_name in staff.locator("table.data").inner_text()
    assert axe_violations(staff) == []
    staff.get_by_role("link", name=row.reference).click()
    staff.wait_for_url("**/member-resources/work/*/")
    assert axe_violations(staff) == []
    staff.get_by_role("button", name="Take it").click()
    staff.wait_for_url("**/member-resources/work/*/")
    assert "Imani Brooks" in staff.locator("dl.summary").inner_text()
    staff.locator("summary", has_text="Approve and arrange").click()
    staff.get_by_label("What was arranged").fill("Cool Homes Northwest, order CH-5531")
    staff.get_by_role("button", name="Approve and arrange").click()
    staff.wait_for_url("**/member-resources/work/*/")
    assert "The request is approved and arranged." in staff.locator("main").inner_text()
    assert axe_violations(staff) == []
    staff_context.close()
    row.refresh_from_db()
    assert row.status == ResourceStatus.ARRANGED

    # The clinic hears of it and sees the new status.
    page.goto("/notifications/")
    page.get_by_role("link", name=f"Member resource request {row.reference}: approved and arranged.").click()
    page.wait_for_url(f"**/member-resources/{row.pk}/")
    main = page.locator("main").inner_text()
    assert "Approved and arranged" in main
    assert "Cool Homes Northwest, order CH-5531" in main
    assert axe_violations(page) == []
