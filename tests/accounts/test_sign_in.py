"""Signing in, acting for an organization, and switching between several."""

import pytest
from django.test import Client

from portico.accounts.models import ProviderRole
from tests import factories
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]


def test_a_person_signs_in_with_username_and_password(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": world.user_a.username, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert f"You are working for {world.org_a.legal_name}" in home
    assert "Eligibility &amp; benefits" in home


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
