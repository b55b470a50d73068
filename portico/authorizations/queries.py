"""Reads of prior-authorization requests. Each is scoped to the actor's organization and recorded.

A request of another organization answers "not found", exactly like one that does not exist, and the attempt is
recorded as an access event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from portico.authorizations.models import AuthorizationAttachment, AuthorizationRequest
from portico.common.access import Actor, access_record, access_record_many
from portico.common.errors import NotFound
from portico.common.models import AccessAction

DEFAULT_PAGE = 50
MAX_PAGE = 200


def authorization_not_found() -> NotFound:
    return NotFound(_("Authorization request not found."))


def _scoped(actor: Actor) -> QuerySet[AuthorizationRequest]:
    if actor.organization_id is None:
        return AuthorizationRequest.objects.none()
    return AuthorizationRequest.objects.filter(organization_id=actor.organization_id)


def _deny(actor: Actor, request_id: int, what: str = "authorization") -> NotFound:
    target = AuthorizationRequest.objects.filter(pk=request_id).values_list("member_id", flat=True).first()
    access_record(
        actor=actor, action=AccessAction.AUTHORIZATION_DENIED, member_id=target, detail=f"requested {what} {request_id}"
    )
    return authorization_not_found()


def access_authorization(
    *, actor: Actor, request_id: int, action: AccessAction = AccessAction.AUTHORIZATION_VIEW
) -> AuthorizationRequest:
    """The organization's request (with its member, lines and parties), recorded; NotFound otherwise."""
    found = (
        _scoped(actor)
        .select_related(
            "member",
            "line_of_business__plan",
            "requesting_practitioner",
            "servicing_practitioner",
            "servicing_location",
            "created_by",
            "submitted_by",
        )
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise _deny(actor, request_id)
    access_record(actor=actor, action=action, member_id=found.member_id, detail=f"authorization {found.pk}")
    return found


def access_attachment(*, actor: Actor, request_id: int, attachment_id: int) -> AuthorizationAttachment:
    """An attachment of the organization's request, its download recorded; NotFound otherwise."""
    found = (
        AuthorizationAttachment.objects.select_related("request")
        .filter(pk=attachment_id, request_id=request_id, request__organization_id=actor.organization_id)
        .first()
        if actor.organization_id is not None
        else None
    )
    if found is None:
        raise _deny(actor, request_id, what=f"attachment {attachment_id} of authorization")
    access_record(
        actor=actor,
        action=AccessAction.AUTHORIZATION_ATTACHMENT,
        member_id=found.request.member_id,
        detail=f"authorization {request_id} attachment {found.pk}",
    )
    return found


@dataclass(frozen=True)
class AuthorizationFilters:
    status: str = ""
    member_id: str = ""
    code: str = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    submitted_by_id: int | None = None


@dataclass(frozen=True)
class AuthorizationPage:
    rows: list[AuthorizationRequest]
    total: int
    offset: int
    limit: int


def authorization_list(
    *, actor: Actor, filters: AuthorizationFilters, offset: int = 0, limit: int = DEFAULT_PAGE
) -> AuthorizationPage:
    """The organization's requests (those waiting for the provider's answer first, then newest), filtered;
    each member shown is recorded as seen."""
    rows = _scoped(actor).select_related("member", "line_of_business", "submitted_by", "created_by")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.member_id:
        rows = rows.filter(member__member_number=filters.member_id) | rows.filter(
            member__isnull=True, member_id_given=filters.member_id
        )
    if filters.code:
        rows = rows.filter(lines__code=filters.code).distinct()
    if filters.submitted_from:
        rows = rows.filter(submitted_at__date__gte=filters.submitted_from)
    if filters.submitted_to:
        rows = rows.filter(submitted_at__date__lte=filters.submitted_to)
    if filters.submitted_by_id:
        rows = rows.filter(submitted_by_id=filters.submitted_by_id)
    limit = max(1, min(MAX_PAGE, limit))
    offset = max(0, offset)
    total = rows.count()
    # Requests waiting for the provider's answer come first: they need something from the provider.
    waiting = Case(When(status="pended", then=Value(0)), default=Value(1), output_field=IntegerField())
    ordered = rows.annotate(waiting=waiting).order_by("waiting", "-created_at", "-id")
    page: list[AuthorizationRequest] = list(ordered.prefetch_related("lines")[offset : offset + limit])
    members = {r.member_id for r in page if r.member_id is not None}
    access_record_many(actor=actor, action=AccessAction.AUTHORIZATION_LIST, member_ids=sorted(members))
    return AuthorizationPage(rows=page, total=total, offset=offset, limit=limit)


def authorization_has_relationship(organization_id: int, member_id: int) -> bool:
    """The relationship seam for ``members.access``: a submitted request of the organization for the member."""
    return (
        AuthorizationRequest.objects.filter(organization_id=organization_id, member_id=member_id)
        .exclude(status="draft")
        .exists()
    )
