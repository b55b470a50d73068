"""Background work of organizations' self-administration, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.accounts.people.attestation import attestation_reminders_run


@task()
def attestation_reminders_send() -> int:
    """Remind administrators whose organization has not attested its people this quarter; returns how many
    organizations were reminded. Safe to run at any time (daily, say): each reminder goes once."""
    return attestation_reminders_run()
