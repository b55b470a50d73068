"""The organization administrator's pages: people and roles, invitations, access, and the attestation. Every
page acts on the organization the administrator is acting for; anything of another organization is not found."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.accounts.actors import client_ip, provider_role_required
from portico.accounts.models import ProviderRole, User
from portico.accounts.people import attestation, invitations, people
from portico.accounts.people.forms import InviteForm, RolesForm, errors_onto
from portico.common.errors import NotFound, PermissionDenied, ValidationFailed

administrator_required = provider_role_required(ProviderRole.ADMINISTRATOR)


def _organization_id(request: HttpRequest) -> int:
    return int(request.membership.organization_id)  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/organization/not_found.html", status=404)


def _people_context(request: HttpRequest) -> dict[str, object]:
    organization_id = _organization_id(request)
    quarter = attestation.current_quarter()
    return {
        "organization": request.membership.organization,  # type: ignore[attr-defined]
        "people": people.people_of(organization_id=organization_id),
        "invitations": people.invitations_of(organization_id=organization_id),
        "quarter": quarter,
        "attested": attestation.attestation_for(organization_id=organization_id, quarter=quarter),
        "attestations": attestation.attestations_of(organization_id=organization_id),
    }


@administrator_required
def people_list(request: HttpRequest) -> HttpResponse:
    """The people-and-roles report, pending invitations, and this quarter's attestation."""
    return render(request, "accounts/organization/people.html", _people_context(request))


@administrator_required
@require_POST
def people_attest(request: HttpRequest) -> HttpResponse:
    try:
        done = attestation.people_attest(
            organization_id=_organization_id(request), actor=_user(request), ip_address=client_ip(request)
        )
    except (ValidationFailed, PermissionDenied) as exc:
        errors = getattr(exc, "errors", {"attestation": [exc.message]})
        context = {**_people_context(request), "attest_errors": [m for found in errors.values() for m in found]}
        return render(request, "accounts/organization/people.html", context, status=400)
    messages.success(
        request,
        _("Thank you: you attested the people and roles for %(quarter)s.")
        % {"quarter": f"{done.year} Q{done.quarter}"},
    )
    return redirect("people:list")


@administrator_required
def people_csv(request: HttpRequest) -> HttpResponse:
    organization = request.membership.organization  # type: ignore[attr-defined]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="people-and-roles-{organization.pk}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Person"),
            _("Username"),
            _("Email"),
            _("Roles"),
            _("Status"),
            _("Last sign-in"),
            _("Invited by"),
            _("Since"),
        ]
    )
    for row in people.people_of(organization_id=organization.pk):
        writer.writerow(
            [
                _safe(row.name),
                _safe(row.username),
                _safe(row.email),
                "; ".join(row.roles),
                row.status_label,
                timezone.localtime(row.last_sign_in).strftime("%Y-%m-%d %H:%M") if row.last_sign_in else "",
                _safe(row.invited_by),
                timezone.localtime(row.since).date().isoformat(),
            ]
        )
    return response


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@administrator_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = invitations.invitation_send(
                organization_id=_organization_id(request),
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                roles=form.cleaned_data["roles"],
                invited_by=_user(request),
                ip_address=client_ip(request),
            )
        except ValidationFailed as failure:
            errors_onto(form, failure)
            status = 400
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {"email": invitation.email, "days": invitations.invitation_days()},
            )
            return redirect("people:list")
    return render(
        request,
        "accounts/organization/invite.html",
        {"form": form, "organization": request.membership.organization},  # type: ignore[attr-defined]
        status=status,
    )


@administrator_required
def person(request: HttpRequest, membership_id: int) -> HttpResponse:
    """One person: their roles (give and take) and their access (disable and enable)."""
    organization_id = _organization_id(request)
    try:
        membership = people.membership_in(organization_id=organization_id, membership_id=membership_id)
    except NotFound:
        return _not_found(request)
    form = RolesForm(
        request.POST if request.POST.get("action") == "roles" else None, initial={"roles": membership.roles}
    )
    access_errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "roles":
                form.is_valid()
                people.membership_roles_set(
                    organization_id=organization_id,
                    membership_id=membership.pk,
                    roles=request.POST.getlist("roles"),
                    actor=_user(request),
                    ip_address=client_ip(request),
                )
                messages.success(request, _("Roles saved."))
            elif action in ("disable", "enable"):
                people.membership_active_set(
                    organization_id=organization_id,
                    membership_id=membership.pk,
                    active=action == "enable",
                    actor=_user(request),
                    ip_address=client_ip(request),
                )
                messages.success(
                    request,
                    _("Access enabled.")
                    if action == "enable"
                    else _("Access disabled: the person can no longer act for the organization."),
                )
            else:
                return redirect("people:person", membership_id=membership.pk)
        except NotFound:
            return _not_found(request)
        except ValidationFailed as failure:
            status = 400
            if action == "roles":
                errors_onto(form, failure)
            else:
                access_errors = [m for found in failure.errors.values() for m in found]
        else:
            return redirect("people:person", membership_id=membership.pk)
    row = next(r for r in people.people_of(organization_id=organization_id) if r.membership.pk == membership.pk)
    return render(
        request,
        "accounts/organization/person.html",
        {
            "row": row,
            "membership": membership,
            "form": form,
            "access_errors": access_errors,
            "is_self": membership.user_id == request.user.pk,
        },
        status=status,
    )


@administrator_required
@require_POST
def invitation_action(request: HttpRequest, invitation_id: int, action: str) -> HttpResponse:
    organization_id = _organization_id(request)
    try:
        if action == "resend":
            invitation = invitations.invitation_resend(
                organization_id=organization_id,
                invitation_id=invitation_id,
                actor=_user(request),
                ip_address=client_ip(request),
            )
            messages.success(
                request, _("Invitation sent again to %(email)s, with a new link.") % {"email": invitation.email}
            )
        elif action == "cancel":
            invitation = invitations.invitation_cancel(
                organization_id=organization_id, invitation_id=invitation_id, actor=_user(request)
            )
            messages.success(
                request, _("Invitation to %(email)s cancelled: its link no longer works.") % {"email": invitation.email}
            )
        else:
            return _not_found(request)
    except NotFound:
        return _not_found(request)
    except ValidationFailed as failure:
        for found in failure.errors.values():
            for message in found:
                messages.error(request, message)
    return redirect("people:list")
