"""The quarterly attestation of an organization's people and roles: the button, the quarter arithmetic, the
reminders to administrators who have not attested, and provider relations' report of who is overdue."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from portico.accounts.models import PeopleAttestation, ProviderRole, SecurityEvent, SecurityEventKind
from portico.accounts.people.attestation import attestation_reminders_run, attestations_due
from portico.accounts.people.quarters import Quarter
from portico.messaging.models import Notification, NotificationPreference, NotificationTopic
from tests import factories
from tests.accounts.people_support import (
    Clinic,
    admin_client,
    clinic,
    clinic_create,
    provrel,
)

pytestmark = [pytest.mark.django_db]
__all__ = ["admin_client", "clinic", "provrel"]  # fixtures


def at(day: str, hour: int = 12):  # type: ignore[no-untyped-def]
    """Travel to noon (Pacific) on a day."""
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00-07:00"), tick=False)


@pytest.mark.parametrize(
    ("day", "quarter", "start", "end"),
    [
        ("2026-01-01", "2026 Q1", "2026-01-01", "2026-03-31"),
        ("2026-03-31", "2026 Q1", "2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026 Q2", "2026-04-01", "2026-06-30"),
        ("2026-08-15", "2026 Q3", "2026-07-01", "2026-09-30"),
        ("2026-12-31", "2026 Q4", "2026-10-01", "2026-12-31"),
    ],
)
def test_a_day_falls_in_its_calendar_quarter(day: str, quarter: str, start: str, end: str) -> None:
    found = Quarter.of(dt.date.fromisoformat(day))
    assert str(found) == quarter
    assert found.start == dt.date.fromisoformat(start)
    assert found.end == dt.date.fromisoformat(end)


def test_quarters_step_across_years_and_count_days_left() -> None:
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2027, 2).index - Quarter(2026, 3).index == 3
    assert Quarter(2026, 2).days_left(dt.date(2026, 6, 30)) == 1
    assert Quarter(2026, 2).days_left(dt.date(2026, 6, 17)) == 14
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert Quarter(2024, 1).days_left(dt.date(2024, 2, 29)) == 32


def test_the_administrator_attests_once_a_quarter(clinic: Clinic, admin_client: Client) -> None:
    with at("2026-05-12"):
        page = admin_client.get("/organization/people/").content.decode()
        assert "Quarterly attestation: 2026 Q2" in page
        assert "Due by 2026-06-30" in page
        response = admin_client.post("/organization/people/attest/")
        assert response.status_code == 302
        attestation = PeopleAttestation.objects.get()
        assert (attestation.year, attestation.quarter, attestation.attested_by) == (2026, 2, clinic.admin)
        assert attestation.people == [
            {"user_id": clinic.admin.pk, "username": clinic.admin.username, "roles": ["administrator"], "active": True}
        ]
        assert (
            "Dana Admin attested this list on 2026-05-12" in admin_client.get("/organization/people/").content.decode()
        )
        again = admin_client.post("/organization/people/attest/")
        assert again.status_code == 400
        assert "already attested the people and roles this quarter, on 2026-05-12" in again.content.decode()
    assert PeopleAttestation.objects.count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PEOPLE_ATTESTED, detail="2026 Q2; 1 people").exists()
    with at("2026-07-01"):
        admin_client.force_login(clinic.admin)  # a new day, a new sign-in
        assert "Quarterly attestation: 2026 Q3" in admin_client.get("/organization/people/").content.decode()
        assert admin_client.post("/organization/people/attest/").status_code == 302
    assert PeopleAttestation.objects.count() == 2


def _organizations() -> tuple[Clinic, Clinic, Clinic]:
    """Three organizations with administrators since early 2026: one attests Q1 and Q2, one only Q1, one never."""
    with at("2026-01-10"):
        steady, lapsed, silent = (clinic_create(f"Clinic {n}", f"admin{n}@clinic.example") for n in "ABC")
        for c in (steady, lapsed):
            PeopleAttestation.objects.create(organization=c.organization, year=2026, quarter=1, attested_by=c.admin)
    with at("2026-04-20"):
        PeopleAttestation.objects.create(
            organization=steady.organization, year=2026, quarter=2, attested_by=steady.admin
        )
    factories.OrganizationFactory(legal_name="No portal users")
    return steady, lapsed, silent


def test_organizations_that_have_not_attested_are_listed_with_how_overdue() -> None:
    _steady, _lapsed, _silent = _organizations()
    rows = {row.organization.legal_name: row for row in attestations_due(day=dt.date(2026, 8, 10))}
    assert set(rows) == {"Clinic A", "Clinic B", "Clinic C"}  # in Q3 nobody has attested yet
    assert rows["Clinic A"].overdue is False
    assert rows["Clinic A"].days_left == 52
    assert (rows["Clinic B"].overdue_days, rows["Clinic B"].quarters_missed) == (41, 1)  # missed Q2 (ended June 30)
    assert (rows["Clinic C"].overdue_days, rows["Clinic C"].quarters_missed) == (132, 2)  # missed Q1 and Q2
    assert rows["Clinic C"].last is None
    ordered = [row.organization.legal_name for row in attestations_due(day=dt.date(2026, 8, 10))]
    assert ordered == ["Clinic C", "Clinic B", "Clinic A"]
    in_q2 = {row.organization.legal_name for row in attestations_due(day=dt.date(2026, 5, 1))}
    assert in_q2 == {"Clinic B", "Clinic C"}


def test_an_organization_whose_administrator_is_disabled_is_not_listed() -> None:
    with at("2026-01-10"):
        only = clinic_create("Clinic D", "d@clinic.example")
    only.admin_membership.is_active = False
    only.admin_membership.save()
    assert attestations_due(day=dt.date(2026, 8, 10)) == []


def test_provider_relations_see_the_overdue_report(provrel) -> None:  # type: ignore[no-untyped-def]
    steady, _lapsed, _silent = _organizations()
    admin_client, provrel_client = Client(), Client()
    with at("2026-08-10"):
        admin_client.force_login(steady.admin)
        provrel_client.force_login(provrel)
        page = provrel_client.get("/provider-relations/attestations/").content.decode()
        assert "have not attested 2026 Q3" in page
        assert "3 organizations have not attested, 2 overdue." in page
        assert page.index("Clinic C") < page.index("Clinic B") < page.index("Clinic A")
        assert "since 2026-03-31" in page
        assert "since 2026-06-30" in page
        assert "52 days left" in page
        assert admin_client.get("/provider-relations/attestations/").status_code == 403


def test_reminders_go_to_administrators_twice_a_quarter_at_most(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    steady, lapsed, silent = _organizations()
    NotificationPreference.objects.create(user=lapsed.admin, topic=NotificationTopic.ORGANIZATION_PEOPLE, email=True)
    lapsed.admin.email = "admin-b@clinic.example"
    lapsed.admin.save()
    with at("2026-05-02"), django_capture_on_commit_callbacks(execute=True):
        assert attestation_reminders_run() == 2  # B and C; A attested Q2
        assert attestation_reminders_run() == 0  # once per stage
    notes = Notification.objects.filter(topic=NotificationTopic.ORGANIZATION_PEOPLE)
    assert {n.recipient for n in notes} == {lapsed.admin, silent.admin}
    note = notes.get(recipient=silent.admin)
    assert note.text == "Check and confirm your organization's people and roles for 2026 Q2, by 2026-06-30."
    assert note.link == "/organization/people/"
    assert note.organization_id == silent.organization.pk
    assert [m.to for m in mail.outbox] == [["admin-b@clinic.example"]]  # only who chose email
    assert "You have 1 new notification" in mail.outbox[0].body  # the notification email: a pointer, no detail

    with at("2026-06-20"):
        assert attestation_reminders_run() == 2  # the closing reminder
        assert attestation_reminders_run() == 0
    with at("2026-07-02"):
        assert attestation_reminders_run() == 3  # a new quarter: everyone
    assert Notification.objects.filter(recipient=steady.admin).count() == 1


def test_the_remind_command_runs_the_reminders() -> None:
    _organizations()
    out = StringIO()
    with at("2026-05-02"):
        call_command("organizations", "remind", stdout=out)
    assert out.getvalue().strip() == "2 organization(s) reminded."
    enqueued = StringIO()
    with at("2026-07-02"):
        call_command("organizations", "remind", "--enqueue", stdout=enqueued)  # the immediate backend in tests
    assert enqueued.getvalue().startswith("Enqueued reminders")
    assert Notification.objects.filter(topic=NotificationTopic.ORGANIZATION_PEOPLE).count() == 5


def test_administrators_can_choose_the_reminder_by_email(clinic: Clinic, admin_client: Client) -> None:
    page = admin_client.get("/notifications/settings/").content.decode()
    assert str(NotificationTopic.ORGANIZATION_PEOPLE.label).replace("'", "&#x27;") in page


def test_only_administrators_attest(clinic: Clinic) -> None:
    member = factories.MembershipFactory(organization=clinic.organization, roles=[ProviderRole.CLAIMS.value])
    client = Client()
    client.force_login(member.user)
    assert client.post("/organization/people/attest/").status_code == 403
    assert not PeopleAttestation.objects.exists()
