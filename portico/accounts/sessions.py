"""Session lifetime: signed out after a spell without activity, and after a fixed time whatever happens.

The server is the authority. ``SessionTimeoutMiddleware`` keeps two marks in the session: when it was opened
(the first request after signing in) and the person's last activity. A request past
``PORTICO_IDLE_TIMEOUT_MINUTES`` since the last activity, or ``PORTICO_SESSION_MAX_HOURS`` since the opening,
signs the person out, records a ``SESSION_EXPIRED`` security event and sends them to the sign-in page with a
message saying why (and ``next`` kept). The browser's warning (``web/session.js``) only asks the server how
much time is left and, when the person chooses to stay, posts to the keep-alive endpoint.

Requests a page makes on its own, without the person doing anything — htmx polling a batch's progress, the
warning's own "how long is left?" question — are not activity: they carry ``X-Portico-Background: 1`` and leave
the last-activity mark alone, so an open progress bar does not keep a session alive forever.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from portico.accounts.actors import client_ip
from portico.accounts.models import SecurityEventKind
from portico.accounts.services import security_event_record

SESSION_STARTED = "portico_session_started"
SESSION_LAST_ACTIVITY = "portico_last_activity"
BACKGROUND_HEADER = "X-Portico-Background"
BACKGROUND_META = "HTTP_X_PORTICO_BACKGROUND"
# Last activity is rewritten at most this often (seconds): a burst of htmx requests saves the session once.
ACTIVITY_GRANULARITY = 1
# Never looked at, never extended: static files, the health check, the token-authenticated API.
UNTRACKED_PREFIXES = ("/static/", "/healthz", "/favicon.ico", "/api/")

IDLE = "idle"
MAX_AGE = "max_age"


@dataclass(frozen=True)
class SessionTiming:
    idle_seconds: int  # the idle limit
    max_seconds: int  # the absolute lifetime
    warning_seconds: int  # how long before the idle limit the browser warns

    @property
    def idle_minutes(self) -> int:
        return self.idle_seconds // 60

    @property
    def max_hours(self) -> int:
        return self.max_seconds // 3600


def session_timing() -> SessionTiming:
    idle = settings.PORTICO_IDLE_TIMEOUT_MINUTES * 60
    return SessionTiming(
        idle_seconds=idle,
        max_seconds=settings.PORTICO_SESSION_MAX_HOURS * 3600,
        warning_seconds=max(0, min(settings.PORTICO_IDLE_WARNING_SECONDS, idle - 5)),
    )


@dataclass(frozen=True)
class SessionLeft:
    idle_seconds_left: int
    max_seconds_left: int

    @property
    def seconds_left(self) -> int:
        return min(self.idle_seconds_left, self.max_seconds_left)


def session_left(session: SessionBase, *, now: float | None = None) -> SessionLeft | None:
    """How long the signed-in session has before each limit; None if it has no marks yet (just opened)."""
    started = session.get(SESSION_STARTED)
    last = session.get(SESSION_LAST_ACTIVITY)
    if started is None or last is None:
        return None
    now = time.time() if now is None else now
    timing = session_timing()
    return SessionLeft(
        idle_seconds_left=int(timing.idle_seconds - (now - float(last))),
        max_seconds_left=int(timing.max_seconds - (now - float(started))),
    )


def session_expiry_reason(session: SessionBase, *, now: float) -> str | None:
    left = session_left(session, now=now)
    if left is None:
        return None
    if left.max_seconds_left <= 0:
        return MAX_AGE
    if left.idle_seconds_left <= 0:
        return IDLE
    return None


def is_background(request: HttpRequest) -> bool:
    """A request the page made on its own (polling, the warning's question), not the person's doing."""
    return request.META.get(BACKGROUND_META) == "1" or (
        request.method == "GET" and request.path == reverse("accounts:session_status")
    )


def _mark_opened(session: SessionBase, now: float) -> None:
    session[SESSION_STARTED] = now
    session[SESSION_LAST_ACTIVITY] = now


def _expiry_message(reason: str) -> str:
    timing = session_timing()
    if reason == MAX_AGE:
        hours = timing.max_seconds // 3600
        return ngettext(
            "You were signed out because you had been signed in for %(count)d hour, the longest a session may "
            "last. Sign in again to continue.",
            "You were signed out because you had been signed in for %(count)d hours, the longest a session may "
            "last. Sign in again to continue.",
            hours,
        ) % {"count": hours}
    minutes = timing.idle_seconds // 60
    return ngettext(
        "You were signed out after %(count)d minute without activity, to protect member information. Sign in "
        "again to continue where you were.",
        "You were signed out after %(count)d minutes without activity, to protect member information. Sign in "
        "again to continue where you were.",
        minutes,
    ) % {"count": minutes}


def _return_path(request: HttpRequest) -> str:
    """Where to come back to after signing in again: the page, not a background fragment or a POST target."""
    current = request.headers.get("HX-Current-URL", "")
    if current and url_has_allowed_host_and_scheme(current, allowed_hosts={request.get_host()}):
        # htmx sends the page's full URL; keep its path and query.
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method == "GET" and not request.path.startswith("/accounts/session/"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse(settings.LOGIN_REDIRECT_URL)


def session_expire(request: HttpRequest, *, reason: str) -> HttpResponse:
    """Sign the person out because the session ran out; record why; answer in the form the request expects."""
    user = request.user
    timing = session_timing()
    detail = (
        f"Idle for {timing.idle_seconds // 60} minutes"
        if reason == IDLE
        else f"Session older than {timing.max_seconds // 3600} hours"
    )
    security_event_record(
        kind=SecurityEventKind.SESSION_EXPIRED,
        user=user,  # type: ignore[arg-type]
        organization_id=request.session.get("portico_organization_id"),
        ip_address=client_ip(request),
        detail=detail,
    )
    next_path = _return_path(request)
    logout(request)
    messages.warning(request, _expiry_message(reason))
    login = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_path})}"
    if request.path.startswith("/accounts/session/"):
        return JsonResponse({"signed_in": False, "reason": reason, "login_url": login}, status=401)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login
        return response
    return redirect(login)


class SessionTimeoutMiddleware:
    """After authentication and messages, before the sign-in gate: expire the session or record activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        tracked = not request.path.startswith(UNTRACKED_PREFIXES)
        if tracked and user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            if session.get(SESSION_STARTED) is None:
                _mark_opened(session, now)
            else:
                reason = session_expiry_reason(session, now=now)
                if reason is not None:
                    return session_expire(request, reason=reason)
                last = float(session.get(SESSION_LAST_ACTIVITY) or 0)
                if not is_background(request) and now - last >= ACTIVITY_GRANULARITY:
                    session[SESSION_LAST_ACTIVITY] = now
        response = self.get_response(request)
        # Signing in happened in this request (the view called login()): the session opens now.
        user = getattr(request, "user", None)
        if tracked and user is not None and user.is_authenticated and request.session.get(SESSION_STARTED) is None:
            _mark_opened(request.session, time.time())
        return response


def _status(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"signed_in": False, "login_url": reverse(settings.LOGIN_URL)}
    left = session_left(request.session)
    timing = session_timing()
    return {
        "signed_in": True,
        "idle_seconds_left": left.idle_seconds_left if left else timing.idle_seconds,
        "max_seconds_left": left.max_seconds_left if left else timing.max_seconds,
        "warning_seconds": timing.warning_seconds,
    }


@require_GET
def session_status(request: HttpRequest) -> HttpResponse:
    """How long the session has left (the warning asks before it shows; asking is not activity)."""
    response = JsonResponse(_status(request))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the POST itself is the activity the middleware records. Without JavaScript the
    form posts here and comes back to the page."""
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse(_status(request))
        response["Cache-Control"] = "no-store"
        return response
    target = request.POST.get("next") or reverse(settings.LOGIN_REDIRECT_URL)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse(settings.LOGIN_REDIRECT_URL)
    return redirect(target)


def session_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the warning's timings, for signed-in people only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_timing": session_timing()}
