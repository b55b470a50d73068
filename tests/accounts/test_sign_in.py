"""Signing in, acting for an organization, and switching between several."""

import pytest
from django.test import Client

from portico.accounts.gate import AUTH_PASSWORD, SESSION_AUTH_METHOD
from portico.accounts.models import ProviderRole, SecurityEvent, SecurityEventKind
from tests import factories
from tests.accounts.signin_support import enrolled_device, fresh_code, stopped_by_mfa
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]


def test_a_person_signs_in_with_username_and_password_then_a_code(world):
    device = enrolled_device(world.user_a)
    client = Client()
    response = client.post("/accounts/login/", {"username": world.user_a.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_AUTH_METHOD] == AUTH_PASSWORD
    assert stopped_by_mfa(client, "/")
    assert client.post("/accounts/mfa/", {"code": fresh_code(device)})["Location"] == "/"
    assert not stopped_by_mfa(client, "/")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN)
    assert event.user_id == world.user_a.pk
    assert event.detail == "password"


def test_signing_out_is_recorded(world, client_a):
    client_a.post("/accounts/logout/")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_OUT, user_id=world.user_a.pk).count() == 1
    assert client_a.get("/").status_code == 302


def test_a_failed_sign_in_is_recorded_without_the_password(world):
    Client().post("/accounts/login/", {"username": world.user_a.username, "password": "my-secret-guess"})
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert event.user_id == world.user_a.pk
    assert "my-secret-guess" not in event.detail


def test_an_empty_form_names_each_missing_field(db):
    response = Client().post("/accounts/login/", {"username": "", "password": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Username: enter your username." in page
    assert "Password: enter your password." in page


def test_a_wrong_password_says_so_and_signs_nobody_in(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": world.user_a.username, "password": "nope"})
    assert "did not match" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_person_in_two_organizations_switches_between_them(world):
    factories.MembershipFactory(user=world.user_a, organization=world.org_b, roles=[ProviderRole.ELIGIBILITY.value])
    client = Client()
    client.force_login(world.user_a)
    page = client.get("/").content.decode()
    assert 'id="org-switch"' in page
    client.post("/accounts/organization/", {"organization": world.org_b.pk, "next": "/"})
    assert f"You are working for {world.org_b.legal_name}" in client.get("/").content.decode()


def test_switching_to_an_organization_one_does_not_belong_to_is_refused(world, client_a):
    client_a.post("/accounts/organization/", {"organization": world.org_b.pk, "next": "/"})
    assert f"You are working for {world.org_a.legal_name}" in client_a.get("/").content.decode()


def test_switching_never_redirects_off_site(world, client_a):
    response = client_a.post(
        "/accounts/organization/", {"organization": world.org_a.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_navigation_shows_only_what_the_role_allows(world):
    world.membership_a.roles = [ProviderRole.CLAIMS.value]
    world.membership_a.save()
    client = Client()
    client.force_login(world.user_a)
    page = client.get("/").content.decode()
    assert "Eligibility &amp; benefits" not in page
    assert "Profile &amp; API tokens" in page


def test_a_disabled_membership_no_longer_acts_for_the_organization(world):
    world.membership_a.is_active = False
    world.membership_a.save()
    client = Client()
    client.force_login(world.user_a)
    assert client.get("/eligibility/").status_code == 403
