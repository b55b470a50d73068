"""Provider pages of secure messaging (mounted at /messages/) and the "Contact us" page (/contact/).

The organization's people with the Messaging role (administrators hold every role) see all its threads; a thread
of another organization answers "not found".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portico.accounts.actors import actor_for_request, provider_role_required
from portico.accounts.models import ProviderRole
from portico.authorizations.attachments import Upload, attachment_path, max_bytes
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.messaging.threads import links, queries, services
from portico.messaging.threads.business_days import due_day_of
from portico.messaging.threads.models import (
    MessageAttachment,
    MessageThread,
    OrganizationContact,
    PlanTeam,
    ThreadStatus,
    ThreadTopic,
)

messaging_required = provider_role_required(ProviderRole.MESSAGING)

# The thread form's fields, in the order the error summary lists them.
FORM_FIELDS = ("team", "topic", "subject", "link_kind", links.LINK_FIELD, "body", "attachments")


def uploads_of(request: HttpRequest) -> list[Upload]:
    limit = max_bytes()
    return [
        Upload(name=f.name or "attachment", content=f.read(limit + 1))
        for f in request.FILES.getlist("attachments")
        if f.name or f.size
    ]


def errors_of(exc: DomainError, default_field: str = "body") -> dict[str, list[str]]:
    if isinstance(exc, ValidationFailed):
        return exc.errors
    return {exc.field or default_field: [exc.message]}


def error_links(errors: dict[str, list[str]], order: tuple[str, ...]) -> list[tuple[str, str]]:
    """(anchor, message) for the error summary, in the form's order."""
    ordered = sorted(errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [(f"id_{field}", message) for field, found in ordered for message in found]


def attachment_response(found: MessageAttachment) -> FileResponse:
    """An attachment already access-checked: a private download of the type detected from its content."""
    response = FileResponse(
        attachment_path(found.stored_name).open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "threads/not_found.html", status=404)


def _thread_view(thread: MessageThread) -> dict[str, Any]:
    return {
        "thread": thread,
        "link_kind_label": links.link_kind_label(thread.link_kind) if thread.link_kind else "",
        "due_day": due_day_of(thread.due_at) if thread.due_at else None,
        "overdue": thread.status == ThreadStatus.OPEN and thread.due_at is not None and thread.due_at < timezone.now(),
    }


def _form_context(values: dict[str, str], errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    errors = errors or {}
    return {
        "teams": PlanTeam.objects.filter(accepts_messages=True),
        "topics": ThreadTopic.choices,
        "link_kinds": links.link_kinds(),
        "link_field": links.LINK_FIELD,
        "values": values,
        "errors": errors,
        "error_links": error_links(errors, FORM_FIELDS),
        "max_mb": settings.PORTICO["ATTACHMENT_MAX_MB"],
    }


@messaging_required
@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    status = request.GET.get("status", "")
    rows = list(queries.organization_threads(actor=actor, filters=queries.ThreadFilters(status=status))[:200])
    return render(
        request,
        "threads/list.html",
        {
            "rows": [{**_thread_view(t), "unread": queries.is_unread(t)} for t in rows],
            "status": status,
            "status_choices": ThreadStatus.choices,
        },
    )


@messaging_required
def thread_new(request: HttpRequest) -> HttpResponse:
    """Write to a plan team. ``?team=<key>``, ``?link_kind=member&link=<member ID>`` fill the form in."""
    if request.method != "POST":
        team = PlanTeam.objects.filter(key=request.GET.get("team", ""), accepts_messages=True).first()
        values = {
            "team": str(team.pk) if team else "",
            "link_kind": request.GET.get("link_kind", ""),
            links.LINK_FIELD: request.GET.get("link", ""),
            "topic": request.GET.get("topic", ""),
        }
        return render(request, "threads/new.html", _form_context(values))
    values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    team_id = values.get("team", "")
    try:
        thread = services.thread_start(
            actor=actor_for_request(request),
            team_id=int(team_id) if team_id.isdigit() else None,
            subject=values.get("subject", ""),
            topic=values.get("topic", ""),
            body=values.get("body", ""),
            link_kind=values.get("link_kind", ""),
            link_reference=values.get(links.LINK_FIELD, ""),
            uploads=uploads_of(request),
        )
    except DomainError as exc:
        return render(request, "threads/new.html", _form_context(values, errors_of(exc)), status=400)
    messages.success(
        request,
        _("Your message %(reference)s was sent to %(team)s. They answer within %(days)s business days.")
        % {"reference": thread.reference, "team": thread.team.name, "days": thread.team.reply_target_days},
    )
    return redirect("threads:thread", thread_id=thread.pk)


def _detail(request: HttpRequest, thread: MessageThread, **extra: Any) -> dict[str, Any]:
    return {
        **_thread_view(thread),
        "thread_messages": thread.messages.select_related("author").prefetch_related("attachments"),
        "max_mb": settings.PORTICO["ATTACHMENT_MAX_MB"],
        "errors": {},
        "error_links": [],
        **extra,
    }


@messaging_required
@require_GET
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    try:
        thread = queries.access_thread(actor=actor, thread_id=thread_id)
    except NotFound:
        return not_found(request)
    services.thread_read(user=actor.user, thread=thread)
    return render(request, "threads/detail.html", _detail(request, thread))


@messaging_required
@require_POST
def thread_reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    try:
        services.thread_reply(
            actor=actor, thread_id=thread_id, body=request.POST.get("body", ""), uploads=uploads_of(request)
        )
    except NotFound:
        return not_found(request)
    except DomainError as exc:
        thread = queries.access_thread(actor=actor, thread_id=thread_id, record=False)
        errors = errors_of(exc)
        context = _detail(
            request, thread, errors=errors, error_links=error_links(errors, ("body", "attachments")),
            body=request.POST.get("body", ""),
        )  # fmt: skip
        return render(request, "threads/detail.html", context, status=400)
    messages.success(request, _("Your reply was sent."))
    return redirect("threads:thread", thread_id=thread_id)


@messaging_required
@require_GET
def thread_attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> HttpResponseBase:
    try:
        found = queries.access_thread_attachment(
            actor=actor_for_request(request), thread_id=thread_id, attachment_id=attachment_id
        )
    except NotFound:
        return not_found(request)
    return attachment_response(found)


@login_required
@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    """The plan's teams (phones, hours, what they handle), the organization's provider relations specialist, and —
    for people with the Messaging role — a form that opens a thread with the team chosen."""
    membership = getattr(request, "membership", None)
    specialist = (
        OrganizationContact.objects.select_related("specialist")
        .filter(organization_id=membership.organization_id)
        .first()
        if membership is not None
        else None
    )
    can_write = membership is not None and membership.has_role(ProviderRole.MESSAGING)
    context = {
        "all_teams": PlanTeam.objects.all(),
        "contact": specialist,
        "can_write": can_write,
        **_form_context({"team": request.GET.get("team", "")}),
    }
    return render(request, "threads/contact.html", context)
