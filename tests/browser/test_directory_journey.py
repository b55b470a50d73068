"""A clinic proposes a directory change, provider relations apply it, the public directory shows it; an applicant
joins the network and provider relations work the application. axe-core finds nothing serious on any page."""

from __future__ import annotations

from typing import Any

import pytest

from portico.accounts.models import ProviderRole, StaffRole
from portico.providers.joining.models import ChecklistItem, NetworkApplication
from portico.providers.joining.services import checklist_defaults_ensure
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD
from tests.providers.conftest import in_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")


def check(page: Any, failures: dict[str, Any]) -> None:
    violations = axe_violations(page)
    if violations:
        failures[page.url] = violations


def test_a_clinic_change_reaches_the_public_directory(page: Any) -> None:
    location = factories.LocationFactory(name="Alder Street Clinic", city="Salem", postal_code="97301")
    in_network(location.organization)
    practitioner = factories.PractitionerFactory(first_name="Lena", last_name="Marsh")
    factories.AffiliationFactory(practitioner=practitioner, location=location)
    admin = factories.MembershipFactory(organization=location.organization, roles=[ProviderRole.ADMINISTRATOR.value])
    staff = factories.UserFactory(username="provrel", staff_roles=[StaffRole.PROVIDER_RELATIONS.value])
    failures: dict[str, Any] = {}

    sign_in(page, admin.user.username, PASSWORD)
    page.get_by_role("link", name="Clinic information").first.click()
    check(page, failures)
    page.get_by_role("link", name="Propose a change to Alder Street Clinic").click()
    page.get_by_label("Phone").fill("12")
    page.get_by_role("button", name="Send the change to provider relations").click()
    assert page.get_by_role("alert").get_by_text("Phone: Enter a ten-digit phone number").is_visible()
    check(page, failures)
    page.get_by_label("Phone").fill("503-555-0100")
    page.get_by_label("Hours").fill("Mon-Sat 7:00-19:00")
    page.get_by_label("Wheelchair-accessible entrance and exam rooms").check()
    page.get_by_role("button", name="Send the change to provider relations").click()
    page.wait_for_url("**/clinic-information/changes/**")
    assert page.get_by_text("Waiting for provider relations").is_visible()
    check(page, failures)
    page.goto(f"/clinic-information/practitioners/{practitioner.pk}/")
    check(page, failures)
    sign_out(page)

    sign_in(page, staff.username, PASSWORD)
    page.get_by_role("link", name="Directory changes").first.click()
    check(page, failures)
    page.get_by_role("link", name="Change", exact=False).last.click()
    assert page.get_by_role("cell", name="Mon-Sat 7:00-19:00").is_visible()
    check(page, failures)
    page.get_by_role("button", name="Apply the checked fields").click()
    assert page.get_by_text("Applied").first.is_visible()
    page.get_by_role("link", name="Directory attestations").first.click()
    check(page, failures)
    sign_out(page)

    page.goto("/directory/")
    check(page, failures)
    page.get_by_label("City or ZIP code").fill("97301")
    page.get_by_role("button", name="Search").click()
    check(page, failures)
    page.get_by_role("link", name="Alder Street Clinic").first.click()
    assert page.get_by_text("Mon-Sat 7:00-19:00").is_visible()
    assert page.get_by_text("Wheelchair-accessible entrance and exam rooms").is_visible()
    check(page, failures)
    page.get_by_role("link", name="Lena Marsh, MD").click()
    check(page, failures)
    assert failures == {}


def test_an_applicant_joins_and_provider_relations_approve(page: Any, tmp_path: Any) -> None:
    checklist_defaults_ensure()
    factories.LineOfBusinessFactory(name="North Coast CCO")
    staff = factories.UserFactory(username="provrel2", staff_roles=[StaffRole.PROVIDER_RELATIONS.value])
    failures: dict[str, Any] = {}
    page.goto("/join/")
    check(page, failures)
    page.get_by_label("Organization's legal name").fill("Larkspur Pediatrics, PC")
    page.get_by_label("Your name").fill("June Ortega")
    page.get_by_label("Your email").fill("june@larkspur.example")
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_url("**/join/a/**")
    check(page, failures)
    page.get_by_label("Tax identification number (TIN)").fill("93-7654321")
    page.get_by_label("Organization NPI").fill(factories._npi(880001))
    page.get_by_label("Kind of organization").select_option("primary_care")
    page.get_by_label("Taxonomy code", exact=True).fill("208000000X")
    page.get_by_label("Phone").fill("541-555-0110")
    page.get_by_label("Street address").fill("12 Larkspur Way")
    page.get_by_label("City").fill("Eugene")
    page.get_by_label("State", exact=True).fill("OR")
    page.get_by_label("ZIP code").fill("97401")
    page.get_by_label("North Coast CCO").check()
    page.get_by_label("NPI", exact=True).fill("1234567890")
    page.get_by_label("First name").fill("June")
    page.get_by_label("Last name").fill("Ortega")
    page.get_by_label("License state").fill("OR")
    page.get_by_label("License number").fill("MD-12345")
    page.get_by_label("License expires").fill("2028-06-30")
    page.get_by_role("button", name="Save the draft").click()
    assert page.get_by_text("NPI: An NPI is ten digits").first.is_visible()
    check(page, failures)
    page.get_by_label("NPI", exact=True).fill(factories._npi(880002))
    page.get_by_role("button", name="Save the draft").click()
    assert page.get_by_text("Draft saved").is_visible()
    w9 = tmp_path / "w9.pdf"
    w9.write_bytes(b"%PDF-1.4\n%demo\n")
    page.get_by_label("File").set_input_files(str(w9))
    page.get_by_role("button", name="Upload the document").click()
    assert page.get_by_text("Document uploaded.").is_visible()
    page.get_by_role("button", name="Submit the application").click()
    assert page.get_by_text("Submitted: in credentialing").is_visible()
    check(page, failures)
    status_url = page.url

    sign_in(page, staff.username, PASSWORD)
    page.get_by_role("link", name="Network applications").first.click()
    check(page, failures)
    page.get_by_role("link", name=NetworkApplication.objects.get().reference).click()
    check(page, failures)
    for _item in ChecklistItem.objects.all():
        page.get_by_role("button", name="Record as done").first.click()
        page.wait_for_load_state()
    assert page.get_by_text("Checklist item recorded.").is_visible()
    page.get_by_label("Question for the applicant").fill("Is Eugene the only site?")
    page.get_by_role("button", name="Send the question").click()
    sign_out(page)

    page.goto(status_url)
    page.get_by_label("Your answer").fill("Yes, the only site.")
    check(page, failures)
    page.get_by_role("button", name="Send the answer").click()
    assert page.get_by_text("your answer was sent").is_visible()

    sign_in(page, staff.username, PASSWORD)
    page.goto(f"/provider-relations/applications/{NetworkApplication.objects.get().pk}/")
    page.get_by_role("button", name="Approve the application").click()
    assert page.get_by_text("Approved: Larkspur Pediatrics, PC is in the network").is_visible()
    check(page, failures)
    assert failures == {}
