"""Sign-in, organization switching, and the profile page where people manage their API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portico.accounts import queries, services
from portico.accounts.actors import client_ip
from portico.accounts.gate import AUTH_PASSWORD, SESSION_AUTH_METHOD
from portico.accounts.middleware import SESSION_KEY
from portico.accounts.models import SecurityEventKind, User
from portico.accounts.throttle import Stage, Wait, signin_failure_record, signin_success_record, signin_wait
from portico.common.errors import DomainError


class LoginView(auth_views.LoginView):
    """Direct sign-in with username and password, throttled per account and per address (``throttle``). A
    success opens a password session: the ``mfa`` gate step then asks for the two-step code."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "").strip()
        wait = signin_wait(stage=Stage.PASSWORD, username=username, address=client_ip(request))
        if wait is not None:
            # Nothing is checked during a wait: a right password gets the same answer as a wrong one.
            services.security_event_record(
                kind=SecurityEventKind.SIGN_IN_THROTTLED,
                user=_user_named(username),
                username=username,
                ip_address=client_ip(request),
                detail=f"password refused unchecked: {wait.scope.value} waits {wait.seconds} s",
            )
            form = self.get_form_class()(request, data=None)
            return self.render_to_response(self.get_context_data(form=form, wait=wait, username=username), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = (form.data.get("username") or "").strip()
        if not username or not form.data.get("password"):
            return self.render_to_response(self.get_context_data(form=form, missing=True), status=400)
        address = client_ip(self.request)
        user = _user_named(username)
        wait = signin_failure_record(stage=Stage.PASSWORD, username=username, address=address)
        services.security_event_record(
            kind=SecurityEventKind.SIGN_IN_FAILED,
            user=user,
            username=username,
            ip_address=address,
            detail="password did not match" if user is not None else "no such username",
        )
        context = self.get_context_data(form=form, wait=wait, username=username)
        return self.render_to_response(context, status=429 if wait else 400)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.setdefault("username", "")
        wait = kwargs.get("wait")
        if isinstance(wait, Wait):
            context["wait_message"] = wait_message(wait)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)  # a new session key: nothing from before sign-in carries over
        user = form.get_user()
        self.request.session[SESSION_AUTH_METHOD] = AUTH_PASSWORD
        signin_success_record(stage=Stage.PASSWORD, username=user.get_username())
        services.security_event_record(
            kind=SecurityEventKind.SIGN_IN, user=user, ip_address=client_ip(self.request), detail="password"
        )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            services.security_event_record(
                kind=SecurityEventKind.SIGN_OUT,
                user=request.user,
                ip_address=client_ip(request),
            )
        return super().post(request, *args, **kwargs)


def _user_named(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(username__iexact=username).order_by("pk").first()


def wait_message(wait: Wait) -> str:
    """What a person is told during a wait: how long, and until when (their local time)."""
    return ngettext(
        "Too many failed attempts. Wait %(minutes)d minute, then try again (after %(time)s).",
        "Too many failed attempts. Wait %(minutes)d minutes, then try again (after %(time)s).",
        wait.minutes,
    ) % {"minutes": wait.minutes, "time": date_format(wait.until, "TIME_FORMAT")}


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


def _days(raw: str | None) -> int:
    try:
        return int(raw or services.TOKEN_DAYS_DEFAULT)
    except ValueError:
        return -1  # refused by the service, next to the field


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
                        days=_days(request.POST.get("days")),
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
            "token_days": services.TOKEN_DAYS_CHOICES,
            "token_days_default": services.TOKEN_DAYS_DEFAULT,
        },
        status=400 if errors else 200,
    )
