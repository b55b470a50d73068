"""The directory's people: a clinic administrator, a front-desk person, provider relations staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from portico.accounts.models import ProviderRole, StaffRole, User
from portico.providers.models import NetworkParticipation, Practitioner, ProviderOrganization, ServiceLocation
from tests import factories

JOINED = dt.date(2025, 1, 1)


@dataclass
class Clinic:
    organization: ProviderOrganization
    location: ServiceLocation
    practitioner: Practitioner
    admin: User
    frontdesk: User
    staff: User
    other_location: ServiceLocation


def in_network(organization: ProviderOrganization, start: dt.date = JOINED) -> None:
    NetworkParticipation.objects.create(
        organization=organization, line_of_business=factories.LineOfBusinessFactory(), contracted=True, start=start
    )


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    location = factories.LocationFactory(
        name="Alder Street Clinic", city="Salem", postal_code="97301", languages=["English", "Spanish"]
    )
    in_network(location.organization)
    practitioner = factories.PractitionerFactory(first_name="Lena", last_name="Marsh")
    factories.AffiliationFactory(practitioner=practitioner, location=location)
    other = factories.LocationFactory(name="Birch Family Medicine")
    in_network(other.organization)
    factories.AffiliationFactory(location=other, practitioner=factories.PractitionerFactory(last_name="Okonkwo"))
    admin = factories.MembershipFactory(organization=location.organization, roles=[ProviderRole.ADMINISTRATOR.value])
    frontdesk = factories.MembershipFactory(organization=location.organization, roles=[ProviderRole.ELIGIBILITY.value])
    staff = factories.UserFactory(staff_roles=[StaffRole.PROVIDER_RELATIONS.value])
    return Clinic(
        organization=location.organization,
        location=location,
        practitioner=practitioner,
        admin=admin.user,
        frontdesk=frontdesk.user,
        staff=staff,
        other_location=other,
    )


@pytest.fixture(autouse=True)
def _checklist(db) -> None:  # type: ignore[no-untyped-def]
    """The migration's checklist rows (a browser test's flush may have removed them)."""
    from portico.providers.joining.services import checklist_defaults_ensure

    checklist_defaults_ensure()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
