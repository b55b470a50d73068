"""Sign-in, organization switching, and the profile page where people manage their API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.accounts import queries, services
from portico.accounts.middleware import SESSION_KEY
from portico.common.errors import DomainError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    try:
        organization_id = int(request.POST.get("organization", ""))
    except ValueError:
        organization_id = -1
    membership = queries.membership_for(user=request.user, organization_id=organization_id)  # type: ignore[arg-type]
    if membership is None:
        messages.error(request, _("You are not a member of that organization."))
    else:
        request.session[SESSION_KEY] = membership.organization_id
        messages.success(request, _("You are now acting for %(org)s.") % {"org": membership.organization.legal_name})
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    new_token = None
    errors: dict[str, list[str]] = {}
    membership = getattr(request, "membership", None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                if membership is None:
                    errors = {"name": [_("API tokens act for an organization, and you belong to none.")]}
                else:
                    _token, new_token = services.api_token_create(
                        user=request.user,  # type: ignore[arg-type]
                        organization_id=membership.organization_id,
                        name=request.POST.get("name", ""),
                    )
            elif action == "revoke":
                services.api_token_revoke(user=request.user, token_id=int(request.POST.get("token", "0")))  # type: ignore[arg-type]
                messages.success(request, _("The token was revoked. Systems using it can no longer sign in."))
                return redirect("accounts:profile")
        except DomainError as exc:
            errors = getattr(exc, "errors", {exc.field or "name": [exc.message]})
        except ValueError:
            errors = {"token": [_("Choose a token to revoke.")]}
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": queries.tokens_of(user=request.user),  # type: ignore[arg-type]
            "new_token": new_token,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
