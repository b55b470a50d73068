"""Background work of the claims app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

from django_tasks import task

from portico.claims.adjudication.pipeline import claim_adjudicate


@task()
def claim_adjudicate_task(claim_id: int) -> str:
    """Adjudicate a received claim. Idempotent: a claim already adjudicated is left as it is."""
    claim = claim_adjudicate(claim_id=claim_id)
    return claim.status if claim is not None else "missing"
