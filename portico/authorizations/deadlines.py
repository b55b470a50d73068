"""When a routed line's decision is due: data with effective dates per line of business (``DecisionDeadline``).

Hours are elapsed time (72 hours is 72 hours, whatever the clocks do); days are calendar days on the plan's local
clock (7 calendar days from 10:00 on 8 March is 10:00 on 15 March, even across a daylight-saving change).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from portico.authorizations.models import DeadlineUnit, DecisionDeadline, Urgency
from portico.plans.models import LineOfBusiness

# CMS-0057-F: 72 hours for expedited requests, 7 calendar days for standard ones.
DEFAULT_DEADLINES: dict[str, tuple[int, str]] = {
    Urgency.EXPEDITED: (72, DeadlineUnit.HOURS),
    Urgency.STANDARD: (7, DeadlineUnit.DAYS),
}


def decision_deadline(*, line_of_business: LineOfBusiness, urgency: str, on: dt.date) -> tuple[int, str]:
    """(amount, unit) in effect on the day of receipt: the line of business's own row first, then a plan-wide
    row (no line of business), then the default."""
    row = (
        DecisionDeadline.objects.filter(urgency=urgency, effective__lte=on)
        .filter(Q(line_of_business=line_of_business) | Q(line_of_business__isnull=True))
        .order_by(F("line_of_business").asc(nulls_last=True), "-effective")
        .first()
    )
    if row is not None:
        return row.amount, row.unit
    return DEFAULT_DEADLINES[urgency]


def decision_due_at(*, line_of_business: LineOfBusiness, urgency: str, received_at: dt.datetime) -> dt.datetime:
    """When the decision on a line received at ``received_at`` is due."""
    local = timezone.localtime(received_at)
    amount, unit = decision_deadline(line_of_business=line_of_business, urgency=urgency, on=local.date())
    if unit == DeadlineUnit.HOURS:
        return received_at + dt.timedelta(hours=amount)
    # The same wall-clock time, ``amount`` calendar days later, in the plan's zone.
    return (local.replace(tzinfo=None) + dt.timedelta(days=amount)).replace(tzinfo=local.tzinfo)
