"""/clinic-information/: the organization's administrators see their directory data, propose changes, follow
them, and confirm the data every 90 days."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.accounts.actors import provider_role_required
from portico.accounts.models import ProviderRole, User
from portico.accounts.people.forms import errors_onto
from portico.common.errors import NotFound, PermissionDenied, ValidationFailed
from portico.providers.directory import attestation, changes
from portico.providers.directory.forms import LocationChangeForm, PractitionerChangeForm, proposal_data
from portico.providers.directory.models import ChangeTarget
from portico.providers.queries import location_of, locations_of, practitioner_of, practitioners_of

administrator_required = provider_role_required(ProviderRole.ADMINISTRATOR)


def _organization_id(request: HttpRequest) -> int:
    return int(request.membership.organization_id)  # type: ignore[attr-defined]


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "providers/clinic/not_found.html", status=404)


@administrator_required
def overview(request: HttpRequest) -> HttpResponse:
    organization_id = _organization_id(request)
    pending = {
        (c.target, c.location_id or c.practitioner_id): c
        for c in changes.changes_of(organization_id=organization_id, limit=200)
        if c.status == "pending"
    }
    locations = list(locations_of(organization_id=organization_id))
    practitioners = list(practitioners_of(organization_id=organization_id))
    return render(
        request,
        "providers/clinic/overview.html",
        {
            "locations": [(loc, pending.get((ChangeTarget.LOCATION.value, loc.pk))) for loc in locations],
            "practitioners": [(p, pending.get((ChangeTarget.PRACTITIONER.value, p.pk))) for p in practitioners],
            "changes": changes.changes_of(organization_id=organization_id, limit=10),
            "state": attestation.attestation_state(organization_id=organization_id),
            "attestations": attestation.attestations_of(organization_id=organization_id),
        },
    )


def _propose(
    request: HttpRequest, *, target: ChangeTarget, target_id: int, form: Form, obj: Any, template: str
) -> HttpResponse:
    organization_id = _organization_id(request)
    status = 200
    pending = changes.pending_change_for(organization_id=organization_id, target=target, target_id=target_id)
    if request.method == "POST":
        user: User = request.user  # type: ignore[assignment]
        try:
            change = changes.directory_change_propose(
                organization_id=organization_id,
                actor=user,
                target=target,
                target_id=target_id,
                data=proposal_data(form),
                note=request.POST.get("note", ""),
            )
        except NotFound:
            return _not_found(request)
        except PermissionDenied as exc:
            form.add_error(None, exc.message)
            status = 403
        except ValidationFailed as failure:
            errors_onto(form, failure)
            status = 400
        else:
            messages.success(
                request, _("Your change was sent to provider relations. The directory shows it once applied.")
            )
            return redirect("clinic:change", change_id=change.pk)
    return render(
        request,
        template,
        {"form": form, "object": obj, "pending": pending, "fields": changes.current_values(obj, target)},
        status=status,
    )


@administrator_required
def location_change(request: HttpRequest, location_id: int) -> HttpResponse:
    try:
        location = location_of(organization_id=_organization_id(request), location_id=location_id)
    except NotFound:
        return _not_found(request)
    form = LocationChangeForm.for_location(location, request.POST if request.method == "POST" else None)
    return _propose(
        request,
        target=ChangeTarget.LOCATION,
        target_id=location.pk,
        form=form,
        obj=location,
        template="providers/clinic/location_change.html",
    )


@administrator_required
def practitioner_change(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    try:
        practitioner = practitioner_of(organization_id=_organization_id(request), practitioner_id=practitioner_id)
    except NotFound:
        return _not_found(request)
    form = PractitionerChangeForm.for_practitioner(practitioner, request.POST if request.method == "POST" else None)
    return _propose(
        request,
        target=ChangeTarget.PRACTITIONER,
        target_id=practitioner.pk,
        form=form,
        obj=practitioner,
        template="providers/clinic/practitioner_change.html",
    )


@administrator_required
def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    try:
        change = changes.change_of(organization_id=_organization_id(request), change_id=change_id)
    except NotFound:
        return _not_found(request)
    return render(request, "providers/clinic/change.html", {"change": change, "rows": changes.field_rows(change)})


@administrator_required
@require_POST
def attest(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        attestation.directory_attest(organization_id=_organization_id(request), actor=user)
    except PermissionDenied as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Thank you: your directory data is confirmed. The next confirmation is due in 90 days.")
        )
    return redirect("clinic:overview")
