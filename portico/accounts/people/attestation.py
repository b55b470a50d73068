"""The quarterly attestation: once each calendar quarter an administrator states that the organization's
people and roles are right. Reminders go to the administrators of organizations that have not attested yet, and
provider relations see who is overdue.

An organization's attestation for a quarter is due by the quarter's last day. An organization that has not
attested this quarter is *due* while the previous quarter was attested (or its portal access is newer than the
quarter's start), and *overdue* since the end of the first quarter it missed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.accounts.models import Membership, ProviderRole, SecurityEventKind, User
from portico.accounts.people.access import is_administrator
from portico.accounts.people.models import AttestationReminder, AttestationReminderStage, PeopleAttestation
from portico.accounts.people.quarters import Quarter
from portico.accounts.services import security_event_record
from portico.common.errors import PermissionDenied, ValidationFailed
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from portico.providers.models import ProviderOrganization

CLOSING_DAYS = 14  # the second reminder goes out when this many days (or fewer) are left in the quarter
REMINDER = gettext_noop("Check and confirm your organization's people and roles for %(quarter)s, by %(due)s.")
PEOPLE_LINK = "/organization/people/"


def today() -> dt.date:
    return timezone.localdate()


def current_quarter(day: dt.date | None = None) -> Quarter:
    return Quarter.of(day or today())


def attestation_for(*, organization_id: int, quarter: Quarter) -> PeopleAttestation | None:
    return (
        PeopleAttestation.objects.select_related("attested_by")
        .filter(organization_id=organization_id, year=quarter.year, quarter=quarter.number)
        .first()
    )


def attestations_of(*, organization_id: int, limit: int = 8) -> list[PeopleAttestation]:
    return list(PeopleAttestation.objects.select_related("attested_by").filter(organization_id=organization_id)[:limit])


def people_attest(*, organization_id: int, actor: User, ip_address: str | None = None) -> PeopleAttestation:
    """Record that ``actor`` (an active administrator of the organization) attests its people and roles for the
    current quarter, with the list as it stands. Once a quarter: a second attestation is refused."""
    quarter = current_quarter()
    with transaction.atomic():
        membership = Membership.objects.filter(user=actor, organization_id=organization_id).first()
        if not is_administrator(membership):
            raise PermissionDenied(_("Only the organization's administrators attest its people and roles."))
        existing = attestation_for(organization_id=organization_id, quarter=quarter)
        if existing is not None:
            raise ValidationFailed({"attestation": [_already(existing)]})
        people = [
            {"user_id": m.user_id, "username": m.user.get_username(), "roles": list(m.roles), "active": m.is_active}
            for m in Membership.objects.select_related("user").filter(organization_id=organization_id).order_by("pk")
        ]
        try:
            with transaction.atomic():
                attestation = PeopleAttestation.objects.create(
                    organization_id=organization_id,
                    year=quarter.year,
                    quarter=quarter.number,
                    attested_by=actor,
                    people=people,
                )
        except IntegrityError as exc:  # another administrator attested a moment ago
            existing = attestation_for(organization_id=organization_id, quarter=quarter)
            raise ValidationFailed({"attestation": [_already(existing)]}) from exc
        security_event_record(
            kind=SecurityEventKind.PEOPLE_ATTESTED,
            user=actor,
            organization_id=organization_id,
            ip_address=ip_address,
            detail=f"{quarter}; {len(people)} people",
        )
    return attestation


def _already(existing: PeopleAttestation | None) -> str:
    if existing is None:
        return _("The people and roles were already attested this quarter.")
    return _("%(name)s already attested the people and roles this quarter, on %(date)s.") % {
        "name": existing.attested_by.get_full_name() or existing.attested_by.get_username(),
        "date": timezone.localtime(existing.attested_at).date().isoformat(),
    }


# ---- who has not attested -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttestationDue:
    """An organization that has not attested the current quarter, and how late it is."""

    organization: ProviderOrganization
    administrators: list[User]
    last: PeopleAttestation | None
    due_quarter: Quarter  # the first quarter without an attestation
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due_quarter.end < self.today

    @property
    def overdue_days(self) -> int:
        return max(0, (self.today - self.due_quarter.end).days)

    @property
    def quarters_missed(self) -> int:
        """Quarters ended without an attestation (the current one is not counted)."""
        return max(0, Quarter.of(self.today).index - self.due_quarter.index)

    @property
    def days_left(self) -> int:
        return Quarter.of(self.today).days_left(self.today)


def attestations_due(*, day: dt.date | None = None) -> list[AttestationDue]:
    """Every organization with an active administrator that has not attested the quarter of ``day``, the most
    overdue first."""
    day = day or today()
    quarter = Quarter.of(day)
    admins: dict[int, list[Membership]] = {}
    first_access: dict[int, dt.datetime] = {}
    for membership in Membership.objects.select_related("user").filter(is_active=True).order_by("pk"):
        if ProviderRole.ADMINISTRATOR.value in (membership.roles or []) and membership.user.is_active:
            admins.setdefault(membership.organization_id, []).append(membership)
            known = first_access.get(membership.organization_id)
            if known is None or membership.created_at < known:
                first_access[membership.organization_id] = membership.created_at
    if not admins:
        return []
    last: dict[int, PeopleAttestation] = {}
    for attestation in (
        PeopleAttestation.objects.select_related("attested_by")
        .filter(organization_id__in=admins)
        .order_by("organization_id", "-year", "-quarter")
    ):
        last.setdefault(attestation.organization_id, attestation)
    organizations = ProviderOrganization.objects.in_bulk(list(admins))
    rows = []
    for organization_id, memberships in admins.items():
        latest = last.get(organization_id)
        if latest is not None and (latest.year, latest.quarter) >= (quarter.year, quarter.number):
            continue
        if latest is not None:
            due = Quarter(latest.year, latest.quarter).next()
        else:
            due = Quarter.of(timezone.localtime(first_access[organization_id]).date())
        rows.append(
            AttestationDue(
                organization=organizations[organization_id],
                administrators=[m.user for m in memberships],
                last=latest,
                due_quarter=min(due, quarter),
                today=day,
            )
        )
    rows.sort(key=lambda row: (-row.overdue_days, row.organization.legal_name))
    return rows


def attestation_reminders_run(*, day: dt.date | None = None) -> int:
    """Remind the administrators of every organization that has not attested this quarter: once when the
    quarter is under way, once more in its last two weeks. Idempotent (each reminder is recorded once), so it
    may run daily, or on several workers. Returns the number of organizations reminded."""
    day = day or today()
    quarter = Quarter.of(day)
    stages = [AttestationReminderStage.OPENING]
    if quarter.days_left(day) <= CLOSING_DAYS:
        stages.append(AttestationReminderStage.CLOSING)
    reminded = 0
    for row in attestations_due(day=day):
        with transaction.atomic():
            new = False
            for stage in stages:
                _reminder, created = AttestationReminder.objects.get_or_create(
                    organization=row.organization,
                    year=quarter.year,
                    quarter=quarter.number,
                    stage=stage,
                    defaults={"recipients": len(row.administrators)},
                )
                new = new or created
            if not new:
                continue
            notification_send(
                recipients=row.administrators,
                topic=NotificationTopic.ORGANIZATION_PEOPLE,
                message=REMINDER,
                params={"quarter": str(quarter), "due": quarter.end.isoformat()},
                link=PEOPLE_LINK,
                organization_id=row.organization.pk,
            )
            reminded += 1
    return reminded
