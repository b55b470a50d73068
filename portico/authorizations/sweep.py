"""The deadline sweep: a reminder for each open line due within the near-due window, an escalation for each one
past due. It only records events that reviewers see in their queue and on the timeline; it never decides.

Idempotent: a unique constraint allows one reminder and one escalation per line and due time, so the sweep can
run every few minutes from cron or a worker, on many machines at once. Each new alert also notifies the line's
reviewer (or, while nobody holds it, the team that works its queue). A line whose due time moves (an extension,
an answer that stopped the clock, an appeal) is alerted again for its new due time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.authorizations import notices
from portico.authorizations.deadlines import near_due_window
from portico.authorizations.models import AuthorizationEvent, AuthorizationLine, EventKind
from portico.authorizations.review_queries import OPEN_LINE_STATUSES


@dataclass(frozen=True)
class SweepResult:
    reminders: int
    escalations: int


def _alerts(kind: EventKind, lines: list[AuthorizationLine]) -> int:
    """Record the alert for each line not yet alerted for its due time, and tell its reviewer (or team)."""
    new = 0
    for line in lines:
        _event, created = AuthorizationEvent.objects.get_or_create(
            line=line,
            kind=kind,
            due_at=line.due_at,
            defaults={
                "request_id": line.request_id,
                "note": _("Line %(n)s (%(code)s) due %(due)s")
                % {
                    "n": line.number,
                    "code": line.code,
                    "due": timezone.localtime(line.due_at).strftime("%Y-%m-%d %H:%M") if line.due_at else "",
                },
            },
        )
        if created:  # already alerted for this due time otherwise (the unique constraint holds under races)
            new += 1
            message = notices.OVERDUE if kind == EventKind.ESCALATED else notices.DUE_SOON
            notices.to_reviewers(line.request, notices.reviewers_for(line), message, line)
    return new


def authorization_deadlines_sweep_run(*, now: dt.datetime | None = None) -> SweepResult:
    """Record the reminders and escalations due now; returns how many were new."""
    now = now or timezone.now()
    open_lines = (
        AuthorizationLine.objects.select_related("request", "assigned_to")
        .filter(status__in=OPEN_LINE_STATUSES, due_at__isnull=False)
        .order_by("due_at", "pk")
    )
    with transaction.atomic():
        overdue = list(open_lines.filter(due_at__lte=now))
        near = list(open_lines.filter(due_at__gt=now, due_at__lte=now + near_due_window()))
        escalations = _alerts(EventKind.ESCALATED, overdue)
        reminders = _alerts(EventKind.REMINDER, near)
    return SweepResult(reminders=reminders, escalations=escalations)
