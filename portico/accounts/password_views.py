"""Forgotten password (reset by email) and password change, on Django's views with our templates and events.

A reset never signs anyone in: after it the person signs in with the new password and still passes two-step
verification. The email says nothing about members; its link works once and expires
(``PASSWORD_RESET_TIMEOUT``). Every password set here goes through ``AUTH_PASSWORD_VALIDATORS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.accounts.actors import client_ip
from portico.accounts.models import SecurityEventKind, User
from portico.accounts.services import security_event_record
from portico.common.errors import Throttled
from portico.common.throttle import throttle_hit

# Reset emails one address may ask for in a window (so the form cannot be used to flood someone's inbox).
RESET_REQUESTS_PER_ADDRESS = 5
RESET_WINDOW_SECONDS = 900

FIELD_LABELS = {
    "email": gettext_lazy("Email address"),
    "old_password": gettext_lazy("Current password"),
    "new_password1": gettext_lazy("New password"),
    "new_password2": gettext_lazy("New password again"),
}


def _error_links(form: Any) -> list[tuple[str, str]]:
    """Each error as "Field: message", linked to its field (the error summary)."""
    links = []
    for name, errors in form.errors.items():
        label = FIELD_LABELS.get(name)
        for message in errors:
            if label is None:  # a form-wide error: link to the first field
                links.append((f"id_{next(iter(form.fields))}", message))
            else:
                links.append((f"id_{name}", f"{label}: {message}"))
    return links


NEW_PASSWORD = "new_password1"  # noqa: S105 - a field name


class _RulesOnNewPassword:
    """Django checks the password rules on the "again" field; the person reads them next to the new password."""

    def validate_password_for_user(self, user: Any, password_field_name: str = NEW_PASSWORD, **kwargs: Any) -> None:
        super().validate_password_for_user(user, NEW_PASSWORD, **kwargs)  # type: ignore[misc]


class NewPasswordForm(_RulesOnNewPassword, SetPasswordForm):
    pass


class ChangePasswordForm(_RulesOnNewPassword, PasswordChangeForm):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password/reset_request.html"
    email_template_name = "accounts/password/reset_email.txt"
    subject_template_name = "accounts/password/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["error_links"] = _error_links(form) if form is not None and form.is_bound else []
        return context

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = client_ip(self.request)
        try:
            throttle_hit(
                scope="password_reset",
                key=address or "unknown",
                limit=RESET_REQUESTS_PER_ADDRESS,
                window_seconds=RESET_WINDOW_SECONDS,
            )
        except Throttled as exc:
            form.add_error(
                "email",
                _("Too many reset requests from here. Wait %(minutes)d minutes, then try again.")
                % {"minutes": max(1, -(-exc.retry_after // 60))},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        users = list(form.get_users(form.cleaned_data["email"]))
        for user in users:
            security_event_record(
                kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
                user=user,
                ip_address=address,
                detail="reset link emailed",
            )
        if not users:
            security_event_record(
                kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
                ip_address=address,
                detail="no active account with that email address: nothing sent",
            )
        # The same answer either way: the page never tells whether an address has an account.
        self.extra_email_context = {
            "base_url": settings.PORTICO_BASE_URL.rstrip("/"),
            "portal_name": settings.PORTICO_PORTAL_NAME,
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password/reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password/reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # sign in again, with the second step: a reset never bypasses it

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["error_links"] = _error_links(form) if form is not None and form.is_bound else []
        return context

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        security_event_record(
            kind=SecurityEventKind.PASSWORD_CHANGED,
            user=form.user,
            ip_address=client_ip(self.request),
            detail="password reset by email link",
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password/reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password/change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["error_links"] = _error_links(form) if form is not None and form.is_bound else []
        return context

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session signed in; other sessions end
        user: User = form.user
        security_event_record(
            kind=SecurityEventKind.PASSWORD_CHANGED,
            user=user,
            ip_address=client_ip(self.request),
            detail="password changed from the profile page",
        )
        messages.success(self.request, _("Your password was changed. Your other sessions have been signed out."))
        return response
