"""The demo world's directory work: a pending change, one organization late, two applications."""

from __future__ import annotations

import pytest

from portico.providers.directory.attestation import attestation_states
from portico.providers.directory.models import ChangeStatus, DirectoryChange
from portico.providers.joining.models import ApplicationStatus, NetworkApplication
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_pending_change_a_late_organization_and_two_applications(demo_world) -> None:  # type: ignore[no-untyped-def]
    change = DirectoryChange.objects.get(status=ChangeStatus.PENDING)
    assert change.organization.legal_name.startswith("Thimbleberry")
    assert {f.field for f in change.fields.all()} >= {"hours", "telehealth"}
    late = [s for s in attestation_states(day=AS_OF) if s.overdue]
    assert [s.days_late for s in late] == [30]
    soon = [s.organization.legal_name for s in attestation_states(day=AS_OF) if s.standing == "due_soon"]
    assert any(name.startswith("Thimbleberry") for name in soon)
    statuses = sorted(NetworkApplication.objects.values_list("status", flat=True))
    assert statuses == [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
