"""Reads of message threads, scoped to who asks.

Provider side: the threads of the organization acted for, to its people with the Messaging role (the view checks
the role). Any other thread answers "not found", exactly like one that does not exist; when that thread concerns a
member, the attempt is recorded as an access event. Opening a thread that concerns a member is recorded as a view
of that member.

Plan side: the threads of the teams the staff member works in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import Membership, ProviderRole, User
from portico.common.access import Actor, access_record
from portico.common.errors import NotFound
from portico.common.models import AccessAction, Channel
from portico.messaging.threads.models import (
    Message,
    MessageAttachment,
    MessageThread,
    PlanTeam,
    ThreadRead,
    ThreadStatus,
)


def thread_not_found() -> NotFound:
    return NotFound(_("Message thread not found."))


def _with_read_state(rows: QuerySet[MessageThread], user: User) -> QuerySet[MessageThread]:
    last_read = ThreadRead.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    return rows.annotate(read_at=Subquery(last_read))


def is_unread(thread: MessageThread) -> bool:
    """For a thread from one of these queries: something came after the person last read it."""
    read_at = getattr(thread, "read_at", None)
    return read_at is None or read_at < thread.last_message_at


# ---- provider side ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadFilters:
    status: str = ""  # one of ThreadStatus, or "" for all
    overdue: bool = False
    team_id: int | None = None
    mine: bool = False  # plan side: assigned to me
    unassigned: bool = False  # plan side


def _filtered(rows: QuerySet[MessageThread], filters: ThreadFilters, user: User) -> QuerySet[MessageThread]:
    if filters.status in ThreadStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(status=ThreadStatus.OPEN, due_at__lt=timezone.now())
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    if filters.mine:
        rows = rows.filter(assignee=user)
    if filters.unassigned:
        rows = rows.filter(assignee__isnull=True)
    return rows


def organization_threads(*, actor: Actor, filters: ThreadFilters | None = None) -> QuerySet[MessageThread]:
    """The organization's threads, newest activity first, each with the person's read state."""
    if actor.organization_id is None:
        return MessageThread.objects.none()
    rows = MessageThread.objects.filter(organization_id=actor.organization_id).select_related("team", "started_by")
    rows = _filtered(rows, filters or ThreadFilters(), actor.user)
    return _with_read_state(rows, actor.user).order_by("-last_message_at", "-id")


def _deny(actor: Actor, thread_id: int, what: str = "message thread") -> NotFound:
    member_id = MessageThread.objects.filter(pk=thread_id).values_list("member_id", flat=True).first()
    if member_id is not None:
        access_record(
            actor=actor, action=AccessAction.MEMBER_DENIED, member_id=member_id, detail=f"requested {what} {thread_id}"
        )
    return thread_not_found()


def _record_view(actor: Actor, thread: MessageThread, what: str = "message thread") -> None:
    if thread.member_id is not None:
        access_record(
            actor=actor, action=AccessAction.MEMBER_VIEW, member_id=thread.member_id, detail=f"{what} {thread.pk}"
        )


def access_thread(*, actor: Actor, thread_id: int, record: bool = True) -> MessageThread:
    """One of the organization's threads; NotFound (recorded when it concerns a member) otherwise."""
    found = (
        MessageThread.objects.select_related("team", "started_by", "assignee", "organization")
        .filter(pk=thread_id, organization_id=actor.organization_id)
        .first()
        if actor.organization_id is not None
        else None
    )
    if found is None:
        raise _deny(actor, thread_id)
    if record:
        _record_view(actor, found)
    return found


def access_thread_attachment(*, actor: Actor, thread_id: int, attachment_id: int) -> MessageAttachment:
    thread = access_thread(actor=actor, thread_id=thread_id, record=False)
    found = MessageAttachment.objects.filter(pk=attachment_id, message__thread=thread).first()
    if found is None:
        raise thread_not_found()
    _record_view(actor, thread, what=f"attachment {found.pk} of message thread")
    return found


def messaging_people(*, organization_id: int) -> QuerySet[User]:
    """The organization's active people who hold the Messaging role (administrators hold every role)."""
    memberships = Membership.objects.filter(organization_id=organization_id, is_active=True)
    ids = [
        m.user_id
        for m in memberships.only("user_id", "roles")
        if ProviderRole.MESSAGING.value in m.roles or ProviderRole.ADMINISTRATOR.value in m.roles
    ]
    return User.objects.filter(pk__in=ids, is_active=True)


def organization_unread_count(*, actor: Actor) -> int:
    return sum(1 for t in organization_threads(actor=actor) if is_unread(t))


# ---- plan side ----------------------------------------------------------------------------------------------------


def teams_of(*, user: User) -> QuerySet[PlanTeam]:
    return PlanTeam.objects.filter(staff=user)


def is_team_staff(*, user: User) -> bool:
    return user.is_authenticated and user.is_plan_staff and PlanTeam.objects.filter(staff=user).exists()


def team_threads(*, user: User, filters: ThreadFilters | None = None) -> QuerySet[MessageThread]:
    """The threads of the person's teams, soonest due first (waiting ones before the rest), with read state."""
    rows = MessageThread.objects.filter(team__in=teams_of(user=user)).select_related("team", "organization", "assignee")
    rows = _filtered(rows, filters or ThreadFilters(), user)
    return _with_read_state(rows, user).order_by("due_at", "-last_message_at", "-id")


def staff_access_thread(*, user: User, thread_id: int, record: bool = True) -> MessageThread:
    """A thread of one of the person's teams; NotFound otherwise."""
    found = (
        MessageThread.objects.select_related("team", "started_by", "assignee", "organization")
        .filter(pk=thread_id)
        .filter(Exists(PlanTeam.staff.through.objects.filter(planteam_id=OuterRef("team_id"), user_id=user.pk)))
        .first()
    )
    if found is None:
        raise thread_not_found()
    if record:
        _record_view(Actor(user=user, organization_id=None, channel=Channel.WEB), found)
    return found


def staff_thread_attachment(*, user: User, thread_id: int, attachment_id: int) -> MessageAttachment:
    thread = staff_access_thread(user=user, thread_id=thread_id, record=False)
    found = MessageAttachment.objects.filter(pk=attachment_id, message__thread=thread).first()
    if found is None:
        raise thread_not_found()
    actor = Actor(user=user, organization_id=None, channel=Channel.WEB)
    _record_view(actor, thread, f"attachment {found.pk} of message thread")
    return found


def teammates(*, thread: MessageThread) -> QuerySet[User]:
    return thread.team.staff.filter(is_active=True).order_by("last_name", "first_name", "username")


def team_overdue_count(*, user: User) -> int:
    return team_threads(user=user, filters=ThreadFilters(overdue=True)).count()


def waits_since(*, since: dt.datetime) -> list[tuple[int, dt.datetime, dt.datetime | None, dt.datetime | None]]:
    """Every wait for the plan's answer started since ``since``: (team id, received, due, answered or None)."""
    return list(
        Message.objects.filter(due_at__isnull=False, created_at__gte=since).values_list(
            "thread__team_id", "created_at", "due_at", "answered_at"
        )
    )
