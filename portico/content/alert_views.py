"""Dismissing an alert banner (mounted at /alerts/): a small POST form on each dismissible banner (htmx swaps the
banner away; without script the page reloads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.common.errors import NotFound, ValidationFailed
from portico.content.alert_services import alert_dismiss
from portico.content.web import safe_next


@login_required
@require_POST
def dismiss(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Dismiss an informational alert for good, hide an important one for this session; urgent ones stay."""
    htmx = request.headers.get("HX-Request") == "true"
    try:
        alert_dismiss(alert_id=alert_id, user=request.user, session=request.session)  # type: ignore[arg-type]
    except (NotFound, ValidationFailed) as exc:
        if htmx:
            return HttpResponse(status=204)  # leave the banner as it is
        messages.error(request, exc.message.split(": ", 1)[-1])
        return redirect(safe_next(request))
    if htmx:
        return HttpResponse("")
    messages.success(request, _("The alert was dismissed."))
    return redirect(safe_next(request))
