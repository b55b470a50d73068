"""The 90-day directory attestation (No Surprises Act): an organization's administrator confirms that its
locations' and practitioners' directory data is right at least every 90 days.

The clock: due 90 days after the last attestation, or, before the first one, 90 days after the organization
joined the network (its earliest network participation). A reminder goes to the administrators 14 days before
the due date and another once it has passed; each is recorded once, so the reminder run may repeat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.accounts.models import Membership, ProviderRole, User
from portico.accounts.people.access import is_administrator
from portico.common.errors import PermissionDenied
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from portico.providers.directory.models import DirectoryAttestation, DirectoryReminder, ReminderStage
from portico.providers.models import Affiliation, OrganizationKind, ProviderOrganization, ServiceLocation

ATTESTATION_DAYS = 90
UPCOMING_DAYS = 14
CLINIC_LINK = "/clinic-information/"
REMIND_UPCOMING = gettext_noop("Confirm your organization's directory data by %(due)s (every 90 days).")
REMIND_OVERDUE = gettext_noop("Your organization's directory data was due for confirmation on %(due)s.")


class AttestationStanding:
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class AttestationState:
    organization: ProviderOrganization
    joined_on: dt.date
    last_attested_at: dt.datetime | None
    today: dt.date

    @property
    def last_attested_on(self) -> dt.date | None:
        return timezone.localtime(self.last_attested_at).date() if self.last_attested_at else None

    @property
    def due_on(self) -> dt.date:
        return (self.last_attested_on or self.joined_on) + dt.timedelta(days=ATTESTATION_DAYS)

    @property
    def days_late(self) -> int:
        return max(0, (self.today - self.due_on).days)

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def standing(self) -> str:
        if self.today > self.due_on:
            return AttestationStanding.OVERDUE
        if self.days_left <= UPCOMING_DAYS:
            return AttestationStanding.DUE_SOON
        return AttestationStanding.ON_TIME

    @property
    def overdue(self) -> bool:
        return self.standing == AttestationStanding.OVERDUE


def attestation_states(*, day: dt.date | None = None, organization_id: int | None = None) -> list[AttestationState]:
    """Every organization in the network with directory data (billing services have none), with its due date;
    the latest first. Two queries whatever the number of organizations."""
    day = day or today()
    last = (
        DirectoryAttestation.objects.filter(organization_id=OuterRef("pk"))
        .values("organization_id")
        .annotate(latest=Max("attested_at"))
        .values("latest")
    )
    organizations = (
        ProviderOrganization.objects.exclude(kind=OrganizationKind.BILLING_SERVICE)
        .annotate(joined_on=Min("participations__start"), last_attested_at=Subquery(last))
        .filter(joined_on__isnull=False)
    )
    if organization_id is not None:
        organizations = organizations.filter(pk=organization_id)
    states = [
        AttestationState(
            organization=org,
            joined_on=org.joined_on,
            last_attested_at=org.last_attested_at,
            today=day,
        )
        for org in organizations
    ]
    states.sort(key=lambda s: (-s.days_late, s.due_on, s.organization.legal_name))
    return states


def attestation_state(*, organization_id: int, day: dt.date | None = None) -> AttestationState | None:
    states = attestation_states(day=day, organization_id=organization_id)
    return states[0] if states else None


def directory_attest(*, organization_id: int, actor: User) -> DirectoryAttestation:
    """Record that ``actor`` (an administrator of the organization) confirms its directory data as it stands now;
    the next one is due 90 days later."""
    membership = Membership.objects.filter(user=actor, organization_id=organization_id).first()
    if not is_administrator(membership):
        raise PermissionDenied(_("Only the organization's administrators confirm its directory data."))
    with transaction.atomic():
        ProviderOrganization.objects.select_for_update().filter(pk=organization_id).first()
        return DirectoryAttestation.objects.create(
            organization_id=organization_id,
            attested_by=actor,
            attested_at=timezone.now(),
            locations=ServiceLocation.objects.filter(organization_id=organization_id).count(),
            practitioners=Affiliation.objects.filter(location__organization_id=organization_id)
            .values("practitioner_id")
            .distinct()
            .count(),
        )


def attestations_of(*, organization_id: int, limit: int = 5) -> list[DirectoryAttestation]:
    return list(
        DirectoryAttestation.objects.select_related("attested_by").filter(organization_id=organization_id)[:limit]
    )


def _administrators_by_organization(organization_ids: list[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = {}
    for membership in Membership.objects.select_related("user").filter(
        organization_id__in=organization_ids, is_active=True
    ):
        if ProviderRole.ADMINISTRATOR.value in (membership.roles or []) and membership.user.is_active:
            found.setdefault(membership.organization_id, []).append(membership.user)
    return found


def directory_reminders_run(*, day: dt.date | None = None) -> int:
    """Remind the administrators of each organization whose attestation is due within 14 days (once per due date)
    and of each whose attestation is overdue (once more per due date). Idempotent; returns how many reminders
    went out."""
    day = day or today()
    states = [s for s in attestation_states(day=day) if s.standing != AttestationStanding.ON_TIME]
    admins = _administrators_by_organization([s.organization.pk for s in states])
    sent = 0
    for state in states:
        recipients = admins.get(state.organization.pk, [])
        if not recipients:
            continue  # nobody to tell in the portal: provider relations see it on their page
        stage = ReminderStage.OVERDUE if state.overdue else ReminderStage.UPCOMING
        with transaction.atomic():
            _row, created = DirectoryReminder.objects.get_or_create(
                organization=state.organization,
                due_on=state.due_on,
                stage=stage,
                defaults={"recipients": len(recipients)},
            )
            if not created:
                continue
            notification_send(
                recipients=recipients,
                topic=NotificationTopic.DIRECTORY_DATA,
                message=REMIND_OVERDUE if state.overdue else REMIND_UPCOMING,
                params={"due": state.due_on.isoformat()},
                link=CLINIC_LINK,
                organization_id=state.organization.pk,
            )
            sent += 1
    return sent
