"""Notifications over the JSON API: the token's person reads their notifications and marks them read.

``GET /api/v1/notifications`` lists them, newest first; ``POST /api/v1/notifications/{id}/read`` marks one read.
A token sees its person's notifications about its own organization (or about none); any other answers 404,
exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel

from portico.members.api import ErrorOut  # one error shape across the API
from portico.messaging import queries, services
from portico.messaging.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(BaseModel):
    id: int
    topic: str = Field(..., description="authorization_action, authorization_update or review_work")
    text: str = Field(..., description="What happened, in the language of the request (Accept-Language).")
    url: str = Field(..., description="Where to see it in the portal.")
    organization_id: int | None = None
    created_at: dt.datetime
    read_at: dt.datetime | None = None


class NotificationListOut(BaseModel):
    total: int
    unread: int
    offset: int
    limit: int
    results: list[NotificationOut]


class ListQuery(BaseModel):
    unread: bool = Field(False, description="Only the unread ones.")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


def _out(row: Notification) -> NotificationOut:
    return NotificationOut(
        id=row.pk,
        topic=row.topic,
        text=row.text,
        url=settings.PORTICO_BASE_URL.rstrip("/") + row.link,
        organization_id=row.organization_id,
        created_at=row.created_at,
        read_at=row.read_at,
    )


@router.get(
    "",
    response={200: NotificationListOut, 422: ErrorOut},
    summary="List your notifications",
    operation_id="notification_list",
)
def list_notifications(request: HttpRequest, filters: Query[ListQuery]) -> NotificationListOut:
    """The token's person's notifications about the token's organization (and about none), newest first:
    questions to answer, decisions, deadline changes."""
    token = request.auth  # type: ignore[attr-defined]
    rows = queries.notifications_of(user=token.user, organization_id=token.organization_id)
    unread = rows.filter(read_at__isnull=True)
    listed = unread if filters.unread else rows
    return NotificationListOut(
        total=listed.count(),
        unread=unread.count(),
        offset=filters.offset,
        limit=filters.limit,
        results=[_out(row) for row in listed[filters.offset : filters.offset + filters.limit]],
    )


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    summary="Mark a notification read",
    operation_id="notification_read",
)
def read_notification(request: HttpRequest, notification_id: int) -> NotificationOut:
    token = request.auth  # type: ignore[attr-defined]
    row = services.notification_read(
        user=token.user, notification_id=notification_id, organization_id=token.organization_id
    )
    return _out(row)
