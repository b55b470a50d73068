"""Reads for reviewers: the work queue and a request opened for review, scoped and recorded.

Who reviews what: a user with the UM reviewer staff role and a ``VendorReviewer`` row works for that vendor and
sees only the lines routed to it; a UM reviewer without one is plan staff and sees only the plan's lines. A
request with no line in the reviewer's scope answers "not found", exactly like one that does not exist, and the
attempt is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from portico.accounts.models import StaffRole, User
from portico.authorizations.deadlines import near_due_window
from portico.authorizations.models import (
    AuthorizationAttachment,
    AuthorizationLine,
    AuthorizationRequest,
    DeterminationLetter,
    LineRoute,
    LineStatus,
    VendorReviewer,
)
from portico.authorizations.queries import authorization_not_found
from portico.common.access import Actor, access_record, access_record_many
from portico.common.errors import NotFound
from portico.common.models import AccessAction

OPEN_LINE_STATUSES = (LineStatus.IN_REVIEW, LineStatus.PENDED, LineStatus.PEER_TO_PEER, LineStatus.APPEALED)
QUEUE_LIMIT = 200


@dataclass(frozen=True)
class ReviewerScope:
    """The lines one reviewer works: the plan's (vendor_id None) or one vendor's."""

    vendor_id: int | None
    vendor_name: str = ""

    def lines_q(self, prefix: str = "") -> Q:
        if self.vendor_id is None:
            return Q(**{f"{prefix}route": LineRoute.PLAN})
        return Q(**{f"{prefix}route": LineRoute.VENDOR, f"{prefix}vendor_id": self.vendor_id})

    def covers(self, line: AuthorizationLine) -> bool:
        if self.vendor_id is None:
            return line.route == LineRoute.PLAN
        return line.route == LineRoute.VENDOR and line.vendor_id == self.vendor_id


def reviewer_scope(user: User) -> ReviewerScope | None:
    """The reviewer's scope, or None for someone who is not a UM reviewer."""
    if not user.is_authenticated or not user.has_staff_role(StaffRole.UM_REVIEWER):
        return None
    row = VendorReviewer.objects.select_related("vendor").filter(user=user).first()
    if row is None:
        return ReviewerScope(vendor_id=None)
    return ReviewerScope(vendor_id=row.vendor_id, vendor_name=row.vendor.name)


def _scope_of(actor: Actor) -> ReviewerScope:
    scope = reviewer_scope(actor.user)
    if scope is None:
        raise authorization_not_found()
    return scope


def scoped_lines(scope: ReviewerScope) -> QuerySet[AuthorizationLine]:
    return AuthorizationLine.objects.filter(scope.lines_q()).exclude(request__status="draft")


def review_deny(actor: Actor, request_id: int, what: str = "authorization") -> NotFound:
    target = AuthorizationRequest.objects.filter(pk=request_id).values_list("member_id", flat=True).first()
    access_record(
        actor=actor,
        action=AccessAction.AUTHORIZATION_DENIED,
        member_id=target,
        detail=f"review of {what} {request_id}",
    )
    return authorization_not_found()


class DueState:
    OVERDUE = "overdue"
    NEAR_DUE = "near_due"
    ON_TIME = "on_time"


def due_state(due_at: dt.datetime | None, *, now: dt.datetime | None = None) -> str:
    """Overdue, near due (within the configured window) or on time."""
    if due_at is None:
        return DueState.ON_TIME
    left = due_at - (now or timezone.now())
    if left <= dt.timedelta(0):
        return DueState.OVERDUE
    if left <= near_due_window():
        return DueState.NEAR_DUE
    return DueState.ON_TIME


@dataclass(frozen=True)
class QueueFilters:
    assigned: str = ""  # "" every open line · "mine" · "unassigned"
    status: str = ""


def review_queue(*, actor: Actor, filters: QueueFilters, limit: int = QUEUE_LIMIT) -> list[AuthorizationLine]:
    """The reviewer's open lines, soonest due first; each member shown is recorded as seen."""
    scope = _scope_of(actor)
    rows = scoped_lines(scope).filter(status__in=OPEN_LINE_STATUSES)
    if filters.assigned == "mine":
        rows = rows.filter(assigned_to=actor.user)
    elif filters.assigned == "unassigned":
        rows = rows.filter(assigned_to__isnull=True)
    if filters.status in OPEN_LINE_STATUSES:
        rows = rows.filter(status=filters.status)
    found = list(
        rows.select_related("request__member", "request__organization", "request__line_of_business", "assigned_to")
        .select_related("vendor")
        .order_by("due_at", "request_id", "number")[:limit]
    )
    members = sorted({line.request.member_id for line in found if line.request.member_id is not None})
    access_record_many(actor=actor, action=AccessAction.AUTHORIZATION_QUEUE, member_ids=members)
    return found


def access_review(*, actor: Actor, request_id: int) -> tuple[AuthorizationRequest, ReviewerScope]:
    """A request with at least one line in the reviewer's scope, recorded; NotFound otherwise (recorded)."""
    scope = reviewer_scope(actor.user)
    found = None
    if scope is not None:
        found = (
            AuthorizationRequest.objects.exclude(status="draft")
            .select_related(
                "member",
                "organization",
                "line_of_business__plan",
                "requesting_practitioner",
                "servicing_practitioner",
                "servicing_location",
                "submitted_by",
            )
            .filter(pk=request_id, lines__in=scoped_lines(scope))
            .distinct()
            .first()
        )
    if found is None or scope is None:
        raise review_deny(actor, request_id)
    access_record(
        actor=actor,
        action=AccessAction.AUTHORIZATION_REVIEW,
        member_id=found.member_id,
        detail=f"authorization {found.pk}",
    )
    return found, scope


def access_letter(*, actor: Actor, request_id: int, letter_id: int) -> DeterminationLetter:
    """A letter to the provider organization that owns the request, or to a reviewer whose scope holds its line;
    the download is recorded. NotFound otherwise (recorded)."""
    rows = DeterminationLetter.objects.select_related("request", "decision__line").filter(
        pk=letter_id, request_id=request_id
    )
    found = None
    if actor.organization_id is not None:
        found = rows.filter(request__organization_id=actor.organization_id).first()
    else:
        scope = reviewer_scope(actor.user)
        if scope is not None:
            found = rows.filter(scope.lines_q("decision__line__")).first()
    if found is None:
        raise review_deny(actor, request_id, what=f"letter {letter_id} of authorization")
    access_record(
        actor=actor,
        action=AccessAction.AUTHORIZATION_LETTER,
        member_id=found.request.member_id,
        detail=f"authorization {request_id} letter {found.pk}",
    )
    return found


def access_review_attachment(*, actor: Actor, request_id: int, attachment_id: int) -> AuthorizationAttachment:
    """An attachment of a request the reviewer may open; the download recorded; NotFound otherwise."""
    scope = reviewer_scope(actor.user)
    found = None
    if scope is not None:
        found = (
            AuthorizationAttachment.objects.select_related("request")
            .filter(pk=attachment_id, request_id=request_id, request__lines__in=scoped_lines(scope))
            .distinct()
            .first()
        )
    if found is None:
        raise review_deny(actor, request_id, what=f"attachment {attachment_id} of authorization")
    access_record(
        actor=actor,
        action=AccessAction.AUTHORIZATION_ATTACHMENT,
        member_id=found.request.member_id,
        detail=f"authorization {request_id} attachment {found.pk}",
    )
    return found
