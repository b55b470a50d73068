"""Background work of the messaging app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.messaging.services import notification_emails_send_run


@task()
def notification_emails_send(user_id: int | None = None) -> int:
    """Email the person (or everyone) whose notifications wait for email; returns the emails sent."""
    return notification_emails_send_run(user_id=user_id)
