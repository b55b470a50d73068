"""Background work of the payments app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from portico.payments.models import RunTrigger
from portico.payments.services import payment_run_execute


@task()
def payment_run_weekly() -> dict[str, int | str]:
    """The weekly payment run, dated today. Safe to run again: a claim already paid is never paid twice."""
    run = payment_run_execute(as_of=timezone.localdate(), trigger=RunTrigger.SCHEDULED)
    return {"run": run.pk, "claims": run.claim_count, "payments": run.payment_count, "total": str(run.total_amount)}
