"""Writes of member resource requests: a provider sends one (checked against the program in force: its fields,
who qualifies, the notice it needs), answers the plan's question, withdraws it while open; a care coordinator
takes it, asks a question, arranges, denies or completes it, or adds a note. Each change of status follows
``models.ALLOWED`` and is an event on the request's timeline; the other side hears of it through
``notification_send`` (the reference only, never the member or the text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.access import Actor
from portico.common.dates import today as plan_today
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.common.texts import day_text
from portico.members.lookup import member_number_normalize
from portico.members.models import Member
from portico.members.queries import access_member
from portico.members.resources import notices
from portico.members.resources.fields import FormRules, needed_on, values_check
from portico.members.resources.models import (
    ALLOWED,
    OPEN_STATUSES,
    ResourceEvent,
    ResourceEventKind,
    ResourceProgram,
    ResourceRequest,
    ResourceStatus,
)
from portico.members.resources.queries import access_resource_request, staff_access_resource_request
from portico.members.resources.rules import program_in_force, qualification

MAX_TEXT = 2000
MAX_ARRANGEMENT = 300


def _text_check(value: str, field: str, missing: str, errors: dict[str, list[str]], limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = [missing]
    elif len(value) > limit:
        errors[field] = [_("Keep it under %(n)s characters.") % {"n": f"{limit:,}"}]
    return value


def _member_resolve(actor: Actor, reference: str, errors: dict[str, list[str]]) -> Member | None:
    """The member the organization may see, by plan member ID, through ``access_member`` (which records the
    attempt either way); one that does not exist answers exactly like one out of scope."""
    number = member_number_normalize(reference or "")
    if not number:
        errors["member_id"] = [_("Type the member's plan member ID.")]
        return None
    pk = Member.objects.filter(member_number=number).values_list("pk", flat=True).first()
    try:
        return access_member(actor=actor, member_id=pk or 0)
    except NotFound:
        errors["member_id"] = [
            _("No member %(number)s that your organization can see. Check the ID, or check eligibility first.")
            % {"number": number[:20]}
        ]
        return None


def _duplicate(program: ResourceProgram, member: Member, need: dt.date) -> ResourceRequest | None:
    """An open or arranged request for the same member and program (and the same day, for appointments)."""
    rows = ResourceRequest.objects.filter(
        member=member, program__key=program.key, status__in=[*OPEN_STATUSES, ResourceStatus.ARRANGED]
    )
    if "appointment_date" in program.form_fields:
        rows = rows.filter(needed_on=need)
    return rows.order_by("-submitted_at").first()


def _event(
    row: ResourceRequest,
    kind: ResourceEventKind,
    *,
    by: User,
    from_plan: bool,
    note: str = "",
    for_provider: bool = True,
    at: dt.datetime | None = None,
) -> ResourceEvent:
    return ResourceEvent.objects.create(
        request=row,
        kind=kind,
        status=row.status,
        at=at or timezone.now(),
        by=by,
        from_plan=from_plan,
        note=note,
        for_provider=for_provider,
    )


def _move(row: ResourceRequest, to: ResourceStatus, refused: str) -> None:
    """Change the status if the rules allow it; otherwise DomainError with ``refused`` (nothing changes)."""
    if to not in ALLOWED[row.status]:
        raise DomainError(refused % {"status": row.get_status_display().lower()}, code="transition")
    row.status = to
    if to in (ResourceStatus.DENIED, ResourceStatus.COMPLETED, ResourceStatus.WITHDRAWN):
        row.closed_at = timezone.now()


def resource_request_submit(
    *,
    actor: Actor,
    program_key: str,
    member_reference: str,
    values: Mapping[str, Any],
    today: dt.date | None = None,
) -> ResourceRequest:
    """Send a request for a member the organization may see, to the program in force today. Checks every field
    the program asks for, the notice it needs, and that the member qualifies on the day it is needed (the line of
    business of their coverage then, the program's season). Raises ValidationFailed naming each bad field —
    ``program``, ``member_id`` (also when the member does not qualify, with the reason) or a field's key —
    and writes nothing then. ``today`` is for the demo loader and tests; pages and the API leave it out."""
    if actor.organization_id is None:
        raise DomainError(_("Choose the organization you act for first."))
    day = today or plan_today()
    program = program_in_force(key=(program_key or "").strip(), on=day) if program_key else None
    if program is None:
        raise ValidationFailed({"program": [_("Choose a program from the list.")]})
    errors: dict[str, list[str]] = {}
    member = _member_resolve(actor, member_reference, errors)
    rules = FormRules(
        form_fields=tuple(program.form_fields),
        optional_fields=frozenset(program.optional_fields or []),
        today=day,
        min_notice_days=program.min_notice_days,
    )
    cleaned, field_errors = values_check(values, rules)
    need = needed_on(cleaned, day)
    qualified = None
    if member is not None and "appointment_date" not in field_errors:
        qualified = qualification(program=program, member_id=member.pk, needed_on=need, today=day)
        if not qualified.qualifies:
            errors["member_id"] = [qualified.reason]
    errors.update(field_errors)
    if errors:
        raise ValidationFailed(errors)
    assert member is not None
    assert qualified is not None
    assert qualified.line_of_business is not None
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one request at a time per member
        duplicate = _duplicate(program, member, need)
        if duplicate is not None:
            raise ValidationFailed(
                {
                    "member_id": [
                        _("This member already has request %(reference)s for %(program)s (%(status)s).")
                        % {
                            "reference": duplicate.reference,
                            "program": program.name,
                            "status": duplicate.get_status_display().lower(),
                        }
                    ]
                }
            )
        now = timezone.now()
        row = ResourceRequest.objects.create(
            organization_id=actor.organization_id,
            member=member,
            program=program,
            kind=program.kind,
            line_of_business=qualified.line_of_business,
            needed_on=need,
            details=cleaned,
            status=ResourceStatus.SUBMITTED,
            submitted_by=actor.user,
            submitted_at=now,
            updated_at=now,
        )
        _event(row, ResourceEventKind.SUBMITTED, by=actor.user, from_plan=False, at=now)
    return row


def _provider_row(actor: Actor, request_id: int) -> ResourceRequest:
    """The organization's request, locked (call after ``access_resource_request`` checked it, outside the
    transaction, so a denied attempt's record survives)."""
    return (
        ResourceRequest.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .get(pk=request_id, organization_id=actor.organization_id)
    )


def resource_request_answer(*, actor: Actor, request_id: int, answer: str) -> ResourceRequest:
    """The organization answers the plan's question: the request is back in review with its care coordinator."""
    errors: dict[str, list[str]] = {}
    answer = _text_check(answer, "answer", _("Write your answer."), errors)
    access_resource_request(actor=actor, request_id=request_id, record=False)  # out of scope: recorded, not found
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = _provider_row(actor, request_id)
        if row.status != ResourceStatus.NEEDS_INFORMATION:
            raise DomainError(_("The plan has no question waiting for an answer on this request."), code="no_question")
        _move(row, ResourceStatus.IN_REVIEW, "")
        row.updated_at = timezone.now()
        row.save(update_fields=["status", "updated_at"])
        _event(row, ResourceEventKind.ANSWER, by=actor.user, from_plan=False, note=answer)
        notices.to_plan(row, notices.ANSWERED, by=actor.user)
    return row


def resource_request_withdraw(*, actor: Actor, request_id: int, reason: str = "") -> ResourceRequest:
    """The organization withdraws its request while it is still open (sent, in review or waiting for its
    answer); an arranged, denied or completed request stays as it is."""
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ValidationFailed({"reason": [_("Keep it under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}]})
    access_resource_request(actor=actor, request_id=request_id, record=False)  # out of scope: recorded, not found
    with transaction.atomic():
        row = _provider_row(actor, request_id)
        _move(row, ResourceStatus.WITHDRAWN, _("Only an open request can be withdrawn; this one is %(status)s."))
        row.updated_at = timezone.now()
        row.save(update_fields=["status", "updated_at", "closed_at"])
        _event(row, ResourceEventKind.WITHDRAWN, by=actor.user, from_plan=False, note=reason)
        notices.to_plan(row, notices.WITHDRAWN, by=actor.user)
    return row


# ---- plan side ----------------------------------------------------------------------------------------------------


def _staff_row(user: User, request_id: int) -> ResourceRequest:
    staff_access_resource_request(user=user, request_id=request_id, record=False)
    return ResourceRequest.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=request_id)


def _saved(row: ResourceRequest, *fields: str) -> None:
    row.updated_at = timezone.now()
    row.save(update_fields=["updated_at", *fields])


@transaction.atomic
def resource_request_take(*, user: User, request_id: int) -> ResourceRequest:
    """A care coordinator takes the request: it is theirs, and a request just sent is now in review."""
    row = _staff_row(user, request_id)
    if row.status not in OPEN_STATUSES:
        raise DomainError(
            _("This request is %(status)s: there is nothing left to take.")
            % {"status": row.get_status_display().lower()},
            code="transition",
        )
    if row.assignee_id == user.pk:
        return row
    row.assignee = user
    if row.status == ResourceStatus.SUBMITTED:
        _move(row, ResourceStatus.IN_REVIEW, "")
    _saved(row, "assignee", "status")
    _event(row, ResourceEventKind.ASSIGNED, by=user, from_plan=True)
    return row


@transaction.atomic
def resource_request_release(*, user: User, request_id: int) -> ResourceRequest:
    """Give the request back to the queue (another care coordinator may take it)."""
    row = _staff_row(user, request_id)
    if row.assignee_id is None:
        raise DomainError(_("Nobody holds this request."), code="not_assigned")
    row.assignee = None
    _saved(row, "assignee")
    _event(row, ResourceEventKind.RELEASED, by=user, from_plan=True, for_provider=False)
    return row


def resource_request_ask(*, user: User, request_id: int, question: str) -> ResourceRequest:
    """Ask the provider a question; the request waits for their answer (and becomes the asker's if it was
    nobody's)."""
    errors: dict[str, list[str]] = {}
    question = _text_check(question, "question", _("Write the question for the provider."), errors)
    staff_access_resource_request(user=user, request_id=request_id, record=False)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = _staff_row(user, request_id)
        _move(row, ResourceStatus.NEEDS_INFORMATION, _("This request is %(status)s: no question can be asked now."))
        if row.assignee_id is None:
            row.assignee = user
        _saved(row, "status", "assignee")
        _event(row, ResourceEventKind.QUESTION, by=user, from_plan=True, note=question)
        notices.to_provider(row, notices.QUESTION, by=user)
    return row


def _date_check(value: str | dt.date | None, errors: dict[str, list[str]], earliest: dt.date) -> dt.date | None:
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat((value or "").strip())
        except ValueError:
            errors["scheduled_for"] = [_("Enter the date it happens, YYYY-MM-DD.")]
            return None
    if day < earliest:
        errors["scheduled_for"] = [
            _("The date cannot be before the request was sent (%(date)s).") % {"date": day_text(earliest)}
        ]
        return None
    if day > earliest + dt.timedelta(days=366):
        errors["scheduled_for"] = [_("The date must be within a year of the request.")]
        return None
    return day


def resource_request_arrange(
    *, user: User, request_id: int, arrangement: str, scheduled_for: str | dt.date | None, note: str = ""
) -> ResourceRequest:
    """Approve the request and say what was arranged (the vendor, a confirmation number) and for when; the
    provider is told."""
    found = staff_access_resource_request(user=user, request_id=request_id, record=False)
    errors: dict[str, list[str]] = {}
    arrangement = _text_check(
        arrangement,
        "arrangement",
        _("Say what was arranged: the vendor or the ride's confirmation number."),
        errors,
        MAX_ARRANGEMENT,
    )
    day = _date_check(scheduled_for, errors, timezone.localdate(found.submitted_at))
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        errors["note"] = [_("Keep it under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = _staff_row(user, request_id)
        _move(row, ResourceStatus.ARRANGED, _("This request is %(status)s: it cannot be arranged now."))
        row.arrangement = arrangement
        row.scheduled_for = day
        if row.assignee_id is None:
            row.assignee = user
        _saved(row, "status", "arrangement", "scheduled_for", "assignee")
        text = _("%(arrangement)s, on %(date)s.") % {"arrangement": arrangement, "date": day.isoformat() if day else ""}
        _event(row, ResourceEventKind.ARRANGED, by=user, from_plan=True, note=f"{text} {note}".strip())
        notices.to_provider(row, notices.ARRANGED, by=user)
    return row


def resource_request_deny(*, user: User, request_id: int, reason: str) -> ResourceRequest:
    """Deny the request with a reason the provider reads (and can act on)."""
    errors: dict[str, list[str]] = {}
    reason = _text_check(reason, "reason", _("Give the reason for the denial: the provider reads it."), errors)
    staff_access_resource_request(user=user, request_id=request_id, record=False)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = _staff_row(user, request_id)
        _move(row, ResourceStatus.DENIED, _("This request is %(status)s: it cannot be denied now."))
        row.decision_reason = reason
        if row.assignee_id is None:
            row.assignee = user
        _saved(row, "status", "decision_reason", "closed_at", "assignee")
        _event(row, ResourceEventKind.DENIED, by=user, from_plan=True, note=reason)
        notices.to_provider(row, notices.DENIED, by=user)
    return row


def resource_request_complete(*, user: User, request_id: int, note: str = "") -> ResourceRequest:
    """Record that what was arranged happened: the device delivered, the ride given, the interpreter there."""
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise ValidationFailed({"note": [_("Keep it under %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}]})
    staff_access_resource_request(user=user, request_id=request_id, record=False)
    with transaction.atomic():
        row = _staff_row(user, request_id)
        _move(row, ResourceStatus.COMPLETED, _("Only an arranged request can be completed; this one is %(status)s."))
        _saved(row, "status", "closed_at")
        _event(row, ResourceEventKind.COMPLETED, by=user, from_plan=True, note=note)
        notices.to_provider(row, notices.COMPLETED, by=user)
    return row


def resource_request_note(*, user: User, request_id: int, note: str, for_provider: bool) -> ResourceEvent:
    """A note on the timeline: for the provider (they are told), or for the care coordinators only."""
    errors: dict[str, list[str]] = {}
    note = _text_check(note, "note", _("Write the note."), errors)
    staff_access_resource_request(user=user, request_id=request_id, record=False)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = _staff_row(user, request_id)
        _saved(row)
        event = _event(row, ResourceEventKind.NOTE, by=user, from_plan=True, note=note, for_provider=for_provider)
        if for_provider:
            notices.to_provider(row, notices.NOTE, by=user)
    return event
