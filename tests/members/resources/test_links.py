"""A secure message may be about a member resource request: the organization's own, by its reference."""

from __future__ import annotations

import pytest

from portico.accounts.models import Membership, ProviderRole
from portico.common.errors import ValidationFailed
from portico.messaging.threads.models import PlanTeam
from portico.messaging.threads.services import thread_start
from tests.members.resources.conftest import ResourceWorld, ride

pytestmark = pytest.mark.django_db


def test_a_thread_about_a_request_names_it_and_its_member_and_another_organization_cannot(rw: ResourceWorld) -> None:
    Membership.objects.filter(organization__in=[rw.world.org_a, rw.world.org_b]).update(
        roles=[ProviderRole.ELIGIBILITY.value, ProviderRole.MESSAGING.value]
    )
    row = rw.submit("rides", ride())
    team = PlanTeam.objects.get(key="provider-services")
    thread = thread_start(
        actor=rw.world.actor(), team_id=team.pk, subject="Ride pick-up time", topic="member",
        body="Can the driver come 15 minutes earlier?", link_kind="member_resource",
        link_reference=row.reference.lower(),
    )  # fmt: skip
    assert (thread.link_kind, thread.link_id, thread.link_label, thread.member_id) == (
        "member_resource", row.pk, row.reference, rw.world.member_a.pk,
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as raised:
        thread_start(
            actor=rw.world.actor(rw.world.user_b), team_id=team.pk, subject="Ride", topic="member", body="?",
            link_kind="member_resource", link_reference=row.reference,
        )  # fmt: skip
    assert raised.value.errors["link_reference"][0].startswith("No member resource request")
