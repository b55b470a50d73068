"""Invitations: sent by an administrator, accepted once through an expiring link, resent or cancelled; a person
with an account adds the organization to it (a billing service working for several clinics)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from portico.accounts.models import Invitation, Membership, ProviderRole, SecurityEvent, SecurityEventKind, User
from tests import factories
from tests.accounts.people_support import (
    Clinic,
    admin_client,
    clinic,
    other_clinic,
    token_from_mail,
)

pytestmark = [pytest.mark.django_db]
__all__ = ["admin_client", "clinic", "other_clinic"]  # fixtures

GOOD_PASSWORD = "lighthouse ferry morning tide"
CLAIMS = ProviderRole.CLAIMS.value
PAYMENTS = ProviderRole.PAYMENTS.value


def invite(client: Client, capture, email: str = "sam@alder.example", roles=(CLAIMS, PAYMENTS)):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            "/organization/people/invite/",
            {"first_name": "Sam", "last_name": "Reyes", "email": email, "roles": list(roles)},
        )


def accept_new(token: str, username: str = "sreyes", password: str = GOOD_PASSWORD, again: str | None = None):  # type: ignore[no-untyped-def]
    return Client().post(
        f"/accounts/invitation/{token}/",
        {
            "first_name": "Sam",
            "last_name": "Reyes",
            "username": username,
            "password": password,
            "password_again": password if again is None else again,
        },
    )


def test_an_administrator_invites_a_person_by_email(
    clinic: Clinic,
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    response = invite(admin_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.roles == [CLAIMS, PAYMENTS]
    assert invitation.invited_by == clinic.admin
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    token = token_from_mail("sam@alder.example")
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert "Claims, Payments & remittance" in mail.outbox[0].body
    page = admin_client.get("/organization/people/").content.decode()
    assert "sam@alder.example" in page
    assert "Pending" in page
    event = SecurityEvent.objects.get(kind=SecurityEventKind.INVITATION_SENT)
    assert event.organization_id == clinic.organization.pk
    assert event.actor_id == clinic.admin.pk


def test_invitation_days_come_from_the_setting(
    clinic: Clinic,
    admin_client: Client,
    settings,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.PORTICO = {**settings.PORTICO, "INVITATION_DAYS": 2}
    invite(admin_client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "sam@alder.example"}, "roles", "Choose at least one role."),
        ({"email": "not an email", "roles": [CLAIMS]}, "email", "Enter an email address such as"),
        ({"email": "sam@alder.example", "roles": ["superuser"]}, "roles", "Choose roles from the list."),
    ],
)
def test_bad_invitations_are_refused_naming_the_field(
    admin_client: Client, data: dict, field: str, message: str
) -> None:
    response = admin_client.post("/organization/people/invite/", {"first_name": "Sam", "last_name": "Reyes", **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert not Invitation.objects.exists()


def test_a_person_who_already_works_there_or_is_invited_is_not_invited_again(
    clinic: Clinic,
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    refused = invite(admin_client, django_capture_on_commit_callbacks, email="DANA@alder.example")
    assert "already works for the organization" in refused.content.decode()
    invite(admin_client, django_capture_on_commit_callbacks)
    again = invite(admin_client, django_capture_on_commit_callbacks)
    assert "An invitation to this address is pending" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_a_new_person_accepts_chooses_a_username_and_password_and_can_sign_in(
    clinic: Clinic,
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    token = token_from_mail("sam@alder.example")
    form = Client().get(f"/accounts/invitation/{token}/").content.decode()
    assert f"Join {clinic.organization.legal_name}" in form
    assert 'value="Sam"' in form
    response = accept_new(token)
    assert response.status_code == 200
    assert "Sign in now" in response.content.decode()
    user = User.objects.get(username="sreyes")
    assert user.email == "sam@alder.example"
    membership = Membership.objects.get(user=user)
    assert membership.organization == clinic.organization
    assert membership.roles == [CLAIMS, PAYMENTS]
    assert Client().login(username="sreyes", password=GOOD_PASSWORD)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.INVITATION_ACCEPTED, user_id=user.pk).exists()
    report = admin_client.get("/organization/people/").content.decode()
    assert "Sam Reyes" in report
    assert "Dana Admin" in report


def test_the_link_works_once(
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    token = token_from_mail("sam@alder.example")
    accept_new(token)
    again = Client().get(f"/accounts/invitation/{token}/")
    assert again.status_code == 410
    assert "This invitation was already used" in again.content.decode()
    second = accept_new(token, username="someone-else")
    assert second.status_code == 410
    assert User.objects.filter(email="sam@alder.example").count() == 1


def test_an_expired_link_says_so(
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    token = token_from_mail("sam@alder.example")
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        response = accept_new(token)
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(username="sreyes").exists()


def test_a_cancelled_link_says_so_and_resending_makes_a_new_link(
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    first = token_from_mail("sam@alder.example")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/organization/invitations/{invitation.pk}/resend/")
    second = token_from_mail("sam@alder.example")
    assert second != first
    assert Client().get(f"/accounts/invitation/{first}/").status_code == 404
    assert Client().get(f"/accounts/invitation/{second}/").status_code == 200
    admin_client.post(f"/organization/invitations/{invitation.pk}/cancel/")
    cancelled = Client().get(f"/accounts/invitation/{second}/")
    assert cancelled.status_code == 410
    assert "This invitation was cancelled" in cancelled.content.decode()


def test_an_unknown_link_is_not_valid() -> None:
    response = Client().get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_the_password_rules_and_the_username_are_checked_naming_the_field(
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    factories.UserFactory(username="taken")
    invite(admin_client, django_capture_on_commit_callbacks)
    token = token_from_mail("sam@alder.example")
    short = accept_new(token, password="short")
    assert short.status_code == 400
    assert 'id="id_password_error"' in short.content.decode()
    mismatch = accept_new(token, again=GOOD_PASSWORD + "x")
    assert "The two passwords are not the same." in mismatch.content.decode()
    taken = accept_new(token, username="TAKEN")
    assert "This username is taken" in taken.content.decode()
    assert not User.objects.filter(email="sam@alder.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_person_with_an_account_is_asked_to_sign_in_and_then_adds_the_organization(
    clinic: Clinic,
    other_clinic: Clinic,
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    biller = factories.UserFactory(username="biller", email="priya@ledgerline.example")
    factories.MembershipFactory(user=biller, organization=other_clinic.organization, roles=[CLAIMS])
    invite(admin_client, django_capture_on_commit_callbacks, email="priya@ledgerline.example", roles=[PAYMENTS])
    token = token_from_mail("priya@ledgerline.example")
    anonymous = Client().get(f"/accounts/invitation/{token}/").content.decode()
    assert "Sign in to accept" in anonymous
    typed = {"username": "x", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    assert "Sign in to accept" in Client().post(f"/accounts/invitation/{token}/", typed).content.decode()
    assert not User.objects.filter(username="x").exists()  # no second account for the same person
    client = Client()
    client.force_login(biller)
    response = client.post(f"/accounts/invitation/{token}/")
    assert "is now one of your organizations" in response.content.decode()
    roles = {m.organization_id: m.roles for m in Membership.objects.filter(user=biller)}
    assert roles == {other_clinic.organization.pk: [CLAIMS], clinic.organization.pk: [PAYMENTS]}
    # each organization granted its own roles; the header offers both
    assert 'id="org-switch"' in client.get("/").content.decode()


def test_a_signed_in_person_with_another_email_cannot_accept(
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    token = token_from_mail("sam@alder.example")
    intruder = factories.UserFactory(email="mallory@elsewhere.example")
    client = Client()
    client.force_login(intruder)
    assert "not the one this invitation was sent to" in client.get(f"/accounts/invitation/{token}/").content.decode()
    response = client.post(f"/accounts/invitation/{token}/")
    assert response.status_code == 400
    assert not Membership.objects.filter(user=intruder).exists()
    assert Invitation.objects.get().accepted_at is None


def test_another_organizations_administrator_cannot_touch_the_invitation(
    other_clinic: Clinic,
    admin_client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    invite(admin_client, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    outsider = Client()
    outsider.force_login(other_clinic.admin)
    for action in ("resend", "cancel"):
        assert outsider.post(f"/organization/invitations/{invitation.pk}/{action}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    assert "sam@alder.example" not in outsider.get("/organization/people/").content.decode()
