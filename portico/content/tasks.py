"""Background work of the content app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.content.update_services import update_emails_send_run


@task()
def update_emails_send(update_id: int) -> int:
    """Email a published update to its category's confirmed subscribers; safe to run again (each gets it once)."""
    return update_emails_send_run(update_id=update_id)
