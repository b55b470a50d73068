"""Background work of training, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.content.training_services import training_reminders_send


@task()
def training_reminders() -> dict[str, int]:
    """Remind people and administrators of training due soon or overdue. Idempotent: safe to run at any time."""
    result = training_reminders_send()
    return {"people": result.people, "administrators": result.administrators}
