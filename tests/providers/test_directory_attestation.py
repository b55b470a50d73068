"""The 90-day directory attestation: the clock, the reminders, and who is late."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from portico.messaging.models import Notification
from portico.providers.directory.attestation import (
    attestation_state,
    directory_attest,
    directory_reminders_run,
)
from portico.providers.directory.models import DirectoryReminder
from tests.providers.conftest import JOINED, Clinic, signed_in

pytestmark = pytest.mark.django_db


def at(day: str) -> time_machine.travel:
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T12:00:00-08:00"), tick=False)


def test_the_first_attestation_is_due_90_days_after_joining(clinic: Clinic) -> None:
    with at("2025-03-01"):
        state = attestation_state(organization_id=clinic.organization.pk)
    assert state is not None
    assert state.due_on == JOINED + dt.timedelta(days=90)  # 2025-04-01
    assert state.standing == "on_time"


def test_an_attestation_moves_the_due_date_90_days_on(clinic: Clinic) -> None:
    with at("2025-05-10"):
        assert attestation_state(organization_id=clinic.organization.pk).days_late == 39  # type: ignore[union-attr]
        directory_attest(organization_id=clinic.organization.pk, actor=clinic.admin)
        state = attestation_state(organization_id=clinic.organization.pk)
    assert state is not None
    assert state.due_on == dt.date(2025, 8, 8)
    assert not state.overdue
    with at("2025-08-09"):
        assert attestation_state(organization_id=clinic.organization.pk).days_late == 1  # type: ignore[union-attr]


def test_reminders_go_14_days_before_and_when_late_once_each(clinic: Clinic) -> None:
    with at("2025-03-01"):
        assert directory_reminders_run() == 0
    with at("2025-03-20"):  # 12 days before 2025-04-01
        assert directory_reminders_run() == 1
        assert directory_reminders_run() == 0  # idempotent
    with at("2025-04-02"):
        assert directory_reminders_run() == 1
        assert directory_reminders_run() == 0
    assert set(DirectoryReminder.objects.values_list("stage", flat=True)) == {"upcoming", "overdue"}
    assert Notification.objects.filter(recipient=clinic.admin).count() == 2
    assert not Notification.objects.filter(recipient=clinic.frontdesk).exists()


def test_the_command_sends_the_reminders(clinic: Clinic, capsys: pytest.CaptureFixture[str]) -> None:
    with at("2025-04-05"):
        call_command("directory", "remind")
        call_command("directory", "remind", "--enqueue")
    out = capsys.readouterr().out
    assert "1 reminder(s) sent." in out
    assert "Enqueued" in out


def test_staff_see_who_is_late_and_by_how_much(clinic: Clinic) -> None:
    with at("2025-04-11"):
        page = signed_in(clinic.staff).get("/provider-relations/directory/attestations/")
    body = page.content.decode()
    assert page.status_code == 200
    assert clinic.organization.legal_name in body
    assert "2 organizations are late" in body
    assert '<td class="num">10</td>' in body
    assert "chart-directory-attestation" in body


def test_the_administrator_attests_on_the_clinic_page(clinic: Clinic) -> None:
    client = signed_in(clinic.admin)
    with at("2025-04-11"):
        assert "Overdue" in client.get("/clinic-information/").content.decode()
        assert client.post("/clinic-information/attest/").status_code == 302
        assert "On time" in client.get("/clinic-information/").content.decode()
    assert signed_in(clinic.frontdesk).post("/clinic-information/attest/").status_code == 403
