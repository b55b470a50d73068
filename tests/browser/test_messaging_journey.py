"""A clinic writes to the Claims team about one of its claims (another clinic's claim is refused as not found),
with a PDF; a claims examiner finds it in the team inbox with its due date, takes it and answers; the clinic sees
the answer. axe-core finds nothing serious on any of the pages."""

from __future__ import annotations

from typing import Any

import pytest

from portico.accounts.models import Membership, ProviderRole, StaffRole
from portico.claims.services import claim_submit
from portico.messaging.threads.models import MessageThread, PlanTeam, ThreadStatus
from portico.messaging.threads.teams import plan_teams_ensure
from tests import factories
from tests.authorizations.support import PDF
from tests.browser.support import axe_violations, sign_in
from tests.claims.support import claims_world_build
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def test_a_clinic_asks_the_claims_team_about_a_claim_and_staff_answer(
    world: World, page: Any, browser: Any, live_server: Any, tmp_path: Any
) -> None:
    plan_teams_ensure()  # a transactional test before this one may have emptied the seeded teams
    cw = claims_world_build(world)
    own = claim_submit(actor=cw.actor("a"), data=cw.professional()).claim
    member_b = world.member_b
    other = claim_submit(
        actor=cw.actor("b"),
        data=cw.professional(
            member_id=member_b.member_number, birth_date=member_b.birth_date.isoformat(), rendering_npi=cw.npi_b
        ),
    ).claim
    Membership.objects.filter(pk=world.membership_a.pk).update(
        roles=[ProviderRole.CLAIMS.value, ProviderRole.MESSAGING.value]
    )
    examiner = factories.UserFactory(
        username="examiner", first_name="Tom", last_name="Nguyen", staff_roles=[StaffRole.CLAIMS_EXAMINER.value]
    )
    examiner.set_password(PASSWORD)
    examiner.save()
    PlanTeam.objects.get(key="claims").staff.add(examiner)

    # The clinic: Contact us, then the form, with a mistake first.
    sign_in(page, world.user_a.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contact us").click()
    page.wait_for_url("**/contact/")
    assert "503-555-0141" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Claim status, payments and remittance advice").check()
    page.get_by_label("Topic").select_option("claim")
    page.get_by_label("Subject").fill("June visit paid at the wrong rate")
    page.get_by_label("About").select_option("claim")
    page.get_by_label("Member ID or number").fill(other.icn)  # another clinic's claim
    page.get_by_label("Message", exact=True).fill("The 99214 visit was paid at the 99213 rate. Could you check it?")
    page.get_by_role("button", name="Send the message").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_link_reference").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    assert MessageThread.objects.count() == 0

    page.get_by_label("Member ID or number").fill(own.icn)
    notes = tmp_path / "remittance.pdf"
    notes.write_bytes(PDF)
    page.get_by_label("Files (optional)").set_input_files(str(notes))
    page.get_by_role("button", name="Send the message").click()
    page.wait_for_url("**/messages/*/")
    thread = MessageThread.objects.get()
    main = page.locator("main").inner_text()
    assert thread.reference in main
    assert own.icn in main
    assert (thread.link_kind, thread.link_id, thread.member_id) == ("claim", own.pk, world.member_a.pk)
    assert "Answer due" in main
    assert axe_violations(page) == []
    page.goto("/messages/")
    assert "June visit paid at the wrong rate" in page.locator("table.data").inner_text()
    assert axe_violations(page) == []

    # The examiner: the team inbox, the thread, take it, answer.
    staff_context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-US")
    staff = staff_context.new_page()
    staff.set_default_timeout(15000)
    sign_in(staff, "examiner", PASSWORD)
    staff.get_by_role("navigation", name="Main").get_by_role("link", name="Team inbox").click()
    staff.wait_for_url("**/messages/inbox/")
    assert axe_violations(staff) == []
    staff.get_by_role("link", name="June visit paid at the wrong rate").click()
    staff.wait_for_url("**/messages/inbox/*/")
    assert axe_violations(staff) == []
    staff.get_by_role("button", name="Take it").click()
    staff.wait_for_url("**/messages/inbox/*/")
    assert "Tom Nguyen" in staff.locator("dl.summary").inner_text()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="remittance.pdf").click()
    assert download.value.suggested_filename == "remittance.pdf"
    staff.get_by_label("Your answer").fill("It was priced on the 2025 schedule by mistake; we are reprocessing it.")
    staff.get_by_role("button", name="Send", exact=True).click()
    staff.wait_for_url("**/messages/inbox/*/")
    assert "Your answer was sent." in staff.locator("main").inner_text()
    staff.goto("/messages/report/")
    assert staff.locator("figure.chart").count() >= 2
    assert axe_violations(staff) == []
    staff_context.close()
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.ANSWERED

    # The clinic sees the answer, and a notification points to it.
    page.goto("/notifications/")
    page.get_by_role("link", name=f"The plan answered your secure message {thread.reference}").click()
    page.wait_for_url(f"**/messages/{thread.pk}/")
    assert "we are reprocessing it" in page.locator("main").inner_text()
    assert axe_violations(page) == []
