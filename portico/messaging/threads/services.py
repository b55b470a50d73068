"""Writes of secure messaging: start a thread, reply (either side), take, assign and release it, close and reopen
it, mark it read. Each notifies the other side through ``notification_send`` (the email, for those who asked,
never carries the subject or the text: only that there is something to read)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.accounts.models import User
from portico.authorizations.attachments import (
    CheckedUpload,
    Upload,
    attachment_discard,
    attachment_write,
    attachments_check,
)
from portico.common.access import Actor
from portico.common.errors import DomainError, ValidationFailed
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from portico.messaging.threads import links
from portico.messaging.threads.business_days import reply_due_at
from portico.messaging.threads.models import (
    Message,
    MessageAttachment,
    MessageThread,
    PlanTeam,
    ThreadRead,
    ThreadStatus,
    ThreadTopic,
)
from portico.messaging.threads.queries import access_thread, messaging_people, staff_access_thread

MAX_SUBJECT = 150
MAX_BODY = 10_000


class AssignAction:
    TAKE = "take"
    ASSIGN = "assign"
    RELEASE = "release"


def _body_check(body: str, errors: dict[str, list[str]]) -> str:
    body = (body or "").strip()
    if not body:
        errors.setdefault("body", []).append(_("Write your message."))
    elif len(body) > MAX_BODY:
        errors.setdefault("body", []).append(
            _("Keep the message under %(n)s characters; attach longer documents as files.") % {"n": f"{MAX_BODY:,}"}
        )
    return body


def _store(message: Message, files: Sequence[CheckedUpload], written: list[str]) -> None:
    for upload in files:
        stored = attachment_write(upload.content)
        written.append(stored)
        MessageAttachment.objects.create(
            message=message,
            stored_name=stored,
            original_name=upload.name,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=upload.sha256,
        )


def _read_mark(thread: MessageThread, user: User, at: object = None) -> None:
    ThreadRead.objects.update_or_create(thread=thread, user=user, defaults={"read_at": at or timezone.now()})


def _provider_link(thread: MessageThread) -> str:
    return reverse("threads:thread", args=[thread.pk])


def _staff_link(thread: MessageThread) -> str:
    return reverse("threads:staff_thread", args=[thread.pk])


def _notify_plan(thread: MessageThread, author: User) -> None:
    """The assignee; while unassigned, the whole team."""
    people: Iterable[User | None] = [thread.assignee] if thread.assignee_id else thread.team.staff.all()
    notification_send(
        recipients=[u for u in people if u is not None and u.pk != author.pk],
        topic=NotificationTopic.MESSAGES,
        message=gettext_noop("New secure message from a provider: %(reference)s"),
        params={"reference": thread.reference},
        link=_staff_link(thread),
        organization_id=None,
    )


def _notify_provider(thread: MessageThread, author: User) -> None:
    """The thread's starter and the organization's Messaging people who took part, while they hold the role."""
    took_part = {thread.started_by_id} | set(
        thread.messages.filter(from_plan=False).values_list("author_id", flat=True)
    )
    people = messaging_people(organization_id=thread.organization_id).filter(pk__in=took_part).exclude(pk=author.pk)
    notification_send(
        recipients=people,
        topic=NotificationTopic.MESSAGES,
        message=gettext_noop("The plan answered your secure message %(reference)s"),
        params={"reference": thread.reference},
        link=_provider_link(thread),
        organization_id=thread.organization_id,
    )


def _wait_start(thread: MessageThread, message: Message) -> None:
    """A provider message leaves the plan owing an answer: it starts a wait unless one is running."""
    if thread.status == ThreadStatus.OPEN and thread.due_at is not None:
        return
    message.due_at = reply_due_at(received_at=message.created_at, days=thread.team.reply_target_days)
    message.save(update_fields=["due_at"])
    thread.status = ThreadStatus.OPEN
    thread.due_at = message.due_at
    thread.closed_at = None


def _waits_end(thread: MessageThread, at: object) -> None:
    Message.objects.filter(thread=thread, due_at__isnull=False, answered_at__isnull=True).update(answered_at=at)
    thread.due_at = None


def _write(
    *, thread: MessageThread, author: User, from_plan: bool, body: str, files: Sequence[CheckedUpload]
) -> Message:
    now = timezone.now()
    message = Message.objects.create(thread=thread, author=author, from_plan=from_plan, body=body, created_at=now)
    written: list[str] = []
    try:
        _store(message, files, written)
    except BaseException:
        attachment_discard(written)
        raise
    thread.last_message_at = now
    _read_mark(thread, author, now)
    return message


def _files(uploads: Sequence[Upload], errors: dict[str, list[str]]) -> list[CheckedUpload]:
    try:
        return attachments_check(uploads) if uploads else []
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return []


def thread_start(
    *,
    actor: Actor,
    team_id: int | None,
    subject: str,
    topic: str,
    body: str,
    link_kind: str = "",
    link_reference: str = "",
    uploads: Sequence[Upload] = (),
) -> MessageThread:
    """Open a thread from the organization acted for to a plan team. The link (a member, an authorization request)
    must be one the organization may see — resolved through that domain's access query, which records the attempt.
    Raises ValidationFailed naming each bad field; nothing is written then."""
    if actor.organization_id is None:
        raise DomainError(_("Choose the organization you act for first."))
    errors: dict[str, list[str]] = {}
    team = PlanTeam.objects.filter(pk=team_id, accepts_messages=True).first() if team_id else None
    if team is None:
        errors["team"] = [_("Choose the team to write to.")]
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = [_("Give the message a subject.")]
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = [_("Keep the subject under %(n)s characters.") % {"n": MAX_SUBJECT}]
    if topic not in ThreadTopic.values:
        errors["topic"] = [_("Choose a topic from the list.")]
    body = _body_check(body, errors)
    link = None
    try:
        link = links.link_resolve(actor=actor, kind=link_kind, reference=link_reference)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    files = _files(uploads, errors)
    if errors:
        raise ValidationFailed(errors)
    assert team is not None
    with transaction.atomic():
        now = timezone.now()
        thread = MessageThread.objects.create(
            organization_id=actor.organization_id,
            team=team,
            subject=subject,
            topic=topic,
            link_kind=link.kind if link else "",
            link_id=link.object_id if link else None,
            link_label=link.label[:60] if link else "",
            member_id=link.member_id if link else None,
            started_by=actor.user,
            created_at=now,
            last_message_at=now,
        )
        message = _write(thread=thread, author=actor.user, from_plan=False, body=body, files=files)
        _wait_start(thread, message)
        thread.save()
        _notify_plan(thread, actor.user)
    return thread


def thread_reply(*, actor: Actor, thread_id: int, body: str, uploads: Sequence[Upload] = ()) -> Message:
    """The organization writes again: a closed or answered thread is waiting for the plan again."""
    access_thread(actor=actor, thread_id=thread_id, record=False)  # out of scope: recorded, not found
    errors: dict[str, list[str]] = {}
    body = _body_check(body, errors)
    files = _files(uploads, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        thread = MessageThread.objects.select_for_update(of=("self",)).select_related("team").get(pk=thread_id)
        message = _write(thread=thread, author=actor.user, from_plan=False, body=body, files=files)
        _wait_start(thread, message)
        thread.save()
        _notify_plan(thread, actor.user)
    return message


def _staff_thread(user: User, thread_id: int) -> MessageThread:
    staff_access_thread(user=user, thread_id=thread_id, record=False)
    return MessageThread.objects.select_for_update(of=("self",)).select_related("team", "assignee").get(pk=thread_id)


def thread_staff_reply(
    *, user: User, thread_id: int, body: str, uploads: Sequence[Upload] = (), close: bool = False
) -> Message:
    """A team member answers: every wait ends (answered now), the thread is answered (or closed), and an
    unassigned thread becomes the replier's."""
    staff_access_thread(user=user, thread_id=thread_id, record=False)
    errors: dict[str, list[str]] = {}
    body = _body_check(body, errors)
    files = _files(uploads, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        thread = _staff_thread(user, thread_id)
        message = _write(thread=thread, author=user, from_plan=True, body=body, files=files)
        _waits_end(thread, message.created_at)
        thread.status = ThreadStatus.CLOSED if close else ThreadStatus.ANSWERED
        thread.closed_at = message.created_at if close else None
        if thread.assignee_id is None:
            thread.assignee = user
        thread.save()
        _notify_provider(thread, user)
    return message


@transaction.atomic
def thread_assign(*, user: User, thread_id: int, action: str, assignee_id: int | None = None) -> MessageThread:
    """Take the thread, give it to a teammate, or release it back to the team."""
    thread = _staff_thread(user, thread_id)
    if action == AssignAction.TAKE:
        thread.assignee = user
    elif action == AssignAction.RELEASE:
        thread.assignee = None
    elif action == AssignAction.ASSIGN:
        teammate = thread.team.staff.filter(pk=assignee_id, is_active=True).first() if assignee_id else None
        if teammate is None:
            raise ValidationFailed({"assignee": [_("Choose a member of the %(team)s team.") % {"team": thread.team}]})
        thread.assignee = teammate
        if teammate.pk != user.pk:
            notification_send(
                recipients=[teammate],
                topic=NotificationTopic.MESSAGES,
                message=gettext_noop("A secure message was assigned to you: %(reference)s"),
                params={"reference": thread.reference},
                link=_staff_link(thread),
            )
    else:
        raise ValidationFailed({"action": [_("Choose take, assign or release.")]})
    thread.save(update_fields=["assignee"])
    return thread


@transaction.atomic
def thread_close(*, user: User, thread_id: int) -> MessageThread:
    """Close the thread. Closing ends any wait: the team decided no (further) answer is owed, and the report counts
    the wait as answered at the close."""
    thread = _staff_thread(user, thread_id)
    if thread.status == ThreadStatus.CLOSED:
        raise DomainError(_("The thread is already closed."), code="closed")
    now = timezone.now()
    _waits_end(thread, now)
    thread.status = ThreadStatus.CLOSED
    thread.closed_at = now
    thread.save(update_fields=["status", "closed_at", "due_at"])
    return thread


@transaction.atomic
def thread_reopen(*, user: User, thread_id: int) -> MessageThread:
    """Reopen a closed thread as answered: the plan owes nothing until the provider writes again."""
    thread = _staff_thread(user, thread_id)
    if thread.status != ThreadStatus.CLOSED:
        raise DomainError(_("Only a closed thread can be reopened."), code="not_closed")
    thread.status = ThreadStatus.ANSWERED
    thread.closed_at = None
    thread.save(update_fields=["status", "closed_at"])
    return thread


def thread_read(*, user: User, thread: MessageThread) -> None:
    """The person has read the thread up to now (call after access was checked)."""
    _read_mark(thread, user)
