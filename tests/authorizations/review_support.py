"""Reviewers for the review tests: a plan UM nurse, a Summit Specialty Review reviewer, a Beacon reviewer, and
a request of clinic A with a plan line (27447) and a Summit line (70551)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from portico.accounts.models import StaffRole, User
from portico.authorizations.models import AuthorizationLine, AuthorizationRequest, VendorReviewer
from portico.authorizations.services import authorization_submit
from portico.common.access import Actor
from portico.common.models import Channel
from tests import factories
from tests.authorizations.support import AuthWorld

TWO_LINES = [
    {"code": "27447", "units": 2, "start": "2026-06-01", "end": "2026-06-03"},
    {"code": "70551", "units": 1, "start": "2026-06-01"},
]


@dataclass
class Reviewers:
    plan: User
    summit: User
    beacon: User
    clerk: User  # plan staff without the UM reviewer role

    def actor(self, user: User) -> Actor:
        return Actor(user=user, organization_id=None, channel=Channel.WEB)

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def reviewers(auth: AuthWorld) -> Reviewers:
    um = [StaffRole.UM_REVIEWER.value]
    plan = factories.UserFactory(username="umnurse", first_name="Grace", last_name="Lindqvist", staff_roles=um)
    summit = factories.UserFactory(username="summitreviewer", staff_roles=um)
    beacon = factories.UserFactory(username="beaconreviewer", staff_roles=um)
    VendorReviewer.objects.create(user=summit, vendor=auth.lists.summit)
    VendorReviewer.objects.create(user=beacon, vendor=auth.lists.beacon)
    clerk = factories.UserFactory(username="examiner", staff_roles=[StaffRole.CLAIMS_EXAMINER.value])
    return Reviewers(plan=plan, summit=summit, beacon=beacon, clerk=clerk)


def submitted(auth: AuthWorld, **changes: object) -> AuthorizationRequest:
    return authorization_submit(actor=auth.actor(), data=auth.payload(**changes)).request


def submit_two_lines(
    auth: AuthWorld, **changes: object
) -> tuple[AuthorizationRequest, AuthorizationLine, AuthorizationLine]:
    row = submitted(auth, lines=TWO_LINES, **changes)
    plan_line, vendor_line = row.lines.order_by("number")
    return row, plan_line, vendor_line
