"""Puts the organization the signed-in person is acting for on the request (``request.membership``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portico.accounts.queries import memberships_of

SESSION_KEY = "portico_organization_id"


class ActiveOrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = list(memberships_of(user=user))
            request.memberships = memberships  # type: ignore[attr-defined]
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.organization_id == chosen), None)
            if current is None and memberships:
                current = memberships[0]
                request.session[SESSION_KEY] = current.organization_id
            request.membership = current  # type: ignore[attr-defined]
        return self.get_response(request)
