"""Reads for alerts: which ones a person (or a visitor) sees now, and the editors' list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from portico.content.alert_services import SESSION_HIDDEN
from portico.content.alerts import Alert, AlertAudience, AlertDismissal, AlertLevel
from portico.providers.models import NetworkParticipation, ProviderOrganization

LEVEL_ORDER = {AlertLevel.URGENT: 0, AlertLevel.IMPORTANT: 1, AlertLevel.INFORMATIONAL: 2}


def _live(now: dt.datetime) -> QuerySet[Alert]:
    return Alert.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now).select_related(
        "update", "document"
    )


def _ordered(alerts: list[Alert]) -> list[Alert]:
    return sorted(alerts, key=lambda a: (LEVEL_ORDER.get(AlertLevel(a.level), 9), -a.starts_at.timestamp()))


def _for_audience(*, organization_id: int | None, now: dt.datetime) -> QuerySet[Alert]:
    """One query: the organization's lines of business and kind are subqueries."""
    audience = Q(audience=AlertAudience.EVERYONE)
    if organization_id is not None:
        day = timezone.localdate(now)
        lobs = (
            NetworkParticipation.objects.filter(organization_id=organization_id, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .values("line_of_business_id")
        )
        kind = ProviderOrganization.objects.filter(pk=organization_id).values("kind")[:1]
        audience |= Q(audience=AlertAudience.LINE_OF_BUSINESS, line_of_business_id__in=lobs)
        audience |= Q(audience=AlertAudience.PROVIDER_KIND, provider_kind=Subquery(kind))
    return _live(now).filter(audience)


def alerts_for_audience(*, organization_id: int | None, now: dt.datetime | None = None) -> list[Alert]:
    """Alerts live now for an organization (everyone's, its lines of business', its kind's); with no
    organization (a visitor, plan staff), only the alerts for everyone. Most urgent first."""
    return _ordered(list(_for_audience(organization_id=organization_id, now=now or timezone.now())))


def alerts_shown(request: Any) -> list[Alert]:
    """The banners for this request: the audience's live alerts less those the person dismissed (informational,
    for good) or hid this session (important)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return alerts_for_audience(organization_id=None)
    membership = getattr(request, "membership", None)
    rows = _for_audience(
        organization_id=membership.organization_id if membership else None, now=timezone.now()
    ).annotate(dismissed=Exists(AlertDismissal.objects.filter(alert=OuterRef("pk"), user=user)))
    hidden = set(request.session.get(SESSION_HIDDEN, [])) if hasattr(request, "session") else set()
    return _ordered(
        [
            a
            for a in rows
            if not (a.level == AlertLevel.INFORMATIONAL and a.dismissed)
            and not (a.level == AlertLevel.IMPORTANT and a.pk in hidden)
        ]
    )


def alert_state(alert: Alert, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if alert.starts_at > now:
        return "scheduled"
    if alert.ends_at is not None and alert.ends_at <= now:
        return "ended"
    return "live"


def alerts_for_editors(*, now: dt.datetime | None = None) -> dict[str, list[Alert]]:
    """Every alert, grouped: live now, scheduled, ended (the last 50)."""
    now = now or timezone.now()
    rows = Alert.objects.select_related("line_of_business", "update", "document")
    live = list(rows.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now))
    scheduled = list(rows.filter(starts_at__gt=now).order_by("starts_at"))
    ended = list(rows.filter(ends_at__lte=now).order_by("-ends_at")[:50])
    return {"live": _ordered(live), "scheduled": scheduled, "ended": ended}
