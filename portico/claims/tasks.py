"""Background work of the claims app, run by the Django Tasks worker (``portico db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

from portico.claims.adjudication.pipeline import BATCH_SIZE, claims_adjudicate, claims_waiting

log = logging.getLogger(__name__)


@task()
def claim_adjudicate_task(claim_id: int) -> str:
    """Adjudicate a received claim, together with up to ``BATCH_SIZE - 1`` other claims still waiting (a burst of
    submissions queues a task each: the first takes a batch and the tasks of the claims it took find them done).
    If the batch fails, the claim is adjudicated alone, so one bad claim never holds up the others. Idempotent: a
    claim already adjudicated is left as it is."""
    others = [i for i in claims_waiting(limit=BATCH_SIZE) if i != claim_id][: BATCH_SIZE - 1]
    try:
        found = claims_adjudicate(claim_ids=[claim_id, *others])
    except Exception:
        if not others:
            raise
        log.exception("Adjudicating claim %s with %s others failed; adjudicating it alone.", claim_id, len(others))
        found = claims_adjudicate(claim_ids=[claim_id])
    claim = next((c for c in found if c.pk == claim_id), None)
    return claim.status if claim is not None else "missing"
