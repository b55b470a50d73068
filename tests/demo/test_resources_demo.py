"""The demo world's member resource requests: Thimbleberry's, in every state, dated from the as-of date, worked by
the care coordinator persona (docs/demo.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from portico.accounts.models import StaffRole, User
from portico.members.resources.models import ResourceRequest, ResourceStatus
from tests.demo.conftest import AS_OF

pytestmark = [pytest.mark.django_db]


def test_the_demo_has_requests_in_every_state_for_the_well_known_members(demo_world):
    rows = {
        (r.member.member_number, r.program.key): r for r in ResourceRequest.objects.select_related("member", "program")
    }
    assert {key: r.status for key, r in rows.items()} == {
        ("CH100000001", "interpreter"): ResourceStatus.ARRANGED,
        ("CH100000002", "rides"): ResourceStatus.NEEDS_INFORMATION,
        ("CH100000003", "coverage-help"): ResourceStatus.SUBMITTED,
        ("CH100000004", "housing-supports"): ResourceStatus.IN_REVIEW,
        ("CH100000007", "nutrition-supports"): ResourceStatus.DENIED,
        ("CH100000008", "rides"): ResourceStatus.WITHDRAWN,
        # 2026-03-18 is outside the climate-device season: the air conditioner came last summer.
        ("CH100000001", "climate-devices"): ResourceStatus.COMPLETED,
    }
    assert rows[("CH100000001", "climate-devices")].submitted_at.date() == dt.date(2025, 7, 15)
    assert rows[("CH100000003", "coverage-help")].line_of_business.code == "WVCCO"
    assert all(r.organization.legal_name == "Thimbleberry Family Medicine, P.C." for r in rows.values())
    assert all(e.at.date() <= AS_OF for r in rows.values() for e in r.events.all())
    assert rows[("CH100000002", "rides")].assignee.username == "carecoord"


def test_the_care_coordinator_persona_holds_the_role(demo_world):
    user = User.objects.get(username="carecoord")
    assert user.staff_roles == [StaffRole.CARE_COORDINATOR.value]
