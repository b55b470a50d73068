"""Background work of the authorizations app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.authorizations.sweep import authorization_deadlines_sweep_run


@task()
def authorization_deadlines_sweep() -> dict[str, int]:
    """Reminders for lines near due, escalations for overdue ones; never a decision. Safe to run at any time."""
    result = authorization_deadlines_sweep_run()
    return {"reminders": result.reminders, "escalations": result.escalations}
