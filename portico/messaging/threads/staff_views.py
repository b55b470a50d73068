"""Plan staff pages of secure messaging: the team inbox, a thread (reply, take, assign, release, close, reopen) and
the reply-target report. Any plan staff member may open them; each shows only the threads of the person's teams
(the report shows every team)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole, User
from portico.common.errors import DomainError, NotFound
from portico.messaging.threads import queries, services
from portico.messaging.threads.models import MessageThread, PlanTeam, ThreadStatus
from portico.messaging.threads.report import reply_target_report
from portico.messaging.threads.views import _thread_view, attachment_response, error_links, errors_of, uploads_of

plan_staff_required = staff_role_required(*StaffRole)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "threads/staff/not_found.html", status=404)


@plan_staff_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team = request.GET.get("team", "")
    show = request.GET.get("show", "")
    filters = queries.ThreadFilters(
        status=request.GET.get("status", "") if request.GET.get("status", "") in ThreadStatus.values else "",
        overdue=request.GET.get("overdue") == "1",
        team_id=int(team) if team.isdigit() else None,
        mine=show == "mine",
        unassigned=show == "unassigned",
    )
    rows = list(queries.team_threads(user=user, filters=filters)[:300])
    return render(
        request,
        "threads/staff/inbox.html",
        {
            "teams": queries.teams_of(user=user),
            "rows": [{**_thread_view(t), "unread": queries.is_unread(t)} for t in rows],
            "filters": filters,
            "show": show,
            "status_choices": ThreadStatus.choices,
            "overdue_count": queries.team_overdue_count(user=user),
        },
    )


def _context(request: HttpRequest, thread: MessageThread, **extra: Any) -> dict[str, Any]:
    return {
        **_thread_view(thread),
        "thread_messages": thread.messages.select_related("author").prefetch_related("attachments"),
        "teammates": queries.teammates(thread=thread),
        "max_mb": settings.PORTICO["ATTACHMENT_MAX_MB"],
        "errors": {},
        "error_links": [],
        **extra,
    }


@plan_staff_required
@require_GET
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    user = _user(request)
    try:
        found = queries.staff_access_thread(user=user, thread_id=thread_id)
    except NotFound:
        return _not_found(request)
    services.thread_read(user=user, thread=found)
    return render(request, "threads/staff/thread.html", _context(request, found))


def _with_errors(request: HttpRequest, thread_id: int, errors: dict[str, list[str]]) -> HttpResponse:
    found = queries.staff_access_thread(user=_user(request), thread_id=thread_id, record=False)
    context = _context(
        request, found, errors=errors, error_links=error_links(errors, ("body", "attachments", "assignee")),
        body=request.POST.get("body", ""),
    )  # fmt: skip
    return render(request, "threads/staff/thread.html", context, status=400)


@plan_staff_required
@require_POST
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    close = request.POST.get("close") == "1"
    try:
        services.thread_staff_reply(
            user=_user(request),
            thread_id=thread_id,
            body=request.POST.get("body", ""),
            uploads=uploads_of(request),
            close=close,
        )
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _with_errors(request, thread_id, errors_of(exc))
    messages.success(request, _("Your answer was sent and the thread closed.") if close else _("Your answer was sent."))
    return redirect("threads:staff_thread", thread_id=thread_id)


@plan_staff_required
@require_POST
def assign(request: HttpRequest, thread_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    assignee = request.POST.get("assignee", "")
    try:
        found = services.thread_assign(
            user=_user(request),
            thread_id=thread_id,
            action=action,
            assignee_id=int(assignee) if assignee.isdigit() else None,
        )
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        return _with_errors(request, thread_id, errors_of(exc, "assignee"))
    if found.assignee is None:
        messages.success(request, _("The thread is back with the whole team."))
    else:
        name = found.assignee.get_full_name() or found.assignee.username
        messages.success(request, _("The thread is assigned to %(name)s.") % {"name": name})
    return redirect("threads:staff_thread", thread_id=thread_id)


@plan_staff_required
@require_POST
def status(request: HttpRequest, thread_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "reopen":
            services.thread_reopen(user=_user(request), thread_id=thread_id)
            messages.success(request, _("The thread is open again."))
        else:
            services.thread_close(user=_user(request), thread_id=thread_id)
            messages.success(request, _("The thread is closed."))
    except NotFound:
        return _not_found(request)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("threads:staff_thread", thread_id=thread_id)


@plan_staff_required
@require_GET
def attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> HttpResponseBase:
    try:
        found = queries.staff_thread_attachment(user=_user(request), thread_id=thread_id, attachment_id=attachment_id)
    except NotFound:
        return _not_found(request)
    return attachment_response(found)


@plan_staff_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    weeks_given = request.GET.get("weeks", "")
    weeks = int(weeks_given) if weeks_given.isdigit() and 1 <= int(weeks_given) <= 26 else 8
    today = timezone.localdate()
    found = reply_target_report(teams=list(PlanTeam.objects.all()), today=today, weeks=weeks)
    context = {"report": found, "weeks": weeks, "week_choices": (4, 8, 13, 26)}
    return render(request, "threads/staff/report.html", context)
