"""Pages without an account: a clinic registers; a person accepts an invitation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from portico.accounts.actors import client_ip
from portico.accounts.people import invitations, registrations
from portico.accounts.people.forms import AcceptForm, RegistrationForm, errors_onto
from portico.accounts.people.models import InvitationStatus
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.common.throttle import throttle_hit

SESSION_REFERENCE = "portico_registration_reference"
REGISTRATIONS_PER_HOUR = 10  # per address: a public form is a target for junk


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            throttle_hit(
                scope="registration", key=client_ip(request) or "-", limit=REGISTRATIONS_PER_HOUR, window_seconds=3600
            )
            registration = registrations.registration_submit(data=form.cleaned_data, ip_address=client_ip(request))
        except ValidationFailed as failure:
            errors_onto(form, failure)
            status = 400
        except Throttled:
            form.add_error(None, _("Too many registrations from your network in the last hour. Try again later."))
            status = 429
        else:
            request.session[SESSION_REFERENCE] = registration.reference
            return redirect("registration:submitted")
    return render(request, "accounts/registration/register.html", {"form": form}, status=status)


def register_submitted(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("registration:register")
    return render(request, "accounts/registration/submitted.html", {"reference": reference})


_UNUSABLE = {
    InvitationStatus.ACCEPTED: (
        gettext_lazy("This invitation was already used"),
        gettext_lazy("An invitation link works once, and this one has been used. If it was you, sign in."),
    ),
    InvitationStatus.CANCELLED: (
        gettext_lazy("This invitation was cancelled"),
        gettext_lazy("The organization's administrator cancelled it. Ask them for a new invitation if you need one."),
    ),
    InvitationStatus.EXPIRED: (
        gettext_lazy("This invitation has expired"),
        gettext_lazy(
            "Invitation links work for a limited time. Ask the organization's administrator to send it again."
        ),
    ),
}


def _unusable(request: HttpRequest, status: InvitationStatus | None) -> HttpResponse:
    title: object = _("This invitation link is not valid")
    text: object = _("Check that you opened the whole link from the email, or ask for a new invitation.")
    if status is not None and status in _UNUSABLE:
        title, text = _UNUSABLE[status]
    return render(
        request,
        "accounts/organization/invitation_unusable.html",
        {"title": str(title), "text": str(text)},
        status=404 if status is None else 410,
    )


@never_cache
@sensitive_post_parameters("password", "password_again")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. A signed-in person with the invitation's email adds the organization to their
    account; someone new chooses a username and password; someone with an account is asked to sign in."""
    try:
        invitation = invitations.invitation_by_token(token=token)
    except NotFound:
        return _unusable(request, None)
    if invitation.status != InvitationStatus.PENDING:
        return _unusable(request, invitation.status)
    context: dict[str, object] = {"invitation": invitation}
    login_url = reverse("accounts:login") + "?" + urlencode({"next": request.path})
    context["login_url"] = login_url
    status = 200

    if request.user.is_authenticated:
        context["mode"] = "existing"
        context["email_matches"] = (request.user.email or "").lower() == invitation.email.lower()
        if request.method == "POST":
            try:
                membership = invitations.invitation_accept_existing(
                    token=token,
                    user=request.user,
                    ip_address=client_ip(request),
                )
            except ValidationFailed as failure:
                context["errors"] = [m for found in failure.errors.values() for m in found]
                status = 400
            except invitations.InvitationUnusable:
                return _unusable(request, InvitationStatus(invitation.status))
            else:
                return render(
                    request,
                    "accounts/organization/invitation_done.html",
                    {"organization": membership.organization, "existing": True},
                )
        return render(request, "accounts/organization/invitation_accept.html", context, status=status)

    if invitations.account_exists_for(invitation.email):
        context["mode"] = "sign_in"
        return render(request, "accounts/organization/invitation_accept.html", context)

    context["mode"] = "new"
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["password"] != data["password_again"]:
            form.add_error("password_again", _("The two passwords are not the same."))
            status = 400
        else:
            try:
                user = invitations.invitation_accept_new(
                    token=token,
                    username=data["username"],
                    password=data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    ip_address=client_ip(request),
                )
            except ValidationFailed as failure:
                errors_onto(form, failure)
                status = 400
            except invitations.InvitationUnusable as exc:
                return _unusable(request, InvitationStatus(exc.code))
            else:
                return render(
                    request,
                    "accounts/organization/invitation_done.html",
                    {"organization": invitation.organization, "existing": False, "username": user.get_username()},
                )
    context["form"] = form
    return render(request, "accounts/organization/invitation_accept.html", context, status=status)
