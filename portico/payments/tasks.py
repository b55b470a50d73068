"""Background work of the payments app, run by the Django Tasks worker (``portico db_worker``).

The weekly payment run is kept in the task queue itself: a run is queued to start on the configured day and hour
(``PORTICO_PAYMENT_RUN_WEEKDAY``/``_HOUR``, in the plan's time zone) and, when it starts, queues the next one.
``payment_run_schedule`` puts the first one in (``portico payments schedule``) and does nothing while one waits.
Cron or a systemd timer calling ``portico payments run`` stays possible for a backend that cannot hold a task for
later."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from portico.payments.models import RunTrigger
from portico.payments.services import payment_run_execute


@task()
def payment_run_weekly() -> dict[str, int | str]:
    """The weekly payment run, dated today. It queues next week's first, so a failed run does not end the schedule.
    Safe to run again: a claim already paid is never paid twice."""
    if payment_run_can_schedule():
        payment_run_schedule()
    run = payment_run_execute(as_of=timezone.localdate(), trigger=RunTrigger.SCHEDULED)
    return {"run": run.pk, "claims": run.claim_count, "payments": run.payment_count, "total": str(run.total_amount)}


def payment_run_next_at(*, after: dt.datetime) -> dt.datetime:
    """The first configured weekday and hour, in the plan's time zone, strictly after ``after``."""
    weekday, hour = settings.PORTICO["PAYMENT_RUN_WEEKDAY"], settings.PORTICO["PAYMENT_RUN_HOUR"]
    local = timezone.localtime(after)
    day = local.date() + dt.timedelta(days=(weekday - local.isoweekday()) % 7)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return at if at > after else timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=7), dt.time(hour)))


def payment_run_can_schedule() -> bool:
    """Can the task backend hold the weekly run until its day? (The database backend can; the immediate one
    used by the tests and a bare development setup cannot.)"""
    return isinstance(payment_run_weekly.get_backend(), DatabaseBackend)


def payment_run_scheduled() -> dt.datetime | None:
    """When the queued weekly run starts, or None if none waits (or the backend cannot hold one). A run queued
    to start as soon as a worker is free (``portico payments run --enqueue``) is not the schedule."""
    if not payment_run_can_schedule():
        return None
    return _waiting_runs().order_by("run_after").values_list("run_after", flat=True).first()


def _waiting_runs() -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(
        task_path=payment_run_weekly.module_path, status=TaskResultStatus.READY, run_after__lt=get_date_max()
    )


def payment_run_schedule() -> dt.datetime:
    """Queue the next weekly run unless one already waits for the configured day and hour; return when it starts.
    A waiting run queued for another day or hour (the setting changed) is replaced. Two queued at once (two callers
    racing) fold back into one: the first to run sees the other waiting and queues none."""
    waiting = payment_run_scheduled()
    if waiting is not None:
        local = timezone.localtime(waiting)
        weekday, hour = settings.PORTICO["PAYMENT_RUN_WEEKDAY"], settings.PORTICO["PAYMENT_RUN_HOUR"]
        if (local.isoweekday(), local.hour, local.minute) == (weekday, hour, 0):
            return waiting
        _waiting_runs().delete()
    at = payment_run_next_at(after=timezone.now())
    payment_run_weekly.using(run_after=at).enqueue()
    return at
