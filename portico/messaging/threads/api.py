"""Secure message threads over the JSON API, for the token's organization (the token's person needs the Messaging
role there): ``GET /api/v1/messages`` lists its threads, newest activity first; ``POST /api/v1/messages`` writes to
a plan team — the same service as the page, with the same checks (a linked member or authorization request must be
one the organization may see). Files are sent through the portal."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router
from pydantic import BaseModel

from portico.accounts.actors import actor_for_api
from portico.accounts.api_auth import TokenAuth
from portico.accounts.models import ProviderRole
from portico.members.api import ErrorOut
from portico.messaging.threads import queries, services
from portico.messaging.threads.models import MessageThread, PlanTeam, ThreadStatus

router = Router(tags=["secure messages"], auth=TokenAuth(ProviderRole.MESSAGING))


class ThreadOut(BaseModel):
    id: int
    reference: str
    team: str = Field(..., description="The team's key: provider-services, claims, utilization-management, ...")
    subject: str
    topic: str
    status: str = Field(..., description="open (waiting for the plan), answered or closed")
    about_kind: str = Field("", description="member, authorization (claim once claims exist), or empty")
    about: str = Field("", description="The member ID or request number the thread is about.")
    answer_due_at: dt.datetime | None = None
    created_at: dt.datetime
    last_message_at: dt.datetime
    messages: int


class ThreadListOut(BaseModel):
    total: int
    offset: int
    limit: int
    results: list[ThreadOut]


class ListQuery(BaseModel):
    status: str = Field("", description="open, answered or closed; empty for all.")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


class ThreadIn(BaseModel):
    team: str = Field(..., description="The team's key, e.g. claims.")
    topic: str = Field(
        ..., description="claim, authorization, eligibility, member, pharmacy, contracting, portal or other"
    )
    subject: str = Field(..., max_length=150)
    message: str
    about_kind: str = Field("", description="member or authorization; empty for none.")
    about: str = Field("", description="The member ID or authorization request number.")


def _out(row: MessageThread) -> ThreadOut:
    return ThreadOut(
        id=row.pk,
        reference=row.reference,
        team=row.team.key,
        subject=row.subject,
        topic=row.topic,
        status=row.status,
        about_kind=row.link_kind,
        about=row.link_label,
        answer_due_at=row.due_at,
        created_at=row.created_at,
        last_message_at=row.last_message_at,
        messages=row.messages.count(),
    )


@router.get(
    "", response={200: ThreadListOut, 422: ErrorOut}, summary="List your organization's secure messages",
    operation_id="message_thread_list",
)  # fmt: skip
def thread_list(request: HttpRequest, filters: Query[ListQuery]) -> ThreadListOut:
    actor = actor_for_api(request)
    status = filters.status if filters.status in ThreadStatus.values else ""
    rows = queries.organization_threads(actor=actor, filters=queries.ThreadFilters(status=status))
    return ThreadListOut(
        total=rows.count(),
        offset=filters.offset,
        limit=filters.limit,
        results=[_out(r) for r in rows[filters.offset : filters.offset + filters.limit]],
    )


@router.post(
    "", response={201: ThreadOut, 422: ErrorOut}, summary="Write to a plan team",
    operation_id="message_thread_start",
)  # fmt: skip
def thread_start(request: HttpRequest, payload: ThreadIn) -> tuple[int, ThreadOut]:
    """Opens a thread; the team's reply target starts. An unknown team or topic, an empty message, or a member or
    request the organization may not see answers 422 naming the field."""
    team = PlanTeam.objects.filter(key=payload.team).values_list("pk", flat=True).first()
    row = services.thread_start(
        actor=actor_for_api(request),
        team_id=team,
        subject=payload.subject,
        topic=payload.topic,
        body=payload.message,
        link_kind=payload.about_kind,
        link_reference=payload.about,
    )
    return 201, _out(row)
