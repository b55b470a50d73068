"""Pages for reviewers (mounted at /authorizations/review/): the work queue, a request opened for review with the
decision forms, and the files and letters of requests in the reviewer's scope.

Guarded by the UM reviewer staff role; what a reviewer sees is scoped by ``review_queries`` (plan lines, or one
vendor's). The views only translate HTTP: bad input is shown next to its field with status 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portico.accounts.actors import actor_for_request, staff_role_required
from portico.accounts.models import StaffRole
from portico.authorizations.deadlines import near_due_window
from portico.authorizations.models import (
    AuthorizationDecision,
    AuthorizationLine,
    AuthorizationRequest,
    DecisionOutcome,
    InformationRequest,
    LineStatus,
)
from portico.authorizations.review_queries import (
    OPEN_LINE_STATUSES,
    DueState,
    QueueFilters,
    ReviewerScope,
    access_letter,
    access_review,
    access_review_attachment,
    due_state,
    review_queue,
    reviewer_scope,
)
from portico.authorizations.review_services import (
    AssignAction,
    authorization_info_request,
    authorization_line_assign,
    authorization_line_decide,
    authorization_line_extend,
    information_request_open,
)
from portico.authorizations.views import attachment_response, letter_response
from portico.common.errors import DomainError, NotFound, ValidationFailed

reviewer_required = staff_role_required(StaffRole.UM_REVIEWER)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "authorizations/review/not_found.html", status=404)


def time_left(due_at: dt.datetime | None, now: dt.datetime) -> str:
    """ "2 days 4 hours left" / "overdue by 3 hours": the clock a reviewer reads."""
    if due_at is None:
        return ""
    seconds = int((due_at - now).total_seconds())
    span = abs(seconds)
    days, rest = divmod(span, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
        if hours:
            text += " " + ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    elif hours:
        text = ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
        if minutes:
            text += " " + ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    else:
        text = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    if seconds <= 0:
        return _("overdue by %(span)s") % {"span": text}
    return _("%(span)s left") % {"span": text}


def _clock(line: AuthorizationLine, now: dt.datetime) -> dict[str, Any]:
    state = due_state(line.due_at, now=now)
    return {"state": state, "left": time_left(line.due_at, now)}


@never_cache
@reviewer_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer's open lines, soonest due first, each with its clock; near-due and overdue marked."""
    actor = actor_for_request(request)
    assigned = request.GET.get("assigned", "")
    status = request.GET.get("status", "")
    filters = QueueFilters(
        assigned=assigned if assigned in ("mine", "unassigned") else "",
        status=status if status in OPEN_LINE_STATUSES else "",
    )
    try:
        lines = review_queue(actor=actor, filters=filters)
    except NotFound:
        return _not_found(request)
    now = timezone.now()
    scope = reviewer_scope(request.user)  # type: ignore[arg-type]
    rows = [{"line": line, **_clock(line, now)} for line in lines]
    return render(
        request,
        "authorizations/review/queue.html",
        {
            "rows": rows,
            "scope": scope,
            "filters": filters,
            "status_choices": [(s.value, s.label) for s in OPEN_LINE_STATUSES],
            "near_hours": int(near_due_window().total_seconds() // 3600),
            "overdue_count": sum(1 for r in rows if r["state"] == DueState.OVERDUE),
            "near_count": sum(1 for r in rows if r["state"] == DueState.NEAR_DUE),
        },
    )


def _review_context(row: AuthorizationRequest, scope: ReviewerScope, user_id: int) -> dict[str, Any]:
    now = timezone.now()
    lines = [
        line for line in row.lines.select_related("vendor", "assigned_to").order_by("number") if scope.covers(line)
    ]
    line_ids = {line.pk for line in lines}
    decisions = list(
        AuthorizationDecision.objects.filter(line_id__in=line_ids)
        .select_related("decided_by", "line", "letter")
        .order_by("decided_at", "id")
    )
    questions = list(
        InformationRequest.objects.filter(request=row).prefetch_related("lines").select_related("asked_by")
    )
    return {
        "req": row,
        "scope": scope,
        "line_rows": [
            {
                "line": line,
                "open": line.status in OPEN_LINE_STATUSES,
                "mine": line.assigned_to_id == user_id,
                **_clock(line, now),
            }
            for line in lines
        ],
        "other_lines": row.lines.exclude(pk__in=line_ids).exclude(status=LineStatus.NOT_REQUIRED).count(),
        "decisions": decisions,
        "questions": [
            {"q": q, "open": information_request_open(q), "lines": [line.number for line in q.lines.all()]}
            for q in questions
            if {line.pk for line in q.lines.all()} & line_ids
        ],
        "events": [e for e in row.events.select_related("by", "line") if e.line_id is None or e.line_id in line_ids],
        "attachments": list(row.attachments.all()),
        "outcomes": DecisionOutcome.choices,
        "line_fields": [
            ("units", _("Units"), "text"),
            ("start", _("First date"), "date"),
            ("end", _("Last date"), "date"),
        ],
        "can_ask": any(
            line.status in (LineStatus.IN_REVIEW, LineStatus.APPEALED, LineStatus.PEER_TO_PEER) for line in lines
        ),
    }


def _render_review(
    request: HttpRequest,
    row: AuthorizationRequest,
    scope: ReviewerScope,
    *,
    errors: dict[str, list[str]] | None = None,
    form_line: int | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _review_context(row, scope, request.user.pk)  # type: ignore[arg-type]
    errors = errors or {}
    prefix = f"line-{form_line}-" if form_line is not None else ""
    for line_row in context["line_rows"]:
        mine = form_line is not None and line_row["line"].pk == form_line
        line_row["errors"] = errors if mine else {}
        line_row["values"] = (values or {}) if mine else {}
    context.update(
        {
            "question_errors": errors if form_line is None else {},
            "question_value": (values or {}).get("question", "") if form_line is None else "",
            "error_links": [(f"id_{prefix}{key}", m) for key, found in errors.items() for m in found],
        }
    )
    return render(request, "authorizations/review/request.html", context, status=status)


@never_cache
@reviewer_required
@require_GET
def review(request: HttpRequest, request_id: int) -> HttpResponse:
    """The whole request, the reviewer's lines with their clocks and the decision forms, files and timeline."""
    try:
        row, scope = access_review(actor=actor_for_request(request), request_id=request_id)
    except NotFound:
        return _not_found(request)
    return _render_review(request, row, scope)


def _after_post(request: HttpRequest, request_id: int, line_id: int | None, exc: DomainError) -> HttpResponse:
    """Re-show the review page with the error next to its field (or at the top)."""
    row, scope = access_review(actor=actor_for_request(request), request_id=request_id)
    errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "decision": [exc.message]}
    values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    return _render_review(request, row, scope, errors=errors, form_line=line_id, values=values, status=400)


def _request_of_line(line_id: int) -> int:
    return AuthorizationLine.objects.filter(pk=line_id).values_list("request_id", flat=True).first() or 0


@reviewer_required
@require_POST
def assign(request: HttpRequest, line_id: int) -> HttpResponseBase:
    actor = actor_for_request(request)
    try:
        action = AssignAction(request.POST.get("action", ""))
    except ValueError:
        action = AssignAction.ASSIGN
    try:
        line = authorization_line_assign(actor=actor, line_id=line_id, action=action)
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("review:request", request_id=_request_of_line(line_id))
    if action == AssignAction.RELEASE:
        messages.success(request, _("Line %(n)s is back in the queue.") % {"n": line.number})
    else:
        messages.success(request, _("Line %(n)s is assigned to you.") % {"n": line.number})
    if request.POST.get("next") == "queue":
        return redirect("review:queue")
    return redirect("review:request", request_id=line.request_id)


def _int_or_none(raw: str, field: str, errors: dict[str, list[str]]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors[field] = [_("Enter a whole number.")]
        return None


def _date_or_none(raw: str, field: str, errors: dict[str, list[str]]) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[field] = [_("Enter a date like 2026-06-01.")]
        return None


@reviewer_required
@require_POST
def decide(request: HttpRequest, line_id: int) -> HttpResponseBase:
    actor = actor_for_request(request)
    post = request.POST
    errors: dict[str, list[str]] = {}
    try:
        outcome = DecisionOutcome(post.get("outcome", ""))
    except ValueError:
        outcome = None
        errors["outcome"] = [_("Choose a decision.")]
    units = _int_or_none(post.get("units", ""), "units", errors)
    start = _date_or_none(post.get("start", ""), "start", errors)
    end = _date_or_none(post.get("end", ""), "end", errors)
    try:
        if errors or outcome is None:
            raise ValidationFailed(errors)
        decision = authorization_line_decide(
            actor=actor,
            line_id=line_id,
            outcome=outcome,
            units=units,
            start=start,
            end=end,
            reason=post.get("reason", ""),
            criteria=post.get("criteria", ""),
        )
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        try:
            return _after_post(request, _request_of_line(line_id), line_id, exc)
        except NotFound:
            return _not_found(request)
    messages.success(
        request,
        _("Line %(n)s: %(outcome)s.") % {"n": decision.line.number, "outcome": decision.get_outcome_display()},
    )
    return redirect("review:request", request_id=decision.line.request_id)


@reviewer_required
@require_POST
def extend(request: HttpRequest, line_id: int) -> HttpResponseBase:
    actor = actor_for_request(request)
    try:
        line = authorization_line_extend(actor=actor, line_id=line_id, reason=request.POST.get("reason", ""))
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        if isinstance(exc, ValidationFailed):
            exc = ValidationFailed({f"extend_{k}": v for k, v in exc.errors.items()})
        else:
            exc = DomainError(exc.message, field=f"extend_{exc.field or 'reason'}", code=exc.code)
        return _after_post(request, _request_of_line(line_id), line_id, exc)
    messages.success(request, _("Line %(n)s's deadline was extended.") % {"n": line.number})
    return redirect("review:request", request_id=line.request_id)


@reviewer_required
@require_POST
def info_request(request: HttpRequest, request_id: int) -> HttpResponseBase:
    actor = actor_for_request(request)
    try:
        authorization_info_request(actor=actor, request_id=request_id, question=request.POST.get("question", ""))
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _after_post(request, request_id, None, exc)
    messages.success(request, _("The question was sent; the lines wait for the provider's answer."))
    return redirect("review:request", request_id=request_id)


@reviewer_required
@require_GET
def attachment(request: HttpRequest, request_id: int, attachment_id: int) -> HttpResponseBase:
    try:
        found = access_review_attachment(
            actor=actor_for_request(request), request_id=request_id, attachment_id=attachment_id
        )
    except NotFound:
        return _not_found(request)
    return attachment_response(found)


@reviewer_required
@require_GET
def letter(request: HttpRequest, request_id: int, letter_id: int) -> HttpResponseBase:
    try:
        found = access_letter(actor=actor_for_request(request), request_id=request_id, letter_id=letter_id)
    except NotFound:
        return _not_found(request)
    return letter_response(found)
