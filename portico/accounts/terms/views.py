"""The terms step of the sign-in gate (/accounts/terms/) and the public privacy statement and terms page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portico.accounts.actors import client_ip
from portico.accounts.gate import gate_passed
from portico.accounts.terms import services
from portico.accounts.terms.models import TermsAcceptance


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse(settings.LOGIN_REDIRECT_URL)
    return target


@login_required
def terms_step(request: HttpRequest) -> HttpResponse:
    """Read the privacy statement and terms in force and accept them (first sign-in, and after each change)."""
    version = services.terms_current()
    next_url = _next(request)
    if version is None:
        gate_passed(request.session, services.GATE_STEP, None)
        return redirect(next_url)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if request.POST.get("version") != str(version.pk):
            errors["accept"] = [_("A new version was published while you were reading. Read it, then accept it.")]
        elif request.POST.get("accept") != "yes":
            errors["accept"] = [_("Check the box to confirm that you accept the privacy statement and terms of use.")]
        else:
            services.terms_accept(user=request.user, version=version, ip_address=client_ip(request))  # type: ignore[arg-type]
            gate_passed(request.session, services.GATE_STEP, version.pk)
            return redirect(next_url)
    acceptance = TermsAcceptance.objects.filter(user=request.user, version=version).first()  # type: ignore[misc]
    return render(
        request,
        "accounts/terms.html",
        {"version": version, "acceptance": acceptance, "next": next_url, "errors": errors},
        status=400 if errors else 200,
    )


def privacy_statement(request: HttpRequest) -> HttpResponse:
    """The privacy statement and terms in force, for anyone, signed in or not."""
    return render(request, "accounts/privacy_statement.html", {"version": services.terms_current()})
