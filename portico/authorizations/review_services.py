"""Every change reviewers and providers make after submission: assign, ask for more information and answer it,
extend a deadline, decide a line (with its determination letter), appeal a denial.

Each service takes the actor, checks scope (a reviewer's lines, or the provider's own organization), validates
everything before writing, and writes in one transaction with row locks taken in one order: the request first,
then its lines by number. Nothing here runs on a timer: only a person decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.authorizations import notices
from portico.authorizations.attachments import Upload, attachment_discard, attachments_check
from portico.authorizations.deadlines import calendar_days_later, deadline_rule, decision_due_at
from portico.authorizations.letters import appeal_days, letter_filename, letter_render
from portico.authorizations.models import (
    AuthorizationDecision,
    AuthorizationEvent,
    AuthorizationLine,
    AuthorizationRequest,
    DecisionOutcome,
    DeterminationLetter,
    EventKind,
    InformationRequest,
    LineStatus,
    RequestStatus,
)
from portico.authorizations.queries import authorization_not_found
from portico.authorizations.review_queries import (
    OPEN_LINE_STATUSES,
    ReviewerScope,
    review_deny,
    reviewer_scope,
    scoped_lines,
)
from portico.authorizations.services import attachments_store, own_request
from portico.common.access import Actor
from portico.common.errors import DomainError, ValidationFailed
from portico.messaging.models import NotificationTopic

FINAL_LINE_STATUSES = (
    LineStatus.NOT_REQUIRED,
    LineStatus.APPROVED,
    LineStatus.PARTIALLY_APPROVED,
    LineStatus.DENIED,
    LineStatus.WITHDRAWN,
)
APPEALABLE = (LineStatus.DENIED, LineStatus.PARTIALLY_APPROVED)
MAX_UNITS = 9999
MAX_TEXT = 4000
MAX_CRITERIA = 400


class AssignAction(StrEnum):
    ASSIGN = "assign"  # to me, if nobody has it
    TAKE = "take"  # to me, from whoever has it
    RELEASE = "release"  # back to the queue


# ---- helpers -----------------------------------------------------------------------------------------------


def _reviewer(actor: Actor) -> ReviewerScope:
    scope = reviewer_scope(actor.user)
    if scope is None:
        raise authorization_not_found()
    return scope


def _line_in_scope(actor: Actor, scope: ReviewerScope, line_id: int) -> AuthorizationLine:
    """The line, if in the reviewer's scope (unlocked, to find its request); recorded and NotFound otherwise."""
    line = scoped_lines(scope).filter(pk=line_id).first()
    if line is None:
        request_id = AuthorizationLine.objects.filter(pk=line_id).values_list("request_id", flat=True).first()
        raise review_deny(actor, request_id or 0, what=f"line {line_id} of authorization")
    return line


def _lock(request_id: int, line_ids: Sequence[int] = ()) -> tuple[AuthorizationRequest, list[AuthorizationLine]]:
    """Lock the request, then the given lines by number: the one order every state change uses."""
    row = AuthorizationRequest.objects.select_for_update().get(pk=request_id)
    lines = list(
        AuthorizationLine.objects.select_for_update().filter(request_id=request_id, pk__in=line_ids).order_by("number")
    )
    return row, lines


def _event(
    row: AuthorizationRequest, kind: EventKind, actor: Actor | None, *, line: AuthorizationLine | None = None, note=""
) -> None:
    AuthorizationEvent.objects.create(
        request=row, line=line, kind=kind, by=actor.user if actor else None, note=str(note)[:400]
    )


def request_status_refresh(row: AuthorizationRequest) -> None:
    """The request's status from its lines: pended while a line waits for an answer, appealed while a line is on
    appeal, submitted while any line is open, decided (or withdrawn, if every reviewed line was) when none is."""
    statuses = set(row.lines.values_list("status", flat=True))
    if LineStatus.PENDED in statuses:
        status = RequestStatus.PENDED
    elif LineStatus.APPEALED in statuses:
        status = RequestStatus.APPEALED
    elif statuses & {LineStatus.IN_REVIEW, LineStatus.PEER_TO_PEER}:
        status = RequestStatus.SUBMITTED
    elif statuses and statuses <= {LineStatus.WITHDRAWN, LineStatus.NOT_REQUIRED} and LineStatus.WITHDRAWN in statuses:
        status = RequestStatus.WITHDRAWN
    else:
        status = RequestStatus.DECIDED
    if row.status != status:
        row.status = status
        row.save(update_fields=["status", "updated_at"])


def _text(value: str, *, field: str, required: bool, limit: int = MAX_TEXT, message: str = "") -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed({field: [message or _("This field is required.")]})
    if len(cleaned) > limit:
        raise ValidationFailed({field: [_("Write at most %(n)s characters.") % {"n": limit}]})
    return cleaned


def _resume_status(line: AuthorizationLine) -> str:
    return LineStatus.APPEALED if line.appealed_at else LineStatus.IN_REVIEW


# ---- assign, take, release ---------------------------------------------------------------------------------


def authorization_line_assign(*, actor: Actor, line_id: int, action: AssignAction) -> AuthorizationLine:
    """Assign an open line to me (nobody has it), take it (from whoever has it), or release it (mine)."""
    scope = _reviewer(actor)
    found = _line_in_scope(actor, scope, line_id)
    with transaction.atomic():
        row, (line,) = _lock(found.request_id, [found.pk])
        if line.status not in OPEN_LINE_STATUSES:
            raise DomainError(_("This line is decided: there is nothing left to assign."), code="line_closed")
        if action == AssignAction.RELEASE:
            if line.assigned_to_id != actor.user.pk:
                raise DomainError(_("Only the reviewer the line is assigned to can release it."), code="not_yours")
            line.assigned_to = None
            kind = EventKind.RELEASED
        else:
            if action == AssignAction.ASSIGN and line.assigned_to_id not in (None, actor.user.pk):
                raise DomainError(
                    _("Another reviewer has just taken this line; take it over if you mean to."),
                    code="already_assigned",
                )
            line.assigned_to = actor.user
            kind = EventKind.ASSIGNED
        line.save(update_fields=["assigned_to"])
        _event(row, kind, actor, line=line, note=f"{line.number}. {line.code}")
    return line


# ---- more information ---------------------------------------------------------------------------------------


def authorization_info_request(
    *, actor: Actor, request_id: int, question: str, line_ids: Sequence[int] = ()
) -> InformationRequest:
    """Ask the provider for more information. The reviewer's open lines (or the chosen ones) are pended until the
    answer; if the deadline rule stops the clock while pended, their due times move by the time waited."""
    scope = _reviewer(actor)
    text = _text(question, field="question", required=True, message=_("Write what you need from the provider."))
    candidates = scoped_lines(scope).filter(request_id=request_id)
    if not candidates.exists():
        raise review_deny(actor, request_id)
    chosen = candidates.filter(status__in=(LineStatus.IN_REVIEW, LineStatus.APPEALED, LineStatus.PEER_TO_PEER))
    if line_ids:
        chosen = chosen.filter(pk__in=line_ids)
    ids = list(chosen.values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("No line of yours is open for review on this request."), field="question", code="closed")
    with transaction.atomic():
        row, lines = _lock(request_id, ids)
        lines = [
            line
            for line in lines
            if line.status in (LineStatus.IN_REVIEW, LineStatus.APPEALED, LineStatus.PEER_TO_PEER)
        ]
        if not lines:
            raise DomainError(
                _("No line of yours is open for review on this request."), field="question", code="closed"
            )
        assert row.submitted_at is not None
        rule = deadline_rule(
            line_of_business=row.line_of_business,
            urgency=row.urgency,
            on=timezone.localtime(row.submitted_at).date(),
        )
        info = InformationRequest.objects.create(
            request=row,
            question=text,
            asked_by=actor.user,
            asked_at=timezone.now(),
            clock_stopped=rule.clock_stops_when_pended,
        )
        info.lines.set(lines)
        for line in lines:
            line.status = LineStatus.PENDED
            line.save(update_fields=["status"])
        _event(row, EventKind.INFO_REQUESTED, actor, note=text)
        request_status_refresh(row)
        notices.to_provider(row, NotificationTopic.AUTHORIZATION_ACTION, notices.INFO_REQUESTED)
    return info


def information_request_open(info: InformationRequest) -> bool:
    """Still waiting for the provider: not answered, and a line it pended is still pended."""
    return info.answered_at is None and info.lines.filter(status=LineStatus.PENDED).exists()


def authorization_info_answer(
    *, actor: Actor, request_id: int, info_request_id: int, answer: str, attachments: Sequence[Upload] = ()
) -> InformationRequest:
    """The provider answers the question with text and/or files; the pended lines go back to review (their due
    times moved by the time waited when the clock stopped)."""
    own_request(actor, request_id)  # out of scope: recorded (outside the transaction) and not found
    text = _text(answer, field="answer", required=False)
    files = attachments_check(attachments)
    if not text and not files:
        raise ValidationFailed({"answer": [_("Write an answer or attach a file.")]})
    written: list[str] = []
    try:
        with transaction.atomic():
            row = own_request(actor, request_id, lock=True)
            info = InformationRequest.objects.filter(pk=info_request_id, request=row).first()
            if info is None:
                raise authorization_not_found()
            pended = list(
                AuthorizationLine.objects.select_for_update()
                .filter(pk__in=info.lines.values("pk"), status=LineStatus.PENDED)
                .order_by("number")
            )
            if info.answered_at is not None or not pended:
                raise DomainError(_("This question has already been answered."), field="answer", code="answered")
            now = timezone.now()
            info.answer, info.answered_by, info.answered_at = text, actor.user, now
            info.save(update_fields=["answer", "answered_by", "answered_at"])
            waited = now - info.asked_at
            for line in pended:
                line.status = _resume_status(line)
                if info.clock_stopped and line.due_at is not None:
                    line.due_at += waited
                line.save(update_fields=["status", "due_at"])
            attachments_store(row=row, files=files, actor=actor, written=written)
            _event(row, EventKind.INFO_ANSWERED, actor, note=text or ", ".join(f.name for f in files))
            request_status_refresh(row)
            holders = [line.assigned_to for line in pended if line.assigned_to is not None]
            notices.to_reviewers(row, [info.asked_by, *holders], notices.ANSWERED)
    except BaseException:
        attachment_discard(written)
        raise
    return info


# ---- extend --------------------------------------------------------------------------------------------------


def authorization_line_extend(*, actor: Actor, line_id: int, reason: str) -> AuthorizationLine:
    """Extend an open line's deadline once, by the deadline rule's allowance (calendar days), with a reason."""
    scope = _reviewer(actor)
    text = _text(reason, field="reason", required=True, limit=400, message=_("Say why the deadline is extended."))
    found = _line_in_scope(actor, scope, line_id)
    with transaction.atomic():
        row, (line,) = _lock(found.request_id, [found.pk])
        if line.status not in OPEN_LINE_STATUSES or line.due_at is None:
            raise DomainError(_("This line is decided: its deadline can no longer change."), code="line_closed")
        if line.extended_at is not None:
            raise DomainError(
                _("This line's deadline was already extended once, on %(date)s.")
                % {"date": timezone.localtime(line.extended_at).date().isoformat()},
                field="reason",
                code="already_extended",
            )
        assert row.submitted_at is not None
        rule = deadline_rule(
            line_of_business=row.line_of_business, urgency=row.urgency, on=timezone.localtime(row.submitted_at).date()
        )
        if rule.extension_days <= 0:
            raise DomainError(
                _("The deadline rule for this line of business allows no extension."),
                field="reason",
                code="no_extension",
            )
        line.due_at = calendar_days_later(line.due_at, rule.extension_days)
        line.extended_at = timezone.now()
        line.extension_reason = text
        line.save(update_fields=["due_at", "extended_at", "extension_reason"])
        _event(
            row,
            EventKind.EXTENDED,
            actor,
            line=line,
            note=_("Line %(n)s, %(days)s days: %(reason)s")
            % {"n": line.number, "days": rule.extension_days, "reason": text},
        )
        notices.to_provider(row, NotificationTopic.AUTHORIZATION_UPDATE, notices.EXTENDED, line)
    return line


# ---- decide --------------------------------------------------------------------------------------------------


def _decision_values(
    *,
    line: AuthorizationLine,
    outcome: DecisionOutcome,
    units: int | None,
    start: dt.date | None,
    end: dt.date | None,
    reason: str,
    criteria: str,
) -> tuple[int | None, dt.date | None, dt.date | None, str, str]:
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    criteria = (criteria or "").strip()
    if len(reason) > MAX_TEXT:
        errors["reason"] = [_("Write at most %(n)s characters.") % {"n": MAX_TEXT}]
    if len(criteria) > MAX_CRITERIA:
        errors["criteria"] = [_("Write at most %(n)s characters.") % {"n": MAX_CRITERIA}]
    if outcome in (DecisionOutcome.DENIED, DecisionOutcome.PARTIALLY_APPROVED):
        if not reason:
            errors["reason"] = [
                _(
                    "Give the specific reason for the denial: what the request lacks or why it does not meet "
                    "the criteria."
                )
            ]
        if not criteria:
            errors["criteria"] = [_("Cite the criteria or policy the decision rests on.")]
    if outcome in (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED):
        units = line.units if units is None else units
        start = start or line.start
        end = end or (start if start != line.start else line.end) or start
        if not 1 <= units <= MAX_UNITS:
            errors["units"] = [_("Units are a whole number from 1 to %(max)s.") % {"max": MAX_UNITS}]
        elif outcome == DecisionOutcome.PARTIALLY_APPROVED and units > line.units:
            errors["units"] = [_("A partial approval cannot give more units than were requested.")]
        if start and end and end < start:
            errors["end"] = [_("The last date cannot be before the first.")]
        if (
            outcome == DecisionOutcome.PARTIALLY_APPROVED
            and "units" not in errors
            and units == line.units
            and (start, end) == (line.start, line.end)
        ):
            errors["units"] = [_("A partial approval changes the units or the dates; otherwise approve the line.")]
    else:
        units, start, end = None, None, None
    if errors:
        raise ValidationFailed(errors)
    return units, start, end, reason, criteria


def authorization_line_decide(
    *,
    actor: Actor,
    line_id: int,
    outcome: DecisionOutcome,
    units: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reason: str = "",
    criteria: str = "",
) -> AuthorizationDecision:
    """Decide one open line of the reviewer's scope.

    - Approved (units and dates may be changed), partially approved (fewer units or narrower dates, with the
      reason and criteria), denied (the specific reason and the criteria or policy are required), withdrawn:
      the line is final, the decision is kept, and a determination letter is written with it.
    - Peer-to-peer requested: the line stays open, the decision is kept, no letter.
    - A line already decided is refused with a message saying so; the request becomes decided when every line
      is final. A decision on an appealed line is recorded as on appeal.
    """
    outcome = DecisionOutcome(outcome)
    scope = _reviewer(actor)
    found = _line_in_scope(actor, scope, line_id)
    units, start, end, reason, criteria = _decision_values(
        line=found, outcome=outcome, units=units, start=start, end=end, reason=reason, criteria=criteria
    )
    with transaction.atomic():
        row, (line,) = _lock(found.request_id, [found.pk])
        if line.status not in OPEN_LINE_STATUSES:
            raise DomainError(
                _("Line %(n)s was already decided: %(status)s.")
                % {"n": line.number, "status": line.get_status_display()},
                code="already_decided",
            )
        if outcome == DecisionOutcome.PEER_TO_PEER and line.status == LineStatus.PEER_TO_PEER:
            raise DomainError(_("A peer-to-peer conversation is already requested."), code="already_requested")
        now = timezone.now()
        decision = AuthorizationDecision.objects.create(
            line=line,
            outcome=outcome,
            units=units,
            start=start,
            end=end,
            reason=reason,
            criteria=criteria,
            on_appeal=line.appealed_at is not None,
            decided_by=actor.user,
            decided_at=now,
        )
        if outcome == DecisionOutcome.PEER_TO_PEER:
            line.status = LineStatus.PEER_TO_PEER
            line.save(update_fields=["status"])
            _event(row, EventKind.PEER_TO_PEER, actor, line=line, note=f"{line.number}. {line.code}: {reason}")
            request_status_refresh(row)
            notices.to_provider(row, NotificationTopic.AUTHORIZATION_ACTION, notices.PEER_TO_PEER, line)
            return decision
        line.status = LineStatus(outcome.value)
        line.decided_units, line.decided_start, line.decided_end = units, start, end
        line.decision_reason, line.decision_criteria, line.decided_at = reason, criteria, now
        line.save(
            update_fields=[
                "status", "decided_units", "decided_start", "decided_end", "decision_reason", "decision_criteria",
                "decided_at",
            ]
        )  # fmt: skip
        label = decision.get_outcome_display()
        if decision.on_appeal:
            label = _("%(outcome)s on appeal") % {"outcome": label}
        _event(row, EventKind.DECIDED, actor, line=line, note=f"{line.number}. {line.code}: {label}")
        decision.line = line
        line.request = row
        DeterminationLetter.objects.create(
            request=row,
            decision=decision,
            filename=letter_filename(decision),
            content=letter_render(decision),
            created_at=now,
        )
        request_status_refresh(row)
        message = notices.APPEAL_DECIDED if decision.on_appeal else notices.DECIDED
        notices.to_provider(row, NotificationTopic.AUTHORIZATION_UPDATE, message, line)
    return decision


# ---- appeal --------------------------------------------------------------------------------------------------


def authorization_line_appeal(
    *, actor: Actor, request_id: int, line_id: int, reason: str, attachments: Sequence[Upload] = ()
) -> AuthorizationLine:
    """The provider appeals a denied (or partially approved) line, once, within the appeal window: the line goes
    back to review as an appeal, due by the deadline rule counted from the appeal's receipt."""
    own_request(actor, request_id)  # out of scope: recorded (outside the transaction) and not found
    text = _text(reason, field="reason", required=True, message=_("Say why the decision should change."))
    files = attachments_check(attachments)
    written: list[str] = []
    try:
        with transaction.atomic():
            row = own_request(actor, request_id, lock=True)
            line = AuthorizationLine.objects.select_for_update().filter(pk=line_id, request=row).first()
            if line is None:
                raise authorization_not_found()
            if line.appealed_at is not None:
                raise DomainError(_("This line was already appealed."), field="reason", code="already_appealed")
            if line.status not in APPEALABLE or line.decided_at is None:
                raise DomainError(
                    _("Only a denied or partially approved line can be appealed."),
                    field="reason",
                    code="not_appealable",
                )
            now = timezone.now()
            if now > line.decided_at + dt.timedelta(days=appeal_days()):
                raise DomainError(
                    _("The %(days)s days to appeal this decision have passed.") % {"days": appeal_days()},
                    field="reason",
                    code="appeal_window_closed",
                )
            assert row.line_of_business is not None
            line.status = LineStatus.APPEALED
            line.appealed_at, line.appeal_reason = now, text
            line.due_at = decision_due_at(line_of_business=row.line_of_business, urgency=row.urgency, received_at=now)
            line.decided_units = line.decided_start = line.decided_end = line.decided_at = None
            line.decision_reason = line.decision_criteria = ""
            line.assigned_to = None
            line.save()
            attachments_store(row=row, files=files, actor=actor, written=written)
            _event(row, EventKind.APPEALED, actor, line=line, note=f"{line.number}. {line.code}: {text}")
            request_status_refresh(row)
            notices.to_reviewers(row, notices.team_for(line), notices.APPEALED, line)
    except BaseException:
        attachment_discard(written)
        raise
    return line
