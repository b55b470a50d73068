"""Rule 5 — duplicates, against the lines of the member's other claims that still stand (not drafts, not replaced
or voided, not the claim this one corrects, and not lines already denied).

- Exact duplicate — same provider organization, code, modifiers, date of service, units and charge as a line of
  an earlier claim: denied, CARC 18.
- Suspect duplicate — same code and date of service but another provider or another charge: pended for a claims
  examiner, who compares the two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import Batch, ClaimWork
from portico.claims.models import ClaimLine, ClaimStatus, LineStatus

NAME = "duplicates"
CLOSED = (ClaimStatus.DRAFT, ClaimStatus.REPLACED, ClaimStatus.VOIDED)


class Other(NamedTuple):
    icn: str
    organization_id: int
    claim_id: int
    code: str
    modifiers: list[str]
    day: dt.date
    units: Decimal
    charge: Decimal
    line_id: int


def _others(batch: Batch) -> dict[int, list[Other]]:
    """The standing lines of the batch's members on the batch's codes and dates, by member: one query."""
    days, codes = set(), set()
    for work in batch.works:
        for w in work.lines:
            if w.line.code:
                days.add(w.day)
                codes.add(w.line.code)
    found: dict[int, list[Other]] = defaultdict(list)
    if not codes:
        return found
    rows = (
        ClaimLine.objects.filter(claim__member_id__in=batch.member_ids, service_from__in=days, code__in=codes)
        .exclude(claim__status__in=CLOSED)
        .exclude(claim__frequency="8")
        .exclude(status=LineStatus.DENIED)
        .values_list(
            "claim__member_id", "claim__icn", "claim__organization_id", "claim_id", "code", "modifiers",
            "service_from", "units", "charge", "pk",
        )
    )  # fmt: skip
    for member_id, *rest in rows:
        found[member_id].append(Other(*rest))
    return found


def apply(work: ClaimWork) -> None:
    claim = work.claim
    lines = [w for w in work.open_lines(NAME) if w.line.code]
    if not lines:
        return
    batch = work.together
    here = batch.lines  # the query saw this batch's earlier claims undecided: a line they denied doesn't count
    found = [
        o
        for o in batch.once(NAME, _others).get(work.member_id, [])
        # the earlier claim is the original; the later one is the duplicate
        if o.claim_id < claim.pk
        and o.claim_id != claim.replaces_id
        and not (o.line_id in here and here[o.line_id].status == LineStatus.DENIED)
    ]
    for w in lines:
        line = w.line
        same = [o for o in found if o.code == line.code and o.day == w.day]
        exact = next(
            (
                o
                for o in same
                if o.organization_id == claim.organization_id
                and list(o.modifiers) == list(line.modifiers)
                and o.units == line.units
                and o.charge == line.charge
            ),
            None,
        )
        if exact is not None:
            w.deny(
                rule=NAME,
                reason="18",
                explanation=gettext_noop("This line repeats a line of claim %(icn)s: same service, date and charge."),
                action=gettext_noop(
                    "No action if it was sent twice by mistake. If the service really happened twice, send a "
                    "corrected claim with a modifier that says so (such as 76 or 91) and the records."
                ),
                icn=exact.icn,
            )
        elif same:
            w.pend(
                rule=NAME,
                reason=gettext_noop(
                    "Possible duplicate of claim %(icn)s (same member, service and date): a claims examiner compares "
                    "the two."
                ),
                icn=same[0].icn,
            )
