"""The two-step verification pages: enrol an authenticator app, enter a code (or a recovery code), see the new
recovery codes once, and replace them from the profile page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.models import Device

from portico.accounts import mfa
from portico.accounts.actors import client_ip
from portico.accounts.gate import gate_passed
from portico.accounts.models import SecurityEventKind, User
from portico.accounts.services import security_event_record
from portico.accounts.throttle import Stage, signin_failure_record, signin_success_record, signin_wait
from portico.accounts.views import wait_message

STEP = "mfa"
SESSION_NEW_CODES = "portico_mfa_new_codes"
# Set when the codes were just issued by enrolment: the step is passed when the person continues from them
# (so the codes come straight after the set-up, before any later gate step).
SESSION_ENROLLED = "portico_mfa_enrolled_device"
SESSION_VERIFIED = "portico_gate_" + STEP


def _next(request: HttpRequest, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, target: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _passed(request: HttpRequest, device: object) -> None:
    gate_passed(request.session, STEP)
    otp_login(request, device)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the six-digit code from the authenticator app, or a recovery code."""
    user = _user(request)
    target = _next(request)
    if not mfa.mfa_enrolled(user=user):
        return redirect(_with_next("accounts:mfa_setup", target))
    address = client_ip(request)
    errors: dict[str, list[str]] = {}
    wait = signin_wait(stage=Stage.MFA, username=user.get_username(), address=address)
    if request.method == "POST":
        if wait is not None:
            security_event_record(
                kind=SecurityEventKind.SIGN_IN_THROTTLED,
                user=user,
                ip_address=address,
                detail=f"two-step code refused unchecked: {wait.scope.value} waits {wait.seconds} s",
            )
        elif not mfa.normalized_code(request.POST.get("code", "")):
            errors["code"] = [_("Code: enter the 6-digit code from your authenticator app, or a recovery code.")]
        else:
            verified = mfa.mfa_verify(user=user, code=request.POST.get("code", ""))
            if verified is not None:
                signin_success_record(stage=Stage.MFA, username=user.get_username())
                _passed(request, verified.device)
                if verified.kind is mfa.CodeKind.RECOVERY:
                    left = verified.recovery_codes_left or 0
                    security_event_record(
                        kind=SecurityEventKind.MFA_RECOVERY_USED,
                        user=user,
                        ip_address=address,
                        detail=f"recovery code used; {left} left",
                    )
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code: %(left)d is left. Make new ones on your profile page.",
                            "You used a recovery code: %(left)d are left. Make new ones on your profile page.",
                            left,
                        )
                        % {"left": left},
                    )
                else:
                    security_event_record(
                        kind=SecurityEventKind.MFA_USED, user=user, ip_address=address, detail="authenticator code"
                    )
                return redirect(target)
            wait = signin_failure_record(stage=Stage.MFA, username=user.get_username(), address=address)
            security_event_record(
                kind=SecurityEventKind.MFA_FAILED, user=user, ip_address=address, detail="code did not match"
            )
            errors["code"] = [
                _("Code: that code did not match. Check the time on your phone and enter the newest code.")
            ]
    status = 429 if wait is not None else (400 if errors else 200)
    return render(
        request,
        "accounts/mfa/verify.html",
        {
            "errors": errors,
            "next": target,
            "wait_message": wait_message(wait) if wait is not None else "",
        },
        status=status,
    )


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    user = _user(request)
    target = _next(request)
    if mfa.mfa_enrolled(user=user):
        return redirect(_with_next("accounts:mfa", target))
    device = mfa.mfa_enrolment_start(user=user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("code", "")
        if not mfa.normalized_code(code):
            errors["code"] = [_("Code: enter the 6-digit code your authenticator app shows for Portico.")]
        else:
            codes = mfa.mfa_enrolment_confirm(user=user, code=code, ip_address=client_ip(request))
            if codes is not None:
                confirmed = mfa.totp_device_confirmed(user=user)
                request.session[SESSION_NEW_CODES] = codes
                request.session[SESSION_ENROLLED] = confirmed.persistent_id if confirmed else ""
                return redirect(_with_next("accounts:mfa_recovery_codes", target))
            errors["code"] = [
                _("Code: that code did not match. Check that the app shows Portico's entry and enter its newest code.")
            ]
    return render(
        request,
        "accounts/mfa/setup.html",
        {
            "errors": errors,
            "next": target,
            "qr_data_uri": mfa.qr_svg_data_uri(device),
            "secret": mfa.secret_grouped(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
        status=400 if errors else 200,
    )


def _mfa_done(request: HttpRequest) -> bool:
    return not mfa.mfa_step_needed(request) or request.session.get(SESSION_VERIFIED) is True


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once: after "Continue" they are gone from the session. Right after the
    set-up (whose confirmed code put them in the session), continuing also passes the step."""
    target = _next(request)
    codes = request.session.get(SESSION_NEW_CODES)
    if not codes:
        return redirect(target)
    if request.method == "POST":
        request.session.pop(SESSION_NEW_CODES, None)
        enrolled = request.session.pop(SESSION_ENROLLED, None)
        if enrolled:
            device = Device.from_persistent_id(enrolled)
            if device is not None and device.user_id == request.user.pk:
                _passed(request, device)
        return redirect(target)
    return render(request, "accounts/mfa/recovery_codes.html", {"codes": codes, "next": target})


@login_required
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(SESSION_NEW_CODES)
    if not codes:
        return redirect("accounts:profile")
    user = _user(request)
    lines = [
        _("Recovery codes for %(portal)s, user %(username)s.")
        % {"portal": settings.PORTICO_PORTAL_NAME, "username": user.get_username()},
        _("Each code works once, instead of a code from your authenticator app. Keep them somewhere safe."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portico-recovery-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes, after a fresh code from the authenticator app."""
    user = _user(request)
    if not _mfa_done(request):
        return redirect(_with_next("accounts:mfa", request.get_full_path()))
    if not mfa.mfa_enrolled(user=user):
        messages.info(request, _("You have no authenticator app set up, so there are no recovery codes to replace."))
        return redirect("accounts:profile")
    address = client_ip(request)
    errors: dict[str, list[str]] = {}
    wait = signin_wait(stage=Stage.MFA, username=user.get_username(), address=address)
    if request.method == "POST" and wait is None:
        code = mfa.normalized_code(request.POST.get("code", ""))
        if not code.isdigit():
            errors["code"] = [_("Code: enter the 6-digit code from your authenticator app (not a recovery code).")]
        elif mfa.mfa_verify(user=user, code=code) is not None:
            signin_success_record(stage=Stage.MFA, username=user.get_username())
            request.session[SESSION_NEW_CODES] = mfa.recovery_codes_regenerate(user=user, ip_address=address)
            return redirect(_with_next("accounts:mfa_recovery_codes", reverse("accounts:profile")))
        else:
            wait = signin_failure_record(stage=Stage.MFA, username=user.get_username(), address=address)
            security_event_record(
                kind=SecurityEventKind.MFA_FAILED,
                user=user,
                ip_address=address,
                detail="code did not match (replacing recovery codes)",
            )
            errors["code"] = [_("Code: that code did not match. Enter the newest code from your authenticator app.")]
    status = 429 if wait is not None else (400 if errors else 200)
    return render(
        request,
        "accounts/mfa/regenerate.html",
        {
            "errors": errors,
            "codes_left": mfa.recovery_codes_left(user=user),
            "wait_message": wait_message(wait) if wait is not None else "",
        },
        status=status,
    )
