"""The sign-in gate: steps a signed-in person must pass before using the portal — two-step verification after a
password, the privacy statement and terms when they are new or changed — each a registered ``GateStep``.

Every step keeps its "passed" mark in the session (``portico_gate_<name>``), set by the step's own page when
the person passes it. ``SignInGateMiddleware`` sends a signed-in person to the first step still needed, with
``?next=`` the page they asked for, and lets through only the steps' own pages, sign-out, static files, the
language switch and the token-authenticated JSON API.

How the session was opened is in ``SESSION_AUTH_METHOD``: ``"password"`` (direct sign-in) or ``"sso"`` (the
hub's SAML assertion); a step may depend on it (two-step verification is for direct sign-in only). A session
without it is treated as a password session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_AUTH_METHOD = "portico_auth_method"
AUTH_PASSWORD = "password"  # noqa: S105 - a label, not a secret
AUTH_SSO = "sso"
SESSION_PREFIX = "portico_gate_"

# Paths a person on their way through the gate may always reach (besides each step's own pages).
OPEN_PREFIXES: tuple[str, ...] = ("/static/", "/accounts/logout/", "/i18n/", "/healthz", "/api/", "/favicon.ico")
# The hub's SAML endpoints: its answers and sign-out messages must arrive whatever step the person is at.
OPEN_PREFIXES += ("/accounts/sso/acs/", "/accounts/sso/sls/", "/accounts/sso/logout/", "/accounts/sso/metadata/")
# The idle-timeout warning's question and keep-alive (on the steps' pages too), and the public privacy statement.
OPEN_PREFIXES += ("/accounts/session/", "/privacy-statement/")


@dataclass(frozen=True)
class GateStep:
    name: str
    url_name: str  # the step's page; everything under its path is let through
    needed: Callable[[HttpRequest], bool]  # called only for signed-in people whose mark is not set
    mark_value: Callable[[Any], object] = lambda user: True  # what passing records in the session


STEPS: list[GateStep] = []


def gate_step_register(step: GateStep) -> None:
    """Register a step (from an app's ``ready``); steps run in registration order. Re-registering replaces."""
    for index, existing in enumerate(STEPS):
        if existing.name == step.name:
            STEPS[index] = step
            return
    STEPS.append(step)


def _key(name: str) -> str:
    return SESSION_PREFIX + name


def gate_passed(session: SessionBase, name: str, value: object = True) -> None:
    """The step's page calls this when the person passes it."""
    session[_key(name)] = value


def gate_mark_all(session: SessionBase, user: Any) -> None:
    """Mark every step passed (what a complete sign-in leaves behind); tests use it after ``force_login``."""
    for step in STEPS:
        session[_key(step.name)] = step.mark_value(user)


def auth_method(request: HttpRequest) -> str:
    return str(request.session.get(SESSION_AUTH_METHOD) or AUTH_PASSWORD)


def step_pending(request: HttpRequest) -> GateStep | None:
    """The first step the signed-in person still has to pass, if any."""
    for step in STEPS:
        mark = request.session.get(_key(step.name))
        if mark is not None and mark == step.mark_value(request.user):
            continue
        if step.needed(request):
            return step
    return None


class SignInGateMiddleware:
    """After authentication: send the person to the first gate step still needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        step = step_pending(request)
        if step is None:
            return self.get_response(request)
        target = reverse(step.url_name)
        if request.path.startswith(target):
            return self.get_response(request)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
