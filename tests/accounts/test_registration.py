"""A clinic registers; provider relations check it against the network and approve or decline it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from portico.accounts.models import Invitation, OrganizationRegistration, SecurityEvent, SecurityEventKind
from portico.accounts.people.models import RegistrationStatus
from portico.accounts.people.registrations import registration_submit, registration_verify
from tests import factories
from tests.accounts.people_support import ADMIN, Clinic, admin_client, clinic, other_clinic, provrel, provrel_client

pytestmark = [pytest.mark.django_db]
__all__ = ["admin_client", "clinic", "other_clinic", "provrel", "provrel_client"]  # fixtures


def form(clinic: Clinic | None = None, **changes: str) -> dict[str, str]:
    data = {
        "legal_name": clinic.organization.legal_name if clinic else "Cedar Hollow Clinic",
        "tin": clinic.organization.tin if clinic else "931234567",
        "npis": ", ".join(clinic.npis) if clinic else factories._npi(990001),
        "address_line1": "12 Alder St",
        "address_line2": "",
        "city": "Astoria",
        "state": "or",
        "postal_code": "97103",
        "admin_first_name": "Lena",
        "admin_last_name": "Ortiz",
        "admin_email": "lena@cedar.example",
        "admin_phone": "(503) 555-0142",
        "backup_first_name": "Omar",
        "backup_last_name": "Haddad",
        "backup_email": "omar@cedar.example",
        "backup_phone": "503 555 0143",
    }
    data.update(changes)
    return data


def submit(data: dict[str, str]) -> OrganizationRegistration:
    return registration_submit(data=data)


def test_a_clinic_registers_without_an_account_and_gets_a_reference_and_an_email(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    client = Client()
    assert "/register/" in client.get("/accounts/login/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/", form())
    assert response.status_code == 302
    registration = OrganizationRegistration.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert registration.reference in page
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.state == "OR"
    assert registration.admin_phone == "503-555-0142"
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"lena@cedar.example", "omar@cedar.example"}
    assert registration.reference in mail.outbox[0].body
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ORGANIZATION_REGISTERED, detail=registration.reference
    ).exists()


def test_blank_input_names_every_field_and_saves_nothing() -> None:
    response = Client().post("/register/", {})
    assert response.status_code == 400
    page = response.content.decode()
    for label in ("Legal name", "Tax identification number (TIN)", "NPIs", "Street address", "City", "State",
                  "ZIP code", "First name", "Last name", "Email", "Phone"):  # fmt: skip
        assert f"{label}:" in page, label
    assert 'aria-invalid="true"' in page
    assert not OrganizationRegistration.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tin", "93-12345", "A TIN is nine digits"),
        ("npis", "1234567890", "1234567890: an NPI is ten digits and its last digit must check"),
        ("state", "XX", "two-letter postal code"),
        ("postal_code", "9710", "ZIP code of five digits"),
        ("admin_email", "lena-at-cedar", "Enter an email address such as"),
        ("admin_phone", "555-0142", "ten-digit phone number"),
        ("backup_email", "LENA@cedar.example", "The backup administrator must be another person"),
    ],
)
def test_bad_input_is_refused_naming_the_field(field: str, value: str, message: str) -> None:
    response = Client().post("/register/", form(**{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert not OrganizationRegistration.objects.exists()


def test_a_tin_with_a_dash_and_npis_on_lines_are_accepted() -> None:
    registration = submit(form(tin="93-1234567", npis=f"{factories._npi(1)}\n{factories._npi(2)}\n{factories._npi(1)}"))
    assert registration.tin == "931234567"
    assert registration.npis == [factories._npi(1), factories._npi(2)]


def test_verification_checks_the_tin_and_each_npi_against_the_network(clinic: Clinic, other_clinic: Clinic) -> None:
    stranger = factories.PractitionerFactory()
    unknown = factories._npi(990099)
    registration = submit(
        form(clinic, npis=" ".join([*clinic.npis, other_clinic.organization.group_npi, stranger.npi, unknown]))
    )
    verification = registration_verify(registration=registration)
    assert verification.organization == clinic.organization
    assert verification.tin_matched
    results = {check.npi: (check.matched, check.explanation) for check in verification.npi_checks}
    assert results[clinic.organization.group_npi] == (True, "The organization's own NPI.")
    assert results[clinic.location.npi][0]
    assert clinic.location.name in results[clinic.location.npi][1]
    assert results[clinic.practitioner.npi][0]
    assert "practices there" in results[clinic.practitioner.npi][1]
    assert results[other_clinic.organization.group_npi] == (
        False,
        "Belongs to another organization: Birch Family Medicine.",
    )
    assert results[stranger.npi][0] is False
    assert "does not practice at this organization" in results[stranger.npi][1]
    assert results[unknown] == (False, "Not in the network.")
    assert verification.administrators == 1
    assert not verification.verified


def test_the_staff_page_shows_each_check(clinic: Clinic, provrel_client: Client) -> None:
    registration = submit(form(clinic))
    queue = provrel_client.get("/provider-relations/registrations/").content.decode()
    assert registration.reference in queue
    page = provrel_client.get(f"/provider-relations/registrations/{registration.pk}/").content.decode()
    assert "Every check passed" in page
    assert page.count("Matches") == 1 + len(clinic.npis)


def test_approval_links_the_organization_and_invites_both_administrators(
    clinic: Clinic,
    provrel,
    provrel_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    registration = submit(form(clinic))
    with django_capture_on_commit_callbacks(execute=True):
        response = provrel_client.post(
            f"/provider-relations/registrations/{registration.pk}/",
            {"action": "approve", "organization": clinic.organization.pk},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.organization == clinic.organization
    assert registration.decided_by == provrel
    invitations = Invitation.objects.filter(registration=registration)
    assert {i.email for i in invitations} == {"lena@cedar.example", "omar@cedar.example"}
    assert all(i.roles == [ADMIN] and i.invited_by == provrel for i in invitations)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert set(bodies) == {"lena@cedar.example", "omar@cedar.example"}
    assert all(
        f"{registration.reference} of {clinic.organization.legal_name} was approved" in b for b in bodies.values()
    )
    assert all("/accounts/invitation/" in b for b in bodies.values())
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ORGANIZATION_APPROVED, organization_id=clinic.organization.pk, actor_id=provrel.pk
    ).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.INVITATION_SENT).count() == 2


def test_a_registration_whose_tin_is_not_in_the_network_cannot_be_approved(provrel_client: Client) -> None:
    registration = submit(form())
    page = provrel_client.get(f"/provider-relations/registrations/{registration.pk}/").content.decode()
    assert "No organization in the network has this TIN" in page
    response = provrel_client.post(
        f"/provider-relations/registrations/{registration.pk}/", {"action": "approve", "organization": "1"}
    )
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED
    assert not Invitation.objects.exists()


def test_npis_that_do_not_match_need_staff_to_say_they_checked_them(clinic: Clinic, provrel_client: Client) -> None:
    unknown = factories._npi(990077)
    registration = submit(form(clinic, npis=f"{clinic.organization.group_npi} {unknown}"))
    url = f"/provider-relations/registrations/{registration.pk}/"
    refused = provrel_client.post(url, {"action": "approve", "organization": clinic.organization.pk})
    assert refused.status_code == 400
    assert f"These NPIs did not match the organization: {unknown}" in refused.content.decode()
    assert OrganizationRegistration.objects.get().status == RegistrationStatus.SUBMITTED
    provrel_client.post(
        url, {"action": "approve", "organization": clinic.organization.pk, "unmatched_npis_checked": "on"}
    )
    assert OrganizationRegistration.objects.get().status == RegistrationStatus.APPROVED


def test_declining_needs_a_reason_and_emails_it_to_the_applicant(
    provrel_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    registration = submit(form())
    url = f"/provider-relations/registrations/{registration.pk}/"
    refused = provrel_client.post(url, {"action": "decline", "reason": "  "})
    assert refused.status_code == 400
    assert "Reason: Give the reason" in refused.content.decode()
    assert OrganizationRegistration.objects.get().status == RegistrationStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        provrel_client.post(url, {"action": "decline", "reason": "The TIN is not in our network."})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.DECLINED
    assert registration.decline_reason == "The TIN is not in our network."
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"lena@cedar.example", "omar@cedar.example"}
    assert "The TIN is not in our network." in mail.outbox[0].body
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ORGANIZATION_DECLINED).exists()


def test_a_decided_registration_cannot_be_decided_again(clinic: Clinic, provrel_client: Client) -> None:
    registration = submit(form(clinic))
    url = f"/provider-relations/registrations/{registration.pk}/"
    provrel_client.post(url, {"action": "decline", "reason": "Duplicate."})
    response = provrel_client.post(url, {"action": "approve", "organization": clinic.organization.pk})
    assert response.status_code == 400
    assert "This registration was already declined." in response.content.decode()
    assert OrganizationRegistration.objects.get().status == RegistrationStatus.DECLINED
    assert not Invitation.objects.exists()


def test_only_provider_relations_work_registrations(clinic: Clinic, admin_client: Client) -> None:
    registration = submit(form(clinic))
    examiner = factories.UserFactory(staff_roles=["claims_examiner"])
    examiner_client = Client()
    examiner_client.force_login(examiner)
    for client in (admin_client, examiner_client):
        assert client.get("/provider-relations/registrations/").status_code == 403
        assert client.get(f"/provider-relations/registrations/{registration.pk}/").status_code == 403
        response = client.post(
            f"/provider-relations/registrations/{registration.pk}/", {"action": "decline", "reason": "x"}
        )
        assert response.status_code == 403
    assert Client().get("/provider-relations/registrations/").status_code == 302
    assert OrganizationRegistration.objects.get().status == RegistrationStatus.SUBMITTED


def test_an_unknown_registration_is_not_found(provrel_client: Client) -> None:
    assert provrel_client.get("/provider-relations/registrations/999999/").status_code == 404
