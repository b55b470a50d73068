"""Provider relations' directory pages: the changes to review and apply, and who is late with the 90-day
attestation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole, User
from portico.accounts.people.forms import errors_onto
from portico.common.charts import Series, bar_chart
from portico.common.errors import NotFound, ValidationFailed
from portico.providers.directory import attestation, changes
from portico.providers.directory.forms import DecideForm
from portico.providers.directory.models import ChangeStatus
from portico.providers.models import OrganizationKind

provider_relations_required = staff_role_required(StaffRole.PROVIDER_RELATIONS)


@provider_relations_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ChangeStatus.PENDING
    if status not in ChangeStatus.values:
        status = ChangeStatus.PENDING
    return render(
        request,
        "providers/staff/changes.html",
        {
            "rows": changes.changes_queue(status=status),
            "status": ChangeStatus(status),
            "statuses": ChangeStatus.choices,
        },
    )


@provider_relations_required
def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    try:
        change = changes.change_get(change_id=change_id)
    except NotFound:
        return render(request, "providers/clinic/not_found.html", status=404)
    rows = changes.field_rows(change)
    form = DecideForm(request.POST or None, fields=[(row.name, row.label) for row in rows])
    status = 200
    if request.method == "POST":
        staff: User = request.user  # type: ignore[assignment]
        action = request.POST.get("action")
        chosen = request.POST.getlist("apply_fields") if action == "apply" else []
        try:
            if action == "apply" and not chosen:
                raise ValidationFailed(
                    {"apply_fields": [_("Choose at least one field to apply, or return the change with a note.")]}
                )
            decided = changes.directory_change_decide(
                change_id=change.pk, staff=staff, apply_fields=chosen, staff_note=request.POST.get("staff_note", "")
            )
        except NotFound:
            return render(request, "providers/clinic/not_found.html", status=404)
        except ValidationFailed as failure:
            errors_onto(form, failure)
            status = 400
        else:
            messages.success(
                request,
                _("Change %(id)s: %(status)s. The organization's administrators were notified.")
                % {"id": decided.pk, "status": decided.get_status_display()},
            )
            return redirect("directory_staff:change", change_id=change.pk)
    return render(
        request,
        "providers/staff/change.html",
        {"change": change, "rows": rows, "form": form, "pending": change.status == ChangeStatus.PENDING},
        status=status,
    )


@provider_relations_required
def attestations(request: HttpRequest) -> HttpResponse:
    states = attestation.attestation_states()
    late = [s for s in states if s.overdue]
    kinds = [k for k in OrganizationKind if k != OrganizationKind.BILLING_SERVICE]
    counts = {kind.value: {standing: 0 for standing in ("on_time", "due_soon", "overdue")} for kind in kinds}
    for state in states:
        if state.organization.kind in counts:
            counts[state.organization.kind][state.standing] += 1
    used = [k for k in kinds if sum(counts[k.value].values())]
    chart = bar_chart(
        id="chart-directory-attestation",
        title=_("Directory attestations: on time and late, by kind of organization"),
        summary=_(
            "Stacked bar chart of %(total)s organizations by kind: %(on_time)s on time, %(soon)s due within 14 days "
            "and %(late)s late. The numbers are in the table below the chart."
        )
        % {
            "total": len(states),
            "on_time": sum(s.standing == "on_time" for s in states),
            "soon": sum(s.standing == "due_soon" for s in states),
            "late": len(late),
        },
        categories=[str(k.label) for k in used],
        series=[
            Series(_("On time"), [counts[k.value]["on_time"] for k in used], "#0b5e6b"),
            Series(_("Due within 14 days"), [counts[k.value]["due_soon"] for k in used], "#7a4a00"),
            Series(_("Late"), [counts[k.value]["overdue"] for k in used], "#a4161a"),
        ],
        stacked=True,
    )
    return render(
        request,
        "providers/staff/attestations.html",
        {"late": late, "soon": [s for s in states if s.standing == "due_soon"], "total": len(states), "chart": chart},
    )
