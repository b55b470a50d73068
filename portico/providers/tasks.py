"""Background work of the providers app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.providers.directory.attestation import directory_reminders_run


@task()
def directory_reminders_send() -> int:
    """Remind administrators whose 90-day directory confirmation is due soon or late; returns how many reminders
    went out. Safe to run at any time (daily, say): each reminder goes once per due date and stage."""
    return directory_reminders_run()
