"""Rule 2 — provider participation: the billing organization's network participation in force on the date for
the claim's line of business decides the network status the line is priced at (contracted: in network; a
participation that is not contracted: non-contracted; none: out of network). A claim without the billing
provider's NPI is denied (CARC 16, RARC N257). Taxonomy is optional on a claim and not checked here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import Batch, ClaimWork
from portico.pricing.models import NetworkStatus
from portico.providers.models import NetworkParticipation

NAME = "participation"
Span = tuple[bool, dt.date, dt.date | None]


def _spans(batch: Batch) -> dict[tuple[int, int | None], list[Span]]:
    """The participation spans of the batch's billing organizations, by (organization, line of business)."""
    found: dict[tuple[int, int | None], list[Span]] = defaultdict(list)
    rows = NetworkParticipation.objects.filter(
        organization_id__in={w.claim.organization_id for w in batch.works}
    ).values_list("organization_id", "line_of_business_id", "contracted", "start", "end")
    for organization_id, line_of_business_id, contracted, start, end in rows:
        found[(organization_id, line_of_business_id)].append((contracted, start, end))
    return found


def apply(work: ClaimWork) -> None:
    claim = work.claim
    lines = work.open_lines(NAME)
    if not claim.billing_npi.strip():
        for w in lines:
            w.deny(
                rule=NAME,
                reason="16",
                remark="N257",
                explanation=gettext_noop("The claim does not give the billing provider's NPI."),
                action=gettext_noop("Send a corrected claim with the billing provider's NPI."),
            )
        return
    spans = work.together.once(NAME, _spans).get((claim.organization_id, claim.line_of_business_id), [])
    for w in lines:
        day = w.day
        in_force = [contracted for contracted, start, end in spans if start <= day and (end is None or day <= end)]
        if any(in_force):
            w.network_status = NetworkStatus.IN
        elif in_force:
            w.network_status = NetworkStatus.NON_CONTRACTED
        else:
            w.network_status = NetworkStatus.OUT
