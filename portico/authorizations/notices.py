"""Who hears of what happens to a request: the provider people (in the portal, and by email if they asked) and
the reviewers. Texts carry the request number and the line number only — never the member or clinical text —
and are translated when read (``gettext_noop`` here, ``gettext`` in the notification)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_noop

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.authorizations.models import AuthorizationLine, AuthorizationRequest, LineRoute, VendorReviewer
from portico.messaging.models import Notification, NotificationTopic
from portico.messaging.services import notification_send

INFO_REQUESTED = gettext_noop("%(number)s: the reviewer asks for more information. Answer in the portal.")
PEER_TO_PEER = gettext_noop("%(number)s, line %(line)s: the reviewer asks for a peer-to-peer conversation.")
DECIDED = gettext_noop("%(number)s, line %(line)s: decided. The determination letter is ready.")
APPEAL_DECIDED = gettext_noop("%(number)s, line %(line)s: your appeal is decided. The letter is ready.")
EXTENDED = gettext_noop("%(number)s, line %(line)s: the decision deadline was extended.")
ANSWERED = gettext_noop("%(number)s: the provider answered the request for information.")
APPEALED = gettext_noop("%(number)s, line %(line)s: the provider appealed the decision.")
DUE_SOON = gettext_noop("%(number)s, line %(line)s: decision due soon.")
OVERDUE = gettext_noop("%(number)s, line %(line)s: decision overdue.")


def provider_people(row: AuthorizationRequest) -> list[User]:
    """The person who submitted the request, while they still work on authorizations for its organization;
    otherwise everyone who does (so a question never goes unheard when the submitter has left)."""
    members = [
        m
        for m in Membership.objects.select_related("user").filter(
            organization_id=row.organization_id, is_active=True, user__is_active=True
        )
        if m.has_role(ProviderRole.AUTHORIZATIONS)
    ]
    submitter = row.submitted_by_id or row.created_by_id
    own = [m.user for m in members if m.user_id == submitter]
    return own or [m.user for m in members]


def reviewers_for(line: AuthorizationLine) -> list[User]:
    """The reviewer holding the line, or else the team that works its queue (the plan's UM reviewers, or the
    vendor's)."""
    if line.assigned_to_id is not None and line.assigned_to is not None:
        return [line.assigned_to]
    return team_for(line)


def team_for(line: AuthorizationLine) -> list[User]:
    if line.route == LineRoute.VENDOR:
        return [
            r.user
            for r in VendorReviewer.objects.select_related("user").filter(vendor_id=line.vendor_id)
            if r.user.is_active and r.user.has_staff_role(StaffRole.UM_REVIEWER)
        ]
    vendor_people = set(VendorReviewer.objects.values_list("user_id", flat=True))
    return [
        user
        for user in User.objects.filter(is_active=True).exclude(staff_roles=[])
        if user.has_staff_role(StaffRole.UM_REVIEWER) and user.pk not in vendor_people
    ]


def to_provider(
    row: AuthorizationRequest, topic: NotificationTopic, message: str, line: AuthorizationLine | None = None
) -> list[Notification]:
    params: dict[str, str | int] = {"number": row.number or ""}
    if line is not None:
        params["line"] = line.number
    return notification_send(
        recipients=provider_people(row),
        topic=topic,
        message=message,
        params=params,
        link=reverse("authorizations:detail", args=[row.pk]),
        organization_id=row.organization_id,
    )


def to_reviewers(
    row: AuthorizationRequest, people: Iterable[User], message: str, line: AuthorizationLine | None = None
) -> list[Notification]:
    params: dict[str, str | int] = {"number": row.number or ""}
    if line is not None:
        params["line"] = line.number
    return notification_send(
        recipients=people,
        topic=NotificationTopic.REVIEW_WORK,
        message=message,
        params=params,
        link=reverse("review:request", args=[row.pk]),
    )
