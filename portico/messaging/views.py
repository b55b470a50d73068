"""Notification pages: the person's notifications, opening one, and choosing which topics also come by email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.common.errors import DomainError, NotFound
from portico.messaging import queries, services
from portico.providers.queries import organization_names

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    rows = queries.notifications_of(user=request.user, unread_only=unread_only)  # type: ignore[arg-type]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = organization_names(n.organization_id for n in page if n.organization_id)
    return render(
        request,
        "messaging/inbox.html",
        {
            "page": page,
            "items": [(n, names.get(n.organization_id or 0, "")) for n in page],
            "unread_only": unread_only,
        },
    )


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go where it points (always a path inside the portal)."""
    try:
        row = services.notification_read(user=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    except NotFound:
        return render(request, "messaging/not_found.html", status=404)
    target = row.link if row.link.startswith("/") and not row.link.startswith("//") else "/notifications/"
    return redirect(target)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return redirect("messaging:inbox")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    offered = queries.offered_topics(user=user)  # type: ignore[arg-type]
    errors: dict[str, list[str]] = {}
    chosen = services.email_topics_of(user=user)  # type: ignore[arg-type]
    if request.method == "POST":
        wanted = request.POST.getlist("email_topics")
        try:
            services.notification_preferences_set(
                user=user,  # type: ignore[arg-type]
                email_topics=wanted,
                offered=[t.value for t in offered],
            )
        except DomainError as exc:
            errors = getattr(exc, "errors", {"email_topics": [exc.message]})
            chosen = set(wanted)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("messaging:settings")
    return render(
        request,
        "messaging/settings.html",
        {"topics": [(t, t.value in chosen) for t in offered], "errors": errors},
        status=400 if errors else 200,
    )
