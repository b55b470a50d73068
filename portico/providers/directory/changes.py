"""Clinic information: an organization's administrator proposes changes to a location or a practitioner, and
provider relations apply them (all fields or some) or return them with a note.

Only the organization's administrators propose. Directory data is what the organization attests every 90 days
(No Surprises Act), and the same people answer for both; other roles (front desk, billing) ask their
administrator, as they do for people and roles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.accounts.people import validation
from portico.accounts.people.access import is_administrator
from portico.common.errors import NotFound, PermissionDenied, ValidationFailed
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from portico.providers.directory.models import (
    ChangeStatus,
    ChangeTarget,
    DirectoryChange,
    DirectoryChangeField,
    FieldDecision,
)
from portico.providers.models import AccessibilityFeature, Practitioner, ServiceLocation
from portico.providers.queries import location_of, pcp_directory_changed, practitioner_of

LOCATION_FIELDS = (
    "address_line1",
    "city",
    "state",
    "postal_code",
    "phone",
    "hours",
    "accepting_new_patients",
    "languages",
    "telehealth",
    "accessibility",
)
PRACTITIONER_FIELDS = ("accepting_new_patients", "languages", "telehealth")
FIELD_LABELS = {
    "address_line1": gettext_lazy("Street address"),
    "city": gettext_lazy("City"),
    "state": gettext_lazy("State"),
    "postal_code": gettext_lazy("ZIP code"),
    "phone": gettext_lazy("Phone"),
    "hours": gettext_lazy("Hours"),
    "accepting_new_patients": gettext_lazy("Accepting new patients"),
    "languages": gettext_lazy("Languages"),
    "telehealth": gettext_lazy("Telehealth"),
    "accessibility": gettext_lazy("Accessibility"),
}
MAX_LANGUAGES = 12
MAX_NOTE = 2000
CHANGE_LINK = "/clinic-information/changes/%(id)s/"
APPLIED = gettext_noop("Provider relations applied your directory change for %(target)s.")
PARTLY = gettext_noop("Provider relations applied part of your directory change for %(target)s.")
RETURNED = gettext_noop("Provider relations returned your directory change for %(target)s with a note.")


def fields_for(target: str) -> tuple[str, ...]:
    return LOCATION_FIELDS if target == ChangeTarget.LOCATION else PRACTITIONER_FIELDS


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def value_display(name: str, value: Any) -> str:
    """How a value reads on the review page and in the directory (never empty: "—" for nothing)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "accessibility":
        labels = dict(AccessibilityFeature.choices)
        return "; ".join(str(labels.get(v, v)) for v in value or []) or "—"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value) if value not in (None, "") else "—"


def languages_clean(value: str | list[str]) -> list[str]:
    parts = value if isinstance(value, list) else re.split(r"[,;\n]+", value or "")
    out: list[str] = []
    for part in parts:
        name = " ".join(str(part).split())
        if not name:
            continue
        if len(name) > 40:
            raise validation.FieldProblem(_("Keep each language to 40 characters or fewer."))
        name = name[0].upper() + name[1:]
        if name.lower() not in (o.lower() for o in out):
            out.append(name)
    if len(out) > MAX_LANGUAGES:
        raise validation.FieldProblem(_("List at most %(count)s languages.") % {"count": MAX_LANGUAGES})
    return out


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _accessibility(value: Any) -> list[str]:
    chosen = value if isinstance(value, list) else [value] if value else []
    unknown = [v for v in chosen if v not in AccessibilityFeature.values]
    if unknown:
        raise validation.FieldProblem(_("Choose accessibility features from the list."))
    return [v for v in AccessibilityFeature.values if v in chosen]


def _hours(value: Any) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > 200:
        raise validation.FieldProblem(_("Keep the hours to 200 characters or fewer."))
    return text


CLEANERS: dict[str, Any] = {
    "address_line1": lambda v: validation.required_clean(str(v or ""), _("Enter the street address.")),
    "city": lambda v: validation.required_clean(str(v or ""), _("Enter the city."), max_length=100),
    "state": lambda v: validation.state_clean(str(v or "")),
    "postal_code": lambda v: validation.postal_code_clean(str(v or "")),
    "phone": lambda v: validation.phone_clean(str(v or "")),
    "hours": _hours,
    "accepting_new_patients": _boolean,
    "languages": languages_clean,
    "telehealth": _boolean,
    "accessibility": _accessibility,
}


def directory_values_clean(*, target: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``target`` present in ``data``, each checked; ValidationFailed names every field at fault."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in fields_for(target):
        if name not in data:
            continue
        try:
            clean[name] = CLEANERS[name](data[name])
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]
    if errors:
        raise ValidationFailed(errors)
    return clean


def current_values(obj: ServiceLocation | Practitioner, target: str) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields_for(target)}


def _require_administrator(*, organization_id: int, actor: User) -> None:
    membership = Membership.objects.filter(user=actor, organization_id=organization_id).first()
    if not is_administrator(membership):
        raise PermissionDenied(_("Only the organization's administrators propose changes to its directory data."))


def directory_change_propose(
    *,
    organization_id: int,
    actor: User,
    target: ChangeTarget,
    target_id: int,
    data: Mapping[str, Any],
    note: str = "",
) -> DirectoryChange:
    """Record the fields of ``data`` that differ from the directory as a pending change (old → new per field).
    Refuses a change that changes nothing, and a second pending change for the same location or practitioner.
    The organization sees only its own locations and practitioners: anything else is NotFound."""
    _require_administrator(organization_id=organization_id, actor=actor)
    obj: ServiceLocation | Practitioner
    if target == ChangeTarget.LOCATION:
        obj = location_of(organization_id=organization_id, location_id=target_id)
    else:
        obj = practitioner_of(organization_id=organization_id, practitioner_id=target_id)
    clean = directory_values_clean(target=target, data=data)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed({"note": [_("Keep the note to %(count)s characters or fewer.") % {"count": MAX_NOTE}]})
    before = current_values(obj, target)
    changed = {name: value for name, value in clean.items() if value != before[name]}
    if not changed:
        raise ValidationFailed({"__all__": [_("Nothing is different from the directory: change at least one field.")]})
    try:
        with transaction.atomic():
            change = DirectoryChange.objects.create(
                organization_id=organization_id,
                target=target,
                location=obj if isinstance(obj, ServiceLocation) else None,
                practitioner=obj if isinstance(obj, Practitioner) else None,
                note=note,
                proposed_by=actor,
            )
            DirectoryChangeField.objects.bulk_create(
                [
                    DirectoryChangeField(change=change, field=name, old_value=before[name], new_value=value)
                    for name, value in changed.items()
                ]
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            {"__all__": [_("A change for this one is already waiting for provider relations. Wait for their answer.")]}
        ) from exc
    return change


def pending_change_for(*, organization_id: int, target: str, target_id: int) -> DirectoryChange | None:
    key = "location_id" if target == ChangeTarget.LOCATION else "practitioner_id"
    return DirectoryChange.objects.filter(
        organization_id=organization_id, status=ChangeStatus.PENDING, **{key: target_id}
    ).first()


def changes_of(*, organization_id: int, limit: int = 20) -> list[DirectoryChange]:
    return list(
        DirectoryChange.objects.select_related("location", "practitioner", "proposed_by")
        .filter(organization_id=organization_id)
        .order_by("-proposed_at", "-id")[:limit]
    )


def change_of(*, organization_id: int, change_id: int) -> DirectoryChange:
    """The organization's own change, or NotFound."""
    change = (
        DirectoryChange.objects.select_related("location", "practitioner", "proposed_by", "decided_by")
        .prefetch_related("fields")
        .filter(pk=change_id, organization_id=organization_id)
        .first()
    )
    if change is None:
        raise NotFound("Change not found.")
    return change


def change_get(*, change_id: int) -> DirectoryChange:
    """Any change (for provider relations)."""
    change = (
        DirectoryChange.objects.select_related("organization", "location", "practitioner", "proposed_by", "decided_by")
        .prefetch_related("fields")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        raise NotFound("Change not found.")
    return change


def changes_queue(*, status: str = ChangeStatus.PENDING, limit: int = 200) -> list[DirectoryChange]:
    rows = (
        DirectoryChange.objects.select_related("organization", "location", "practitioner", "proposed_by")
        .filter(status=status)
        .order_by("proposed_at" if status == ChangeStatus.PENDING else "-decided_at", "id")
    )
    return list(rows[:limit])


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    old: str
    new: str
    current: str
    stale: bool  # the directory changed since the proposal
    decision: str


def field_rows(change: DirectoryChange) -> list[FieldRow]:
    """Each field as the review page shows it: old → new, and what the directory holds now."""
    obj = change.location if change.target == ChangeTarget.LOCATION else change.practitioner
    rows = []
    for item in change.fields.all():
        now = getattr(obj, item.field)
        rows.append(
            FieldRow(
                name=item.field,
                label=field_label(item.field),
                old=value_display(item.field, item.old_value),
                new=value_display(item.field, item.new_value),
                current=value_display(item.field, now),
                stale=change.status == ChangeStatus.PENDING and now != item.old_value,
                decision=item.decision,
            )
        )
    return rows


def _administrators(organization_id: int) -> list[User]:
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(organization_id=organization_id, is_active=True)
        if ProviderRole.ADMINISTRATOR.value in (m.roles or [])
    ]


def directory_change_decide(
    *, change_id: int, staff: User, apply_fields: list[str], staff_note: str = ""
) -> DirectoryChange:
    """Apply the chosen fields of a pending change to the directory in one transaction (the others are marked not
    applied), or, with no field chosen, return the change with a note. Records who and when, and tells the
    organization's administrators."""
    if not staff.has_staff_role(StaffRole.PROVIDER_RELATIONS):
        raise PermissionDenied(_("Only provider relations apply directory changes."))
    staff_note = (staff_note or "").strip()
    if len(staff_note) > MAX_NOTE:
        raise ValidationFailed(
            {"staff_note": [_("Keep the note to %(count)s characters or fewer.") % {"count": MAX_NOTE}]}
        )
    with transaction.atomic():
        change = DirectoryChange.objects.select_for_update().filter(pk=change_id).first()
        if change is None:
            raise NotFound("Change not found.")
        if change.status != ChangeStatus.PENDING:
            raise ValidationFailed({"__all__": [_("This change was already decided.")]})
        items = list(change.fields.all())
        known = {item.field for item in items}
        chosen = [name for name in apply_fields if name in known]
        if len(chosen) != len(set(apply_fields)):
            raise ValidationFailed({"apply_fields": [_("Choose fields of this change.")]})
        if not chosen and not staff_note:
            raise ValidationFailed(
                {"staff_note": [_("To return a change without applying any field, write a note saying why.")]}
            )
        target: ServiceLocation | Practitioner
        if change.target == ChangeTarget.LOCATION:
            target = ServiceLocation.objects.select_for_update().get(pk=int(change.location_id or 0))
        else:
            target = Practitioner.objects.select_for_update().get(pk=int(change.practitioner_id or 0))
        for item in items:
            if item.field in chosen:
                setattr(target, item.field, item.new_value)
                item.decision = FieldDecision.APPLIED
            else:
                item.decision = FieldDecision.NOT_APPLIED
        if chosen:
            target.save(update_fields=chosen)
            transaction.on_commit(pcp_directory_changed)  # eligibility answers name PCPs from a cached copy
        DirectoryChangeField.objects.bulk_update(items, ["decision"])
        if not chosen:
            change.status = ChangeStatus.RETURNED
        elif len(chosen) == len(items):
            change.status = ChangeStatus.APPLIED
        else:
            change.status = ChangeStatus.PARTLY_APPLIED
        change.decided_by = staff
        change.decided_at = timezone.now()
        change.staff_note = staff_note
        change.save(update_fields=["status", "decided_by", "decided_at", "staff_note"])
        message = {ChangeStatus.APPLIED: APPLIED, ChangeStatus.PARTLY_APPLIED: PARTLY}.get(
            ChangeStatus(change.status), RETURNED
        )
        notification_send(
            recipients=_administrators(change.organization_id),
            topic=NotificationTopic.DIRECTORY_DATA,
            message=message,
            params={"target": str(target)[:80]},
            link=CHANGE_LINK % {"id": change.pk},
            organization_id=change.organization_id,
        )
    return change
