"""A clinic registers; provider relations approve it; its administrator accepts the invitation, signs in and
invites a colleague, who accepts too. axe-core finds nothing serious on any of these pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.accounts.models import (
    Membership,
    OrganizationRegistration,
    ProviderRole,
    SecurityEvent,
    SecurityEventKind,
    StaffRole,
    User,
)
from portico.accounts.terms.models import TermsAcceptance, TermsVersion
from portico.accounts.terms.services import terms_cache_clear
from tests import factories
from tests.accounts.people_support import token_from_mail
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "lighthouse ferry morning tide"
COLLEAGUE_PASSWORD = "copper kettle on the windowsill"


def clean(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_a_clinic_registers_is_approved_and_its_administrator_invites_a_colleague(page: Any) -> None:
    if not TermsVersion.objects.exists():  # an earlier transactional test may have flushed the seeded version
        TermsVersion.objects.create(
            version="2099-journey",
            effective_date=timezone.localdate(),
            privacy_statement_en="We record every access to member information.",
            privacy_statement_es="Registramos cada acceso a la información de los afiliados.",
            terms_en="Authorized business purposes only. Minimum necessary.",
            terms_es="Solo fines comerciales autorizados. Lo mínimo necesario.",
        )
    terms_cache_clear()
    location = factories.LocationFactory(organization__legal_name="Cedar Hollow Family Clinic")
    organization = location.organization
    practitioner = factories.PractitionerFactory()
    factories.AffiliationFactory(practitioner=practitioner, location=location)
    provrel = factories.UserFactory(
        username="provrel", first_name="Alicia", last_name="Romero", staff_roles=[StaffRole.PROVIDER_RELATIONS.value]
    )

    # The clinic registers, from the sign-in page, without an account.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Register your organization").click()
    page.wait_for_url("**/register/")
    clean(page)
    page.get_by_label("Legal name").fill("Cedar Hollow Family Clinic")
    page.get_by_label("Tax identification number (TIN)").fill("12-345")
    page.get_by_label("NPIs").fill(f"{organization.group_npi}\n{practitioner.npi}")
    page.get_by_label("Street address").fill("12 Alder St")
    page.get_by_label("City").fill("Astoria")
    page.get_by_label("State").fill("OR")
    page.get_by_label("ZIP code").fill("97103")
    admin = page.get_by_role("group", name="Administrator", exact=True)
    admin.get_by_label("First name").fill("Lena")
    admin.get_by_label("Last name").fill("Ortiz")
    admin.get_by_label("Email").fill("lena@cedarhollow.example")
    admin.get_by_label("Phone").fill("503-555-0142")
    backup = page.get_by_role("group", name="Backup administrator")
    backup.get_by_label("First name").fill("Omar")
    backup.get_by_label("Last name").fill("Haddad")
    backup.get_by_label("Email").fill("omar@cedarhollow.example")
    backup.get_by_label("Phone").fill("503-555-0143")
    page.get_by_role("button", name="Submit the registration").click()
    summary = page.get_by_role("alert")
    assert "A TIN is nine digits" in summary.inner_text()
    assert page.get_by_label("Tax identification number (TIN)").get_attribute("aria-invalid") == "true"
    clean(page)
    page.get_by_label("Tax identification number (TIN)").fill(organization.tin)
    page.get_by_role("button", name="Submit the registration").click()
    page.wait_for_url("**/register/submitted/")
    reference = OrganizationRegistration.objects.get().reference
    assert reference in page.locator("main").inner_text()
    clean(page)
    assert any(reference in m.body for m in mail.outbox)

    # Provider relations see every check pass, and approve.
    sign_in(page, provrel.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Registrations").click()
    clean(page)
    page.get_by_role("link", name=reference).click()
    assert "Every check passed" in page.locator("main").inner_text()
    clean(page)
    page.get_by_role("button", name="Approve and invite the administrators").click()
    page.get_by_text(f"Registration {reference} approved; 2 invitation(s) sent.").wait_for()
    clean(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Attestations", exact=True).click()
    clean(page)
    sign_out(page)

    # The administrator accepts the invitation, chooses a username and password, and signs in.
    page.goto(f"/accounts/invitation/{token_from_mail('lena@cedarhollow.example')}/")
    assert "Join Cedar Hollow Family Clinic" in page.locator("h1").inner_text()
    clean(page)
    page.get_by_label("Username").fill("lortiz")
    page.get_by_label("Password", exact=True).fill(ADMIN_PASSWORD)
    page.get_by_label("Password again").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("link", name="Sign in now").wait_for()
    clean(page)
    sign_in(page, "lortiz", ADMIN_PASSWORD)  # first sign-in: sets up two-step verification, accepts the terms
    admin = User.objects.get(username="lortiz")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert TermsAcceptance.objects.filter(user=admin).count() == 1
    assert set(SecurityEvent.objects.filter(user_id=admin.pk).values_list("kind", flat=True)) >= {
        SecurityEventKind.INVITATION_ACCEPTED,
        SecurityEventKind.SIGN_IN,
        SecurityEventKind.MFA_ENROLLED,
        SecurityEventKind.TERMS_ACCEPTED,
    }

    # ... and invites a colleague.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People & roles").click()
    page.wait_for_url("**/organization/people/")
    clean(page)
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_role("button", name="Send the invitation").click()
    assert "Choose at least one role." in page.get_by_role("alert").inner_text()
    clean(page)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Email").fill("sam@cedarhollow.example")
    page.get_by_label("Claims").check()
    page.get_by_label("Eligibility & benefits").check()
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invitation sent to sam@cedarhollow.example").wait_for()
    assert "sam@cedarhollow.example" in page.locator("main").inner_text()
    clean(page)
    page.get_by_role("link", name="Lena Ortiz").click()
    clean(page)
    sign_out(page)

    # The colleague accepts, and can sign in.
    link = f"/accounts/invitation/{token_from_mail('sam@cedarhollow.example')}/"
    page.goto(link)
    page.get_by_label("Username").fill("sreyes")
    page.get_by_label("Password", exact=True).fill(COLLEAGUE_PASSWORD)
    page.get_by_label("Password again").fill(COLLEAGUE_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("link", name="Sign in now").wait_for()
    colleague = User.objects.get(username="sreyes")
    membership = Membership.objects.get(user=colleague)
    assert membership.organization == organization
    assert membership.roles == [ProviderRole.ELIGIBILITY.value, ProviderRole.CLAIMS.value]
    page.goto(link)  # a used link says so
    assert "already used" in page.locator("h1").inner_text()
    clean(page)
    sign_in(page, "sreyes", COLLEAGUE_PASSWORD)
    assert "Cedar Hollow Family Clinic" in page.locator("header").inner_text()
