"""Who may use the code-list pages and the requirement check, and the decorators that guard them.

- Reading the lists (browse, search, download): anyone acting for a provider organization, and plan staff.
- The requirement check: providers holding the Authorizations or the Eligibility & benefits role, and plan
  staff; finding the line of business from a member ID needs the Eligibility & benefits role (as the
  eligibility page does).
- Uploading, publishing and discarding list versions: plan staff with the content editor or plan
  administrator role.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from portico.accounts.actors import View
from portico.accounts.models import ProviderRole, StaffRole

EDITOR_ROLES = (StaffRole.CONTENT_EDITOR, StaffRole.ADMINISTRATOR)
CHECKER_ROLES = (ProviderRole.AUTHORIZATIONS, ProviderRole.ELIGIBILITY)


def _membership(request: HttpRequest) -> Any:
    return getattr(request, "membership", None)


def can_manage_lists(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and any(user.has_staff_role(role) for role in EDITOR_ROLES)


def can_read_lists(request: HttpRequest) -> bool:
    return request.user.is_authenticated and (_membership(request) is not None or request.user.is_plan_staff)


def can_check_requirements(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    membership = _membership(request)
    if membership is not None and any(membership.has_role(role) for role in CHECKER_ROLES):
        return True
    return bool(request.user.is_plan_staff)


def can_look_up_members(request: HttpRequest) -> bool:
    membership = _membership(request)
    return membership is not None and membership.has_role(ProviderRole.ELIGIBILITY)


def _guard(allowed: Callable[[HttpRequest], bool], reason: Callable[[], str]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request):
                return render(request, "web/forbidden.html", {"reason": reason()}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


list_editor_required = _guard(
    can_manage_lists,
    lambda: (
        _("This page is for plan staff with the %(a)s or %(b)s role.")
        % {"a": StaffRole.CONTENT_EDITOR.label, "b": StaffRole.ADMINISTRATOR.label}
    ),
)
list_reader_required = _guard(
    can_read_lists, lambda: _("The code lists are for people working for a provider organization, and plan staff.")
)
requirement_checker_required = _guard(
    can_check_requirements,
    lambda: (
        _("Your role in this organization does not include %(a)s or %(b)s.")
        % {"a": ProviderRole.AUTHORIZATIONS.label, "b": ProviderRole.ELIGIBILITY.label}
    ),
)
