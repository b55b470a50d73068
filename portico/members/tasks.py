"""Background work of the members app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.members.batch import batch_run


@task()
def eligibility_batch_run(*, batch_id: int) -> int:
    """Answer a batch of eligibility inquiries; returns how many rows were answered."""
    return batch_run(batch_id=batch_id).processed_rows
