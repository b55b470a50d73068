"""Reads of member resource requests, scoped to who asks, each read of member data recorded.

Provider side: the requests of the organization acted for (the views and the API check the Eligibility role).
Another organization's request answers "not found", exactly like one that does not exist, and the attempt is
recorded against its member. Plan side: care coordinators see every request; anyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.common.access import Actor, access_record, access_record_many
from portico.common.errors import NotFound, PermissionDenied
from portico.common.models import AccessAction, Channel
from portico.members.resources.models import (
    OPEN_STATUSES,
    ResourceEvent,
    ResourceKind,
    ResourceRequest,
    ResourceStatus,
)

DEFAULT_PAGE = 50
MAX_PAGE = 200
OPEN = "open"  # the list filter for every open status


def resource_not_found() -> NotFound:
    return NotFound(_("Member resource request not found."))


@dataclass(frozen=True)
class ResourcePage:
    rows: list[ResourceRequest]
    total: int
    offset: int
    limit: int


def _status_filtered(rows: QuerySet[ResourceRequest], status: str) -> QuerySet[ResourceRequest]:
    if status == OPEN:
        return rows.filter(status__in=OPEN_STATUSES)
    if status in ResourceStatus.values:
        return rows.filter(status=status)
    return rows


# ---- provider side ----------------------------------------------------------------------------------------------


def _scoped(actor: Actor) -> QuerySet[ResourceRequest]:
    if actor.organization_id is None:
        return ResourceRequest.objects.none()
    return ResourceRequest.objects.filter(organization_id=actor.organization_id)


def resource_request_list(
    *, actor: Actor, status: str = "", offset: int = 0, limit: int = DEFAULT_PAGE
) -> ResourcePage:
    """The organization's requests — those waiting for its answer first, then newest — each member shown
    recorded as seen."""
    rows = _status_filtered(_scoped(actor), status).select_related(
        "member", "program", "submitted_by", "line_of_business"
    )
    limit = max(1, min(MAX_PAGE, limit))
    offset = max(0, offset)
    waiting = Case(
        When(status=ResourceStatus.NEEDS_INFORMATION, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    ordered = rows.annotate(waiting=waiting).order_by("waiting", "-submitted_at", "-id")
    page: list[ResourceRequest] = list(ordered[offset : offset + limit])
    members = sorted({r.member_id for r in page})
    access_record_many(
        actor=actor, action=AccessAction.MEMBER_VIEW, member_ids=members, detail="member resource requests listed"
    )
    return ResourcePage(rows=page, total=rows.count(), offset=offset, limit=limit)


def _deny(actor: Actor, request_id: int) -> NotFound:
    member_id = ResourceRequest.objects.filter(pk=request_id).values_list("member_id", flat=True).first()
    access_record(
        actor=actor,
        action=AccessAction.MEMBER_DENIED,
        member_id=member_id,
        detail=f"requested member resource request {request_id}",
    )
    return resource_not_found()


def access_resource_request(*, actor: Actor, request_id: int, record: bool = True) -> ResourceRequest:
    """One of the organization's requests (with its member and program), recorded as a view of the member;
    NotFound otherwise (recorded as a denied attempt)."""
    found = (
        _scoped(actor)
        .select_related("member", "program", "line_of_business", "submitted_by", "organization")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise _deny(actor, request_id)
    if record:
        access_record(
            actor=actor,
            action=AccessAction.MEMBER_VIEW,
            member_id=found.member_id,
            detail=f"member resource request {found.pk}",
        )
    return found


def provider_events(*, request: ResourceRequest) -> QuerySet[ResourceEvent]:
    """The request's timeline as the provider sees it: without the care coordinators' own notes."""
    return request.events.filter(for_provider=True).select_related("by")


def open_question(*, request: ResourceRequest) -> ResourceEvent | None:
    """The plan's question waiting for the provider's answer, if the request needs information."""
    if request.status != ResourceStatus.NEEDS_INFORMATION:
        return None
    return request.events.filter(kind="question").order_by("-at", "-id").first()


def resource_people(*, organization_id: int) -> list[User]:
    """The organization's active people who may send member resource requests (the Eligibility role;
    administrators hold every role)."""
    memberships = Membership.objects.select_related("user").filter(
        organization_id=organization_id, is_active=True, user__is_active=True
    )
    return [m.user for m in memberships if m.has_role(ProviderRole.ELIGIBILITY)]


# ---- plan side ----------------------------------------------------------------------------------------------------


def is_care_coordinator(user: User) -> bool:
    return bool(user.is_authenticated and user.has_staff_role(StaffRole.CARE_COORDINATOR))


def care_coordinator_require(user: User) -> None:
    if not is_care_coordinator(user):
        raise PermissionDenied(
            _("This page is for plan staff with the %(role)s role.") % {"role": StaffRole.CARE_COORDINATOR.label}
        )


def care_coordinators() -> list[User]:
    return [u for u in User.objects.filter(is_active=True).exclude(staff_roles=[]) if is_care_coordinator(u)]


def _staff_actor(user: User) -> Actor:
    return Actor(user=user, organization_id=None, channel=Channel.WEB)


@dataclass(frozen=True)
class QueueFilters:
    status: str = OPEN  # "open", one of ResourceStatus, or "" for all
    kind: str = ""
    mine: bool = False
    unassigned: bool = False


def resource_queue(*, user: User, filters: QueueFilters, limit: int = 300) -> list[ResourceRequest]:
    """Requests to work, the soonest needed first (an appointment next week before a device for the summer);
    each member shown recorded as seen by the coordinator."""
    care_coordinator_require(user)
    rows = _status_filtered(ResourceRequest.objects.all(), filters.status)
    if filters.kind in ResourceKind.values:
        rows = rows.filter(kind=filters.kind)
    if filters.mine:
        rows = rows.filter(assignee=user)
    if filters.unassigned:
        rows = rows.filter(assignee__isnull=True)
    found = list(
        rows.select_related("member", "program", "organization", "assignee").order_by(
            "needed_on", "submitted_at", "id"
        )[:limit]
    )
    access_record_many(
        actor=_staff_actor(user),
        action=AccessAction.MEMBER_VIEW,
        member_ids=sorted({r.member_id for r in found}),
        detail="member resource queue",
    )
    return found


def staff_access_resource_request(*, user: User, request_id: int, record: bool = True) -> ResourceRequest:
    """Any request, for a care coordinator, recorded as a view of its member; NotFound when there is none."""
    care_coordinator_require(user)
    found = (
        ResourceRequest.objects.select_related(
            "member", "program", "line_of_business", "submitted_by", "organization", "assignee"
        )
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise resource_not_found()
    if record:
        access_record(
            actor=_staff_actor(user),
            action=AccessAction.MEMBER_VIEW,
            member_id=found.member_id,
            detail=f"member resource request {found.pk}",
        )
    return found


def queue_counts(*, user: User) -> dict[str, int]:
    """How many open requests wait, are the person's, and wait for nobody yet (the queue's headline)."""
    care_coordinator_require(user)
    open_rows = ResourceRequest.objects.filter(status__in=OPEN_STATUSES)
    return {
        "open": open_rows.count(),
        "mine": open_rows.filter(assignee=user).count(),
        "unassigned": open_rows.filter(assignee__isnull=True).count(),
    }
