"""The demo world's prior-authorization code lists answer as docs/demo.md and the personas say they do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portico.accounts.models import Membership, User
from portico.codes.list_demo import code_lists_demo_load
from portico.codes.models import CodeList, CodeListVersion, ReviewVendor
from portico.codes.requirements import Outcome, requirement_check, requirement_request_parse
from portico.common.access import Actor
from portico.common.models import Channel

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def test_the_demo_world_has_summit_and_two_lists_per_line_of_business(demo_world):
    summit = ReviewVendor.objects.get(key="summit")

    assert summit.starts == dt.date(2026, 5, 1)
    assert CodeList.objects.count() == 8
    assert not CodeListVersion.objects.exclude(status="published").exists()
    assert code_lists_demo_load() == []  # re-running adds nothing


def test_the_coordinator_checks_a_dual_members_cardiology_around_the_cutover(demo_world):
    coordinator = User.objects.get(username="coordinator")
    membership = Membership.objects.get(user=coordinator)
    actor = Actor(user=coordinator, organization_id=membership.organization_id, channel=Channel.WEB)
    outcomes = {}
    for day in ("2026-04-30", "2026-05-01"):
        request = requirement_request_parse(
            {
                "member_id": "CH100000002",
                "birth_date": "1951-09-03",
                "date_of_service": day,
                "lines": [{"code": "93306"}, {"code": "93458"}, {"code": "99214"}],
            }
        )
        answer = requirement_check(actor=actor, request=request)
        assert answer.line_of_business.code == "CADSNP"
        outcomes[day] = [line.outcome for line in answer.lines]

    assert outcomes["2026-04-30"] == [Outcome.PLAN, Outcome.PLAN, Outcome.NO_AUTH]
    assert outcomes["2026-05-01"] == [Outcome.VENDOR, Outcome.VENDOR, Outcome.NO_AUTH]
