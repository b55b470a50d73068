"""Rule 6 — timely filing: the claim must be received within the limit (days after the line's last date of
service) in force on the receipt date — the line of business's own limit if it has one, else its program's
(``TimelyFilingLimit``; seeded: Medicaid 365, Medicare Advantage 365, commercial 180). Day N is on time, day N+1
is denied, CARC 29. A corrected claim is counted from the receipt of the claim it corrects.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from portico.claims.adjudication.models import TimelyFilingLimit
from portico.claims.adjudication.work import ClaimWork
from portico.claims.models import Claim
from portico.common.memo import memo

NAME = "timely_filing"


def limit_days(*, line_of_business_id: int | None, program: str, on: dt.date) -> int | None:
    which = Q(program=program, line_of_business__isnull=True)
    if line_of_business_id is not None:
        which |= Q(line_of_business_id=line_of_business_id)
    rows = memo(
        ("claims.timely_filing", line_of_business_id, program),
        lambda: list(TimelyFilingLimit.objects.filter(which)),
    )
    rows = [r for r in rows if r.effective_start <= on and (r.effective_end is None or on <= r.effective_end)]
    best = sorted(rows, key=lambda r: (r.line_of_business_id is None, -r.effective_start.toordinal()))
    return best[0].days if best else None


def _first_receipt(claim: Claim) -> dt.date:
    first = claim
    seen = 0
    while first.replaces_id is not None and seen < 20:  # a chain of corrections counts from the first receipt
        first = Claim.objects.only("submitted_at", "replaces_id").get(pk=first.replaces_id)
        seen += 1
    assert first.submitted_at is not None
    return timezone.localdate(first.submitted_at)


def apply(work: ClaimWork) -> None:
    claim = work.claim
    lines = work.open_lines(NAME)
    if not lines or claim.line_of_business is None:
        return
    received = _first_receipt(claim)
    days = limit_days(
        line_of_business_id=claim.line_of_business_id, program=claim.line_of_business.program, on=received
    )
    if days is None:
        return
    for w in lines:
        if (received - w.last_day).days > days:
            w.deny(
                rule=NAME,
                reason="29",
                explanation=gettext_noop(
                    "Received on %(received)s, more than %(days)s days after the date of service %(day)s: the time "
                    "limit for filing has expired."
                ),
                action=gettext_noop(
                    "If you sent it on time (to us or another payer), appeal with the proof of the earlier filing."
                ),
                received=received,
                days=days,
                day=w.last_day,
            )
