"""When a routed line's decision is due: data with effective dates per line of business (``DecisionDeadline``).

Hours are elapsed time (72 hours is 72 hours, whatever the clocks do); days are calendar days on the plan's local
clock (7 calendar days from 10:00 on 8 March is 10:00 on 15 March, even across a daylight-saving change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from portico.authorizations.models import DeadlineUnit, DecisionDeadline, Urgency
from portico.plans.models import LineOfBusiness

# CMS-0057-F: 72 hours for expedited requests, 7 calendar days for standard ones.
DEFAULT_DEADLINES: dict[str, tuple[int, str]] = {
    Urgency.EXPEDITED: (72, DeadlineUnit.HOURS),
    Urgency.STANDARD: (7, DeadlineUnit.DAYS),
}


# When no row says otherwise: one extension of up to 14 calendar days (42 CFR 438.210(d), 422.568(b)), and the
# clock keeps running while the request waits for the provider's answer.
DEFAULT_EXTENSION_DAYS = 14
DEFAULT_CLOCK_STOPS_WHEN_PENDED = False


@dataclass(frozen=True)
class DeadlineRule:
    amount: int
    unit: str
    extension_days: int
    clock_stops_when_pended: bool


def deadline_rule(*, line_of_business: LineOfBusiness | None, urgency: str, on: dt.date) -> DeadlineRule:
    """The whole rule in effect on the day of receipt (same precedence as ``decision_deadline``)."""
    row = (
        DecisionDeadline.objects.filter(urgency=urgency, effective__lte=on)
        .filter(Q(line_of_business=line_of_business) | Q(line_of_business__isnull=True))
        .order_by(F("line_of_business").asc(nulls_last=True), "-effective")
        .first()
    )
    if row is not None:
        return DeadlineRule(row.amount, row.unit, row.extension_days, row.clock_stops_when_pended)
    amount, unit = DEFAULT_DEADLINES[urgency]
    return DeadlineRule(amount, unit, DEFAULT_EXTENSION_DAYS, DEFAULT_CLOCK_STOPS_WHEN_PENDED)


def near_due_window() -> dt.timedelta:
    """How long before its due time a line counts as near due (``PORTICO_AUTH_NEAR_DUE_HOURS``, default 24)."""
    return dt.timedelta(hours=int(settings.PORTICO.get("AUTH_NEAR_DUE_HOURS", 24)))


def calendar_days_later(moment: dt.datetime, days: int) -> dt.datetime:
    """The same wall-clock time ``days`` calendar days later, in the plan's zone."""
    local = timezone.localtime(moment)
    return (local.replace(tzinfo=None) + dt.timedelta(days=days)).replace(tzinfo=local.tzinfo)


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
    return calendar_days_later(received_at, amount)
