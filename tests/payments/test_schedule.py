"""The weekly payment run kept in the task queue: when the next one is due (boundaries, daylight saving, the
configured day and hour), one queued at a time, and the real database worker running it on its day and queuing
the next."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portico.accounts.models import User
from portico.payments.models import Payment, PaymentRun, RunTrigger
from portico.payments.tasks import payment_run_next_at, payment_run_schedule, payment_run_scheduled
from tests.payments.support import PayWorld

PACIFIC = ZoneInfo("America/Los_Angeles")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PACIFIC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (local(2026, 12, 2, 23, 0), local(2026, 12, 3, 5, 0)),  # Wednesday night: the next morning
        (local(2026, 12, 3, 4, 59), local(2026, 12, 3, 5, 0)),  # a minute before: the same morning
        (local(2026, 12, 3, 5, 0), local(2026, 12, 10, 5, 0)),  # at the hour: next week (strictly after)
        (local(2026, 12, 3, 11, 0), local(2026, 12, 10, 5, 0)),  # Thursday after the run: next week
        (local(2026, 12, 5, 9, 0), local(2026, 12, 10, 5, 0)),  # Saturday
        (local(2027, 3, 12, 9, 0), local(2027, 3, 18, 5, 0)),  # across the change to daylight time: still 05:00
        (local(2026, 12, 29, 9, 0), local(2026, 12, 31, 5, 0)),  # across the year's end
    ],
)
def test_the_next_run_is_the_configured_weekday_and_hour_in_the_plans_time_zone(
    after: dt.datetime, expected: dt.datetime
) -> None:
    at = payment_run_next_at(after=after.astimezone(dt.UTC))
    assert at == expected
    assert at.astimezone(PACIFIC).hour == 5


def test_another_day_and_hour_can_be_configured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PORTICO = {**settings.PORTICO, "PAYMENT_RUN_WEEKDAY": 1, "PAYMENT_RUN_HOUR": 22}
    assert payment_run_next_at(after=local(2026, 12, 3, 9, 0)) == local(2026, 12, 7, 22, 0)


@pytest.mark.django_db
def test_the_schedule_needs_a_backend_that_can_hold_a_run() -> None:
    # The tests' immediate backend runs a task at once; it cannot keep one until Thursday.
    assert payment_run_scheduled() is None
    with pytest.raises(CommandError, match="run `portico payments run` from cron instead"):
        call_command("payments", "schedule")


@pytest.mark.django_db
def test_one_run_is_queued_however_often_it_is_scheduled(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(local(2026, 12, 5, 9, 0), tick=False):
        out = StringIO()
        call_command("payments", "schedule", stdout=out)
        call_command("payments", "schedule", stdout=out)
        assert payment_run_schedule() == local(2026, 12, 10, 5, 0)
        call_command("payments", "run", "--enqueue", stdout=StringIO())  # a run as soon as a worker is free
    lines = out.getvalue().splitlines()
    assert (
        lines
        == [
            "The weekly payment run is queued for Thursday, December 10, 2026, 05:00 (America/Los_Angeles); "
            "a task worker starts it then."
        ]
        * 2
    )
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("run_after")
    assert waiting[0].run_after == local(2026, 12, 10, 5, 0)
    assert waiting.count() == 2  # the weekly run and the one enqueued for now
    assert payment_run_scheduled() == local(2026, 12, 10, 5, 0)


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as in production: autocommit
def test_the_worker_runs_the_weekly_run_on_its_day_and_queues_the_next(pay: PayWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    pay.claim("a")
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        payment_run_schedule()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        assert not PaymentRun.objects.exists()  # Tuesday: not yet
    with time_machine.travel(local(2026, 12, 3, 5, 0, 30), tick=False):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        run = PaymentRun.objects.get()
        assert (run.trigger, run.as_of, run.claim_count) == (RunTrigger.SCHEDULED, dt.date(2026, 12, 3), 1)
        assert Payment.objects.get().organization == pay.world.org_a
        assert payment_run_scheduled() == local(2026, 12, 10, 5, 0)
        finished = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
        assert finished.return_value["claims"] == 1


@pytest.mark.django_db
def test_staff_see_when_the_next_weekly_run_starts(settings) -> None:  # type: ignore[no-untyped-def]
    from tests import factories

    factories.UserFactory(username="runs-examiner", staff_roles=["claims_examiner"])
    client = Client()
    client.force_login(User.objects.get(username="runs-examiner"))
    settings.TASKS = DATABASE_TASKS
    assert "No weekly run is queued" in client.get("/payments/runs/").content.decode()
    with time_machine.travel(local(2026, 12, 5, 9, 0), tick=False):
        payment_run_schedule()
    page = client.get("/payments/runs/").content.decode()
    assert "Next weekly run: Thursday, December 10, 2026 at 5 a.m." in page
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page = client.get("/payments/runs/").content.decode()
    assert "Next weekly run" not in page
    assert "No weekly run is queued" not in page  # runs come from cron then: the page cannot tell


@pytest.mark.django_db
def test_a_new_day_or_hour_replaces_the_waiting_run(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(local(2026, 12, 5, 9, 0), tick=False):
        payment_run_schedule()
        settings.PORTICO = {**settings.PORTICO, "PAYMENT_RUN_WEEKDAY": 2, "PAYMENT_RUN_HOUR": 6}
        assert payment_run_schedule() == local(2026, 12, 8, 6, 0)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert payment_run_scheduled() == local(2026, 12, 8, 6, 0)


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_does_not_end_the_schedule(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portico.payments import tasks

    settings.TASKS = DATABASE_TASKS

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the bank file could not be written")

    monkeypatch.setattr(tasks, "payment_run_execute", broken)
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        payment_run_schedule()
    with time_machine.travel(local(2026, 12, 3, 5, 1), tick=False):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
        assert "bank file" in failed.traceback
        assert payment_run_scheduled() == local(2026, 12, 10, 5, 0)  # next week's is queued all the same
