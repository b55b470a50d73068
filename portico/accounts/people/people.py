"""The people of an organization, as its administrator manages them: roles given and taken, access disabled
and enabled, and the people-and-roles report. An organization always keeps one active administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from portico.accounts.models import Membership, ProviderRole, SecurityEventKind, User
from portico.accounts.people import validation
from portico.accounts.people.models import Invitation, InvitationStatus
from portico.accounts.services import security_event_record
from portico.common.errors import NotFound, ValidationFailed
from portico.providers.models import ProviderOrganization

ADMIN = ProviderRole.ADMINISTRATOR.value


@dataclass(frozen=True)
class PersonRow:
    """One line of the people-and-roles report."""

    membership: Membership
    name: str
    username: str
    email: str
    roles: list[str]
    active: bool
    last_sign_in: datetime | None
    invited_by: str
    since: datetime

    @property
    def status_label(self) -> str:
        return _("Active") if self.active else _("Disabled")


def membership_in(*, organization_id: int, membership_id: int) -> Membership:
    """One of the organization's memberships; another organization's answers not found."""
    membership = (
        Membership.objects.select_related("user", "organization")
        .filter(pk=membership_id, organization_id=organization_id)
        .first()
    )
    if membership is None:
        raise NotFound(_("Person not found."))
    return membership


def people_of(*, organization_id: int) -> list[PersonRow]:
    """Everyone with a membership in the organization (active first, then by name), with who invited them."""
    memberships = list(
        Membership.objects.select_related("user")
        .filter(organization_id=organization_id)
        .order_by("-is_active", "user__last_name", "user__first_name", "user__username")
    )
    inviters: dict[int, str] = {}
    for invitation in (
        Invitation.objects.select_related("invited_by")
        .filter(organization_id=organization_id, accepted_by_id__in=[m.user_id for m in memberships])
        .order_by("accepted_at")
    ):
        if invitation.accepted_by_id is not None and invitation.invited_by is not None:
            inviter = invitation.invited_by
            inviters[invitation.accepted_by_id] = inviter.get_full_name() or inviter.get_username()
    return [
        PersonRow(
            membership=m,
            name=m.user.get_full_name() or m.user.get_username(),
            username=m.user.get_username(),
            email=m.user.email,
            roles=m.role_labels,
            active=m.is_active,
            last_sign_in=m.user.last_login,
            invited_by=inviters.get(m.user_id, ""),
            since=m.created_at,
        )
        for m in memberships
    ]


def invitations_of(*, organization_id: int) -> list[Invitation]:
    """The organization's invitations not accepted (pending, expired or cancelled), newest first."""
    return list(
        Invitation.objects.select_related("invited_by")
        .filter(organization_id=organization_id, accepted_at__isnull=True)
        .order_by("-sent_at", "-pk")[:200]
    )


def pending_invitations_count(*, organization_id: int) -> int:
    return sum(i.status == InvitationStatus.PENDING for i in invitations_of(organization_id=organization_id))


def _lock(organization_id: int, membership_id: int) -> tuple[list[Membership], Membership]:
    """Lock the organization, then its memberships (always in this order): two administrators removing each
    other at once cannot both succeed."""
    if not ProviderOrganization.objects.select_for_update().filter(pk=organization_id).exists():
        raise NotFound(_("Person not found."))
    memberships = list(Membership.objects.select_for_update().filter(organization_id=organization_id).order_by("pk"))
    target = next((m for m in memberships if m.pk == membership_id), None)
    if target is None:
        raise NotFound(_("Person not found."))
    target.user = User.objects.get(pk=target.user_id)
    return memberships, target


def _other_active_administrators(memberships: list[Membership], target: Membership) -> int:
    return sum(1 for m in memberships if m.pk != target.pk and m.is_active and ADMIN in (m.roles or []))


@transaction.atomic
def membership_roles_set(
    *,
    organization_id: int,
    membership_id: int,
    roles: list[str],
    actor: User,
    ip_address: str | None = None,
) -> Membership:
    """Give and take roles. The organization's last active administrator keeps the Administrator role."""
    try:
        new_roles = validation.roles_clean(roles)
    except validation.FieldProblem as problem:
        raise ValidationFailed({"roles": [str(problem)]}) from problem
    memberships, target = _lock(organization_id, membership_id)
    before = [r for r in ProviderRole.values if r in (target.roles or [])]
    if before == new_roles:
        return target
    if (
        target.is_active
        and ADMIN in before
        and ADMIN not in new_roles
        and not _other_active_administrators(memberships, target)
    ):
        raise ValidationFailed(
            {
                "roles": [
                    _(
                        "The organization needs an administrator: give the Administrator role to someone else "
                        "before taking it from this person."
                    )
                ]
            }
        )
    target.roles = new_roles
    target.save(update_fields=["roles"])
    security_event_record(
        kind=SecurityEventKind.ROLE_CHANGED,
        user=target.user,
        organization_id=organization_id,
        actor=actor,
        ip_address=ip_address,
        detail=f"roles before: {', '.join(before) or '-'}; after: {', '.join(new_roles)}",
    )
    return target


@transaction.atomic
def membership_active_set(
    *,
    organization_id: int,
    membership_id: int,
    active: bool,
    actor: User,
    ip_address: str | None = None,
) -> Membership:
    """Disable (or enable again) a person's access to this organization. A disabled person cannot act for it,
    nor use API tokens made for it; one whose every membership is disabled cannot sign in at all. The last
    active administrator cannot be disabled."""
    memberships, target = _lock(organization_id, membership_id)
    if target.is_active == active:
        return target
    if not active and ADMIN in (target.roles or []) and not _other_active_administrators(memberships, target):
        raise ValidationFailed(
            {
                "membership": [
                    _(
                        "This is the organization's last administrator. Give the Administrator role to someone "
                        "else first."
                    )
                ]
            }
        )
    target.is_active = active
    target.save(update_fields=["is_active"])
    security_event_record(
        kind=SecurityEventKind.ACCOUNT_ENABLED if active else SecurityEventKind.ACCOUNT_DISABLED,
        user=target.user,
        organization_id=organization_id,
        actor=actor,
        ip_address=ip_address,
        detail="access to the organization enabled" if active else "access to the organization disabled",
    )
    return target
