"""The demo world's secure messages: threads in every state, dated from the as-of date, the staff personas in their
teams and every organization's specialist."""

from __future__ import annotations

import pytest

from portico.messaging.threads.models import MessageThread, OrganizationContact, PlanTeam, ThreadStatus
from portico.providers.models import ProviderOrganization
from tests.demo.conftest import AS_OF

pytestmark = [pytest.mark.django_db]


def test_the_demo_has_threads_in_every_state(demo_world):
    threads = MessageThread.objects.all()
    assert {t.status for t in threads} == {ThreadStatus.OPEN, ThreadStatus.ANSWERED, ThreadStatus.CLOSED}
    assert threads.filter(link_kind="member", link_label="CH100000001").exists()
    assert all(t.last_message_at.date() <= AS_OF for t in threads)
    assert threads.filter(status=ThreadStatus.OPEN, assignee__username="provrel").exists()
    assert PlanTeam.objects.get(key="claims").staff.filter(username="examiner").exists()
    assert OrganizationContact.objects.count() == ProviderOrganization.objects.count()
