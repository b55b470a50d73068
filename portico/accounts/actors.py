"""Turning a request into an Actor, and the decorators that guard provider and staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from portico.accounts.models import ProviderRole, StaffRole
from portico.common.access import Actor
from portico.common.models import Channel


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def actor_for_request(request: HttpRequest, channel: Channel = Channel.WEB) -> Actor:
    membership = getattr(request, "membership", None)
    return Actor(
        user=request.user,  # type: ignore[arg-type]
        organization_id=membership.organization_id if membership else None,
        channel=channel,
        ip_address=client_ip(request),
    )


View = Callable[..., HttpResponseBase]


def provider_role_required(role: ProviderRole) -> Callable[[View], View]:
    """The person must be signed in, acting for an organization, and hold ``role`` there."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None or not membership.has_role(role):
                return render(
                    request,
                    "web/forbidden.html",
                    {"reason": _("Your role in this organization does not include %(role)s.") % {"role": role.label}},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_role_required(role: StaffRole, *others: StaffRole) -> Callable[[View], View]:
    """The person must be signed in and hold ``role`` (or one of the ``others``) on the plan's staff."""
    roles = (role, *others)

    def reason() -> str:
        if not others:
            return _("This page is for plan staff with the %(role)s role.") % {"role": role.label}
        return _("This page is for plan staff with one of these roles: %(roles)s.") % {
            "roles": ", ".join(str(r.label) for r in roles)
        }

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(request.user.has_staff_role(r) for r in roles):
                return render(request, "web/forbidden.html", {"reason": reason()}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def actor_for_api(request: HttpRequest) -> Actor:
    """The actor behind a bearer-token API call: the token's user, acting for the token's organization."""
    token = request.auth  # type: ignore[attr-defined]
    return Actor(
        user=token.user,
        organization_id=token.organization_id,
        channel=Channel.API,
        ip_address=client_ip(request),
    )
