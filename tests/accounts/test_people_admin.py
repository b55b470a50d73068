"""The organization administrator's people pages: the report, roles given and taken, access disabled and enabled,
and the rule that an organization keeps an administrator. Another organization's people are not found."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, SecurityEvent, SecurityEventKind
from portico.accounts.services import api_token_authenticate, api_token_create
from tests import factories
from tests.accounts.people_support import ADMIN, Clinic, admin_client, clinic, other_clinic
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]
__all__ = ["admin_client", "clinic", "other_clinic"]  # fixtures

CLAIMS = ProviderRole.CLAIMS.value
ELIGIBILITY = ProviderRole.ELIGIBILITY.value


@pytest.fixture
def teammate(clinic: Clinic) -> Membership:
    user = factories.UserFactory(username="rosa", first_name="Rosa", last_name="Delgado", email="rosa@alder.example")
    return factories.MembershipFactory(user=user, organization=clinic.organization, roles=[ELIGIBILITY])


def person_url(membership: Membership) -> str:
    return f"/organization/people/{membership.pk}/"


def test_the_report_lists_people_roles_status_and_since(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    page = admin_client.get("/organization/people/").content.decode()
    assert "Rosa Delgado" in page
    assert "rosa@alder.example" in page
    assert "Eligibility &amp; benefits" in page
    assert "Dana Admin" in page
    assert "Administrator" in page
    assert "Never" in page  # Rosa never signed in
    assert "People &amp; roles" in page  # in the navigation


def test_the_report_downloads_as_csv(clinic: Clinic, teammate: Membership, admin_client: Client) -> None:
    teammate.user.first_name = "=HYPERLINK(1)"
    teammate.user.save()
    response = admin_client.get("/organization/people/people-and-roles.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Person", "Username", "Email", "Roles", "Status", "Last sign-in", "Invited by", "Since"]
    by_username = {row[1]: row for row in rows[1:]}
    assert by_username["rosa"][2:5] == ["rosa@alder.example", "Eligibility & benefits", "Active"]
    assert by_username["rosa"][0].startswith("'=")  # a spreadsheet will not run it


def test_an_administrator_gives_and_takes_roles_and_the_change_is_recorded(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    response = admin_client.post(person_url(teammate), {"action": "roles", "roles": [CLAIMS, ELIGIBILITY]})
    assert response.status_code == 302
    teammate.refresh_from_db()
    assert teammate.roles == [ELIGIBILITY, CLAIMS]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGED)
    assert event.user_id == teammate.user_id
    assert event.actor_id == clinic.admin.pk
    assert event.organization_id == clinic.organization.pk
    assert event.detail == "roles before: eligibility; after: eligibility, claims"
    refused = admin_client.post(person_url(teammate), {"action": "roles"})
    assert refused.status_code == 400
    assert "Choose at least one role." in refused.content.decode()


def test_the_last_administrator_keeps_the_role_and_access(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    own = person_url(clinic.admin_membership)
    refused = admin_client.post(own, {"action": "roles", "roles": [CLAIMS]})
    assert refused.status_code == 400
    assert "The organization needs an administrator" in refused.content.decode()
    disabled = admin_client.post(own, {"action": "disable"})
    assert disabled.status_code == 400
    assert "last administrator" in disabled.content.decode()
    clinic.admin_membership.refresh_from_db()
    assert clinic.admin_membership.roles == [ADMIN]
    assert clinic.admin_membership.is_active
    # with a second administrator, the first may step down
    admin_client.post(person_url(teammate), {"action": "roles", "roles": [ADMIN]})
    admin_client.post(own, {"action": "roles", "roles": [CLAIMS]})
    clinic.admin_membership.refresh_from_db()
    assert clinic.admin_membership.roles == [CLAIMS]


def test_a_disabled_administrator_does_not_count_as_the_organization_administrator(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    teammate.roles = [ADMIN]
    teammate.is_active = False
    teammate.save()
    assert admin_client.post(person_url(clinic.admin_membership), {"action": "disable"}).status_code == 400


def test_disabling_stops_the_person_acting_for_the_organization_and_their_tokens(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    _token, raw = api_token_create(user=teammate.user, organization_id=clinic.organization.pk, name="PM system")
    assert api_token_authenticate(raw=raw) is not None
    rosa = Client()
    rosa.force_login(teammate.user)
    assert rosa.get("/eligibility/").status_code == 200

    admin_client.post(person_url(teammate), {"action": "disable"})
    teammate.refresh_from_db()
    assert not teammate.is_active
    assert api_token_authenticate(raw=raw) is None
    assert Client().get("/api/v1/ping", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert rosa.get("/eligibility/").status_code == 403
    assert not Client().login(username="rosa", password=PASSWORD)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_DISABLED, user_id=teammate.user_id).exists()
    assert "Disabled" in admin_client.get("/organization/people/").content.decode()

    admin_client.post(person_url(teammate), {"action": "enable"})
    assert api_token_authenticate(raw=raw) is not None
    assert Client().login(username="rosa", password=PASSWORD)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_ENABLED, user_id=teammate.user_id).exists()


def test_a_disabled_persons_open_session_acts_for_no_one(
    clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    rosa = Client()
    rosa.force_login(teammate.user)
    assert rosa.get("/eligibility/").status_code == 200
    admin_client.post(person_url(teammate), {"action": "disable"})
    assert rosa.get("/eligibility/").status_code == 403
    assert clinic.organization.legal_name not in rosa.get("/").content.decode()


def test_a_person_disabled_in_one_organization_still_signs_in_for_another(
    clinic: Clinic, other_clinic: Clinic, teammate: Membership, admin_client: Client
) -> None:
    factories.MembershipFactory(user=teammate.user, organization=other_clinic.organization, roles=[CLAIMS])
    admin_client.post(person_url(teammate), {"action": "disable"})
    assert Client().login(username="rosa", password=PASSWORD)
    client = Client()
    client.force_login(teammate.user)  # and the sign-in gate steps
    assert f"You are working for {other_clinic.organization.legal_name}" in client.get("/").content.decode()
    client.post("/accounts/organization/", {"organization": clinic.organization.pk, "next": "/"})
    assert f"You are working for {other_clinic.organization.legal_name}" in client.get("/").content.decode()


def test_people_pages_are_for_administrators_only(clinic: Clinic, teammate: Membership) -> None:
    rosa = Client()
    rosa.force_login(teammate.user)
    for url in ("/organization/people/", "/organization/people/invite/", "/organization/people/people-and-roles.csv",
                person_url(clinic.admin_membership)):  # fmt: skip
        assert rosa.get(url).status_code == 403, url
    assert rosa.post(person_url(clinic.admin_membership), {"action": "disable"}).status_code == 403
    assert rosa.post("/organization/people/attest/").status_code == 403
    assert "People &amp; roles" not in rosa.get("/").content.decode()
    assert Client().get("/organization/people/").status_code == 302


def test_another_organizations_administrator_sees_and_changes_nothing(
    clinic: Clinic, other_clinic: Clinic, teammate: Membership
) -> None:
    outsider = Client()
    outsider.force_login(other_clinic.admin)
    assert "Rosa Delgado" not in outsider.get("/organization/people/").content.decode()
    assert "Rosa" not in outsider.get("/organization/people/people-and-roles.csv").content.decode()
    assert outsider.get(person_url(teammate)).status_code == 404
    for data in ({"action": "roles", "roles": [ADMIN]}, {"action": "disable"}):
        assert outsider.post(person_url(teammate), data).status_code == 404
    teammate.refresh_from_db()
    assert teammate.roles == [ELIGIBILITY]
    assert teammate.is_active
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).exists()
