"""What the organization tests share: a network organization with its NPIs, administrators, provider relations
staff, and reading the link out of an invitation email."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.providers.models import Practitioner, ProviderOrganization, ServiceLocation
from tests import factories

ADMIN = ProviderRole.ADMINISTRATOR.value
LINK = re.compile(r"/accounts/invitation/([A-Za-z0-9_\-]+)/")


@dataclass
class Clinic:
    organization: ProviderOrganization
    location: ServiceLocation
    practitioner: Practitioner
    admin: User
    admin_membership: Membership

    @property
    def npis(self) -> list[str]:
        return [self.organization.group_npi, self.location.npi, self.practitioner.npi]


def clinic_create(name: str = "Alder Street Clinic", admin_email: str = "dana@alder.example") -> Clinic:
    location = factories.LocationFactory(organization__legal_name=name)
    practitioner = factories.PractitionerFactory()
    factories.AffiliationFactory(practitioner=practitioner, location=location)
    admin = factories.UserFactory(email=admin_email, first_name="Dana", last_name="Admin")
    membership = factories.MembershipFactory(user=admin, organization=location.organization, roles=[ADMIN])
    return Clinic(location.organization, location, practitioner, admin, membership)


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return clinic_create()


@pytest.fixture
def other_clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return clinic_create("Birch Family Medicine", "bea@birch.example")


@pytest.fixture
def admin_client(clinic: Clinic) -> Client:
    client = Client()
    client.force_login(clinic.admin)
    return client


@pytest.fixture
def provrel(db) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(
        username="provrel", first_name="Alicia", last_name="Romero", staff_roles=[StaffRole.PROVIDER_RELATIONS.value]
    )


@pytest.fixture
def provrel_client(provrel: User) -> Client:
    client = Client()
    client.force_login(provrel)
    return client


def token_from_mail(to: str) -> str:
    """The token of the last invitation emailed to ``to``."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no invitation email to {to}")
