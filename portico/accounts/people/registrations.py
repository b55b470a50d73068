"""A clinic registers; provider relations verify it against the network and approve or decline.

``registration_submit`` is public (no account); ``registration_verify`` compares what the applicant gave with
the plan's provider data; ``registration_approve`` links the registration to the organization it matched and
invites both administrators; ``registration_decline`` records the reason and tells the applicant."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import Membership, ProviderRole, SecurityEventKind, User
from portico.accounts.people import emails, validation
from portico.accounts.people.invitations import invitation_create
from portico.accounts.people.models import Invitation, OrganizationRegistration, RegistrationStatus
from portico.accounts.services import security_event_record
from portico.common.errors import NotFound, ValidationFailed
from portico.providers.models import Practitioner, ProviderOrganization, ServiceLocation
from portico.providers.queries import practitioners_of

REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read on the phone
MAX_DECLINE_REASON = 2000


def _text_fields() -> dict[str, str]:
    return {
        "legal_name": _("Enter the organization's legal name."),
        "address_line1": _("Enter the street address."),
        "city": _("Enter the city."),
        "admin_first_name": _("Enter the administrator's first name."),
        "admin_last_name": _("Enter the administrator's last name."),
        "backup_first_name": _("Enter the backup administrator's first name."),
        "backup_last_name": _("Enter the backup administrator's last name."),
    }


def registration_clean(data: Mapping[str, str]) -> dict[str, object]:
    """Every field checked at once: the clean values, or ValidationFailed naming each field that is wrong."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, object] = {}

    def check(name: str, run: object) -> None:
        try:
            clean[name] = run() if callable(run) else run
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]

    for name, message in _text_fields().items():
        check(name, lambda name=name, message=message: validation.required_clean(data.get(name, ""), message))
    check("address_line2", lambda: (data.get("address_line2") or "").strip()[:200])
    check("tin", lambda: validation.tin_clean(data.get("tin", "")))
    check("npis", lambda: validation.npis_clean(data.get("npis", "")))
    check("state", lambda: validation.state_clean(data.get("state", "")))
    check("postal_code", lambda: validation.postal_code_clean(data.get("postal_code", "")))
    for who in ("admin", "backup"):
        check(f"{who}_email", lambda who=who: validation.email_clean(data.get(f"{who}_email", "")))
        check(f"{who}_phone", lambda who=who: validation.phone_clean(data.get(f"{who}_phone", "")))
    admin_email, backup_email = clean.get("admin_email"), clean.get("backup_email")
    if admin_email and backup_email and str(admin_email).lower() == str(backup_email).lower():
        errors["backup_email"] = [_("The backup administrator must be another person, with their own email address.")]
    if errors:
        raise ValidationFailed(errors)
    return clean


def _new_reference() -> str:
    return "REG-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def registration_submit(*, data: Mapping[str, str], ip_address: str | None = None) -> OrganizationRegistration:
    """Record a registration (status submitted) with a fresh reference number, and email both administrators
    that it arrived. Bad input raises ValidationFailed naming every field at fault; nothing is saved."""
    clean = registration_clean(data)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                registration = OrganizationRegistration.objects.create(reference=_new_reference(), **clean)
                security_event_record(
                    kind=SecurityEventKind.ORGANIZATION_REGISTERED,
                    username=registration.admin_email,
                    ip_address=ip_address,
                    detail=f"{registration.reference}",
                )
                subject, body = emails.registration_received_text(
                    reference=registration.reference, legal_name=registration.legal_name
                )
                emails.email_send_after_commit(
                    to=[registration.admin_email, registration.backup_email],
                    subject=subject,
                    body=body,
                    what=f"registration {registration.reference} received",
                )
                return registration
        except IntegrityError:  # the reference was taken (one chance in 25^8): draw another
            continue
    raise RuntimeError("could not draw a free registration reference")


# ---- verification against the network ----------------------------------------------------------------------


@dataclass(frozen=True)
class NpiCheck:
    npi: str
    matched: bool
    explanation: str


@dataclass(frozen=True)
class Verification:
    """What provider relations see: does the TIN name an organization in the network, and do the NPIs belong
    to it (its own NPI, one of its locations', or a practitioner practicing there)?"""

    candidates: list[ProviderOrganization]
    organization: ProviderOrganization | None
    npi_checks: list[NpiCheck] = field(default_factory=list)
    administrators: int = 0

    @property
    def tin_matched(self) -> bool:
        return self.organization is not None

    @property
    def npis_matched(self) -> bool:
        return bool(self.npi_checks) and all(check.matched for check in self.npi_checks)

    @property
    def verified(self) -> bool:
        return self.tin_matched and self.npis_matched

    @property
    def unmatched_npis(self) -> list[str]:
        return [check.npi for check in self.npi_checks if not check.matched]


def _npi_checks(organization: ProviderOrganization | None, npis: list[str]) -> list[NpiCheck]:
    own_locations = (
        dict(ServiceLocation.objects.filter(organization=organization, npi__in=npis).values_list("npi", "name"))
        if organization
        else {}
    )
    own_practitioners = (
        {p.npi: p.display_name for p in practitioners_of(organization_id=organization.pk).filter(npi__in=npis)}
        if organization
        else {}
    )
    elsewhere: dict[str, str] = {}
    for npi, name in ProviderOrganization.objects.filter(group_npi__in=npis).values_list("group_npi", "legal_name"):
        elsewhere.setdefault(npi, name)
    for npi, name in ServiceLocation.objects.filter(npi__in=npis).values_list("npi", "organization__legal_name"):
        elsewhere.setdefault(npi, name)
    checks = []
    for npi in npis:
        if organization is not None and npi == organization.group_npi:
            checks.append(NpiCheck(npi, True, _("The organization's own NPI.")))
        elif npi in own_locations:
            checks.append(NpiCheck(npi, True, _("Its service location %(name)s.") % {"name": own_locations[npi]}))
        elif npi in own_practitioners:
            checks.append(NpiCheck(npi, True, _("%(name)s, who practices there.") % {"name": own_practitioners[npi]}))
        elif npi in elsewhere:
            checks.append(
                NpiCheck(npi, False, _("Belongs to another organization: %(name)s.") % {"name": elsewhere[npi]})
            )
        else:
            practitioner = _practitioner_name(npi)
            if practitioner:
                checks.append(
                    NpiCheck(
                        npi,
                        False,
                        _("%(name)s, who does not practice at this organization.") % {"name": practitioner},
                    )
                )
            else:
                checks.append(NpiCheck(npi, False, _("Not in the network.")))
    return checks


def _practitioner_name(npi: str) -> str:
    found = Practitioner.objects.filter(npi=npi).first()
    return found.display_name if found else ""


def registration_verify(*, registration: OrganizationRegistration, organization_id: int | None = None) -> Verification:
    """Check the registration against the network. Among the organizations with its TIN, the one chosen
    (``organization_id``), else the one its NPIs match best."""
    candidates = list(ProviderOrganization.objects.filter(tin=registration.tin).order_by("legal_name", "pk"))
    if not candidates:
        return Verification(candidates=[], organization=None, npi_checks=_npi_checks(None, registration.npis))
    if organization_id is not None:
        chosen = next((c for c in candidates if c.pk == organization_id), None)
        if chosen is None:
            raise ValidationFailed({"organization": [_("Choose one of the organizations with this TIN.")]})
        options = [chosen]
    else:
        options = candidates
    best: tuple[int, ProviderOrganization, list[NpiCheck]] | None = None
    for candidate in options:
        checks = _npi_checks(candidate, registration.npis)
        score = sum(check.matched for check in checks)
        if best is None or score > best[0]:
            best = (score, candidate, checks)
    assert best is not None
    administrators = sum(
        ProviderRole.ADMINISTRATOR.value in (roles or [])
        for roles in Membership.objects.filter(organization=best[1], is_active=True).values_list("roles", flat=True)
    )
    return Verification(candidates=candidates, organization=best[1], npi_checks=best[2], administrators=administrators)


# ---- the queue and the decisions ----------------------------------------------------------------------------


def registrations_queue(*, status: str = RegistrationStatus.SUBMITTED) -> QuerySet[OrganizationRegistration]:
    """Registrations in one status: the oldest waiting first, the latest decided first."""
    rows = OrganizationRegistration.objects.filter(status=status).select_related("organization", "decided_by")
    if status == RegistrationStatus.SUBMITTED:
        return rows.order_by("submitted_at", "pk")
    return rows.order_by("-decided_at", "-pk")


def registration_get(*, registration_id: int) -> OrganizationRegistration:
    row = OrganizationRegistration.objects.select_related("organization", "decided_by").filter(pk=registration_id)
    found = row.first()
    if found is None:
        raise NotFound(_("Registration not found."))
    return found


def _lock_submitted(registration_id: int) -> OrganizationRegistration:
    registration = OrganizationRegistration.objects.select_for_update().filter(pk=registration_id).first()
    if registration is None:
        raise NotFound(_("Registration not found."))
    if registration.status != RegistrationStatus.SUBMITTED:
        raise ValidationFailed(
            {
                "status": [
                    _("This registration was already %(status)s.")
                    % {"status": registration.get_status_display().lower()}
                ]
            }
        )
    return registration


@transaction.atomic
def registration_approve(
    *,
    registration_id: int,
    staff: User,
    organization_id: int,
    unmatched_npis_checked: bool = False,
    ip_address: str | None = None,
) -> tuple[OrganizationRegistration, list[Invitation]]:
    """Approve: link the registration to the network organization its TIN matched and invite both
    administrators with the Administrator role (a person who already administers it is not invited again).
    NPIs that did not match need ``unmatched_npis_checked``: staff say they looked into them."""
    registration = _lock_submitted(registration_id)
    verification = registration_verify(registration=registration, organization_id=organization_id)
    if verification.organization is None:
        raise ValidationFailed(
            {
                "organization": [
                    _(
                        "No organization in the network has this TIN. Decline the registration, or have the "
                        "organization added to the network first."
                    )
                ]
            }
        )
    if verification.unmatched_npis and not unmatched_npis_checked:
        raise ValidationFailed(
            {
                "unmatched_npis_checked": [
                    _("These NPIs did not match the organization: %(npis)s. Confirm you checked them to approve.")
                    % {"npis": ", ".join(verification.unmatched_npis)}
                ]
            }
        )
    organization = verification.organization
    registration.status = RegistrationStatus.APPROVED
    registration.organization = organization
    registration.decided_at = timezone.now()
    registration.decided_by = staff
    registration.save(update_fields=["status", "organization", "decided_at", "decided_by"])
    security_event_record(
        kind=SecurityEventKind.ORGANIZATION_APPROVED,
        username=registration.admin_email,
        organization_id=organization.pk,
        actor=staff,
        ip_address=ip_address,
        detail=f"{registration.reference}",
    )
    invitations = []
    for who in ("admin", "backup"):
        email = getattr(registration, f"{who}_email")
        already = Membership.objects.filter(
            organization=organization, is_active=True, user__email__iexact=email
        ).values_list("roles", flat=True)
        if any(ProviderRole.ADMINISTRATOR.value in (roles or []) for roles in already):
            continue
        invitation, _token = invitation_create(
            organization=organization,
            email=email,
            first_name=getattr(registration, f"{who}_first_name"),
            last_name=getattr(registration, f"{who}_last_name"),
            roles=[ProviderRole.ADMINISTRATOR.value],
            invited_by=staff,
            registration=registration,
            ip_address=ip_address,
        )
        invitations.append(invitation)
    return registration, invitations


@transaction.atomic
def registration_decline(
    *, registration_id: int, staff: User, reason: str, ip_address: str | None = None
) -> OrganizationRegistration:
    """Decline with a reason (required); both administrators named in the registration get it by email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Give the reason: the applicant reads it in the email.")]})
    if len(reason) > MAX_DECLINE_REASON:
        raise ValidationFailed(
            {"reason": [_("Keep the reason to %(count)s characters or fewer.") % {"count": MAX_DECLINE_REASON}]}
        )
    registration = _lock_submitted(registration_id)
    registration.status = RegistrationStatus.DECLINED
    registration.decline_reason = reason
    registration.decided_at = timezone.now()
    registration.decided_by = staff
    registration.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    security_event_record(
        kind=SecurityEventKind.ORGANIZATION_DECLINED,
        username=registration.admin_email,
        actor=staff,
        ip_address=ip_address,
        detail=f"{registration.reference}",
    )
    subject, body = emails.registration_declined_text(
        reference=registration.reference, legal_name=registration.legal_name, reason=reason
    )
    emails.email_send_after_commit(
        to=[registration.admin_email, registration.backup_email],
        subject=subject,
        body=body,
        what=f"registration {registration.reference} declined",
    )
    return registration
