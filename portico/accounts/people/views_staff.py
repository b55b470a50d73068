"""Provider relations' pages: the registration queue with each registration's checks against the network, the
decision, and the organizations that have not attested their people this quarter."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portico.accounts.actors import client_ip, staff_role_required
from portico.accounts.models import StaffRole, User
from portico.accounts.people import attestation, registrations
from portico.accounts.people.forms import ApproveForm, DeclineForm, errors_onto
from portico.accounts.people.models import RegistrationStatus
from portico.common.errors import NotFound, ValidationFailed

provider_relations_required = staff_role_required(StaffRole.PROVIDER_RELATIONS)


@provider_relations_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or RegistrationStatus.SUBMITTED
    if status not in RegistrationStatus.values:
        status = RegistrationStatus.SUBMITTED
    rows = list(registrations.registrations_queue(status=status)[:200])
    return render(
        request,
        "accounts/registration/queue.html",
        {
            "rows": rows,
            "status": RegistrationStatus(status),
            "statuses": RegistrationStatus.choices,
        },
    )


@provider_relations_required
def detail(request: HttpRequest, registration_id: int) -> HttpResponse:
    try:
        registration = registrations.registration_get(registration_id=registration_id)
    except NotFound:
        return render(request, "accounts/registration/not_found.html", status=404)
    chosen = None
    if request.method == "POST" and request.POST.get("action") == "approve":
        try:
            chosen = int(request.POST.get("organization", ""))
        except ValueError:
            chosen = None
    try:
        verification = registrations.registration_verify(registration=registration, organization_id=chosen)
    except ValidationFailed:
        verification = registrations.registration_verify(registration=registration)
    action = request.POST.get("action") if request.method == "POST" else None
    approve_form = ApproveForm(
        request.POST if action == "approve" else None,
        candidates=verification.candidates,
        initial={"organization": verification.organization.pk if verification.organization else None},
    )
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    status = 200
    if action in ("approve", "decline"):
        staff: User = request.user  # type: ignore[assignment]
        try:
            if action == "approve":
                approve_form.is_valid()
                _registration, sent = registrations.registration_approve(
                    registration_id=registration.pk,
                    staff=staff,
                    organization_id=chosen or 0,
                    unmatched_npis_checked=request.POST.get("unmatched_npis_checked") == "on",
                    ip_address=client_ip(request),
                )
                messages.success(
                    request,
                    _("Registration %(reference)s approved; %(count)s invitation(s) sent.")
                    % {"reference": registration.reference, "count": len(sent)},
                )
            else:
                decline_form.is_valid()
                registrations.registration_decline(
                    registration_id=registration.pk,
                    staff=staff,
                    reason=request.POST.get("reason", ""),
                    ip_address=client_ip(request),
                )
                messages.success(
                    request,
                    _("Registration %(reference)s declined; the applicant was told why.")
                    % {"reference": registration.reference},
                )
        except NotFound:
            return render(request, "accounts/registration/not_found.html", status=404)
        except ValidationFailed as failure:
            errors_onto(approve_form if action == "approve" else decline_form, failure)
            status = 400
        else:
            return redirect("provider_relations:registration", registration_id=registration.pk)
    return render(
        request,
        "accounts/registration/detail.html",
        {
            "registration": registration,
            "verification": verification,
            "approve_form": approve_form,
            "decline_form": decline_form,
            "submitted": registration.status == RegistrationStatus.SUBMITTED,
        },
        status=status,
    )


@provider_relations_required
def attestations_due(request: HttpRequest) -> HttpResponse:
    rows = attestation.attestations_due()
    return render(
        request,
        "accounts/organization/attestations_due.html",
        {
            "rows": rows,
            "quarter": attestation.current_quarter(),
            "overdue_count": sum(row.overdue for row in rows),
        },
    )
