"""Reading the audit trail: the privacy officer's search over access events, and its audited export.

Dates are whole days in the plan's time zone (``settings.TIME_ZONE``), both ends included; they become aware
datetimes here so that an event at 23:30 local time on the last day is in, and one at 00:10 the next day is
out, whatever time zone the database or the reader's browser uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Required, TypedDict

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from portico.common.access import Actor, access_record, access_record_many
from portico.common.dates import add_months
from portico.common.errors import ValidationFailed
from portico.common.models import AccessAction, AccessEvent, Channel

MAX_RANGE_YEARS = 7
EXPORT_CHUNK_SIZE = 2000


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the plan's time zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def audit_range_check(*, date_from: dt.date, date_to: dt.date) -> None:
    """Raise ValidationFailed (naming the field) unless ``date_from <= date_to`` within MAX_RANGE_YEARS."""
    if date_from > date_to:
        raise ValidationFailed({"date_to": [_("The end date must be on or after the start date.")]})
    if date_from < add_months(date_to, -12 * MAX_RANGE_YEARS):
        raise ValidationFailed(
            {"date_from": [_("Search at most %(years)d years at a time.") % {"years": MAX_RANGE_YEARS}]}
        )


def access_events_search(
    *,
    date_from: dt.date,
    date_to: dt.date,
    member_id: int | None = None,
    username: str | None = None,
    organization_id: int | None = None,
    action: AccessAction | str | None = None,
    channel: Channel | str | None = None,
) -> QuerySet[AccessEvent]:
    """Access events from ``date_from`` through ``date_to`` (inclusive, plan time zone), newest first.

    Every other filter is optional and exact. The user comes with each event (one query), so a page of
    events costs one query, not one per row. Raises ValidationFailed for a reversed or too-long range.
    """
    audit_range_check(date_from=date_from, date_to=date_to)
    events = AccessEvent.objects.select_related("user").filter(
        occurred_at__gte=day_start(date_from),
        occurred_at__lt=day_start(date_to + dt.timedelta(days=1)),
    )
    if member_id is not None:
        events = events.filter(member_id=member_id)
    if username:
        events = events.filter(user__username=username)
    if organization_id is not None:
        events = events.filter(organization_id=organization_id)
    if action:
        events = events.filter(action=action)
    if channel:
        events = events.filter(channel=channel)
    return events.order_by("-occurred_at", "-id")


class AuditCriteria(TypedDict, total=False):
    """A search of the trail, as keyword arguments of ``access_events_search``."""

    date_from: Required[dt.date]
    date_to: Required[dt.date]
    member_id: int | None
    username: str | None
    organization_id: int | None
    action: AccessAction | str | None
    channel: Channel | str | None


def access_events_view(*, actor: Actor, **criteria: Unpack[AuditCriteria]) -> QuerySet[AccessEvent]:
    """The search a privacy officer sees on screen; recorded (AUDIT_SEARCH), since the page names members."""
    events = access_events_search(**criteria)
    recorded = _record_search(actor=actor, action=AccessAction.AUDIT_SEARCH, prefix="page", criteria=criteria)
    return events.exclude(pk=recorded.pk)  # the search does not list itself


def access_events_export(*, actor: Actor, **criteria: Unpack[AuditCriteria]) -> Iterator[AccessEvent]:
    """Record that ``actor`` exported the trail (AUDIT_EXPORT), then stream the matching events, newest first.

    The export is recorded before the first row is read, so a download that fails half-way is still on
    the record.
    """
    events = access_events_search(**criteria)
    _record_search(actor=actor, action=AccessAction.AUDIT_EXPORT, prefix="csv", criteria=criteria)
    return events.iterator(chunk_size=EXPORT_CHUNK_SIZE)


def _record_search(*, actor: Actor, action: AccessAction, prefix: str, criteria: AuditCriteria) -> AccessEvent:
    """The event's member is the member searched for, if any; its detail names the other filters (no PHI:
    dates, username, codes)."""
    filters = [f"{criteria['date_from'].isoformat()}..{criteria['date_to'].isoformat()}"]
    filters += [
        f"{name}={value}"
        for name, value in (
            ("user", criteria.get("username")),
            ("organization", criteria.get("organization_id")),
            ("action", criteria.get("action")),
            ("channel", criteria.get("channel")),
        )
        if value
    ]
    return access_record(
        actor=actor, action=action, member_id=criteria.get("member_id"), detail=f"{prefix} {' '.join(filters)}"
    )


def access_events_of_members(
    *, actor: Actor, member_ids: list[int], date_from: dt.date, date_to: dt.date, export: bool
) -> QuerySet[AccessEvent]:
    """Every access to any of ``member_ids`` from ``date_from`` through ``date_to`` (the breach-investigation
    report), newest first. Recorded first, one event per member (so each member's own accounting shows the
    investigation): AUDIT_SEARCH for the summary on screen, AUDIT_EXPORT for the download."""
    audit_range_check(date_from=date_from, date_to=date_to)
    action = AccessAction.AUDIT_EXPORT if export else AccessAction.AUDIT_SEARCH
    period = f"{date_from.isoformat()}..{date_to.isoformat()}"
    access_record_many(actor=actor, action=action, member_ids=member_ids, detail=f"breach report {period}")
    return (
        AccessEvent.objects.filter(
            member_id__in=member_ids,
            occurred_at__gte=day_start(date_from),
            occurred_at__lt=day_start(date_to + dt.timedelta(days=1)),
        )
        .exclude(action__in=(AccessAction.AUDIT_SEARCH, AccessAction.AUDIT_EXPORT), detail__startswith="breach report")
        .select_related("user")
        .order_by("-occurred_at", "-id")
    )
