"""Invitations to join an organization: sent by its administrator (or by provider relations on approving a
registration), accepted once through an expiring link, resent or cancelled while pending.

The link carries a random token; only its SHA-256 is stored, so the link cannot be read back from the database.
Resending draws a new token (the old link stops working)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portico.accounts.models import Membership, ProviderRole, SecurityEventKind, User
from portico.accounts.people import emails, validation
from portico.accounts.people.models import Invitation, InvitationStatus, OrganizationRegistration
from portico.accounts.services import security_event_record
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.providers.models import ProviderOrganization


class InvitationUnusable(DomainError):
    """The link was used, cancelled or has expired; ``code`` says which."""


def invitation_days() -> int:
    return max(1, int(settings.PORTICO.get("INVITATION_DAYS", 7)))


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def _role_labels(roles: list[str]) -> list[str]:
    return [str(ProviderRole(r).label) for r in roles if r in ProviderRole.values]


def _email(invitation: Invitation, raw: str) -> None:
    inviter = invitation.invited_by.get_full_name() if invitation.invited_by else ""
    subject, body = emails.invitation_text(
        organization=invitation.organization.legal_name,
        inviter=inviter or _("The organization's administrator"),
        roles=_role_labels(invitation.roles),
        token=raw,
        expires=formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"),
        registration=invitation.registration.reference if invitation.registration else "",
    )
    emails.email_send_after_commit(
        to=[invitation.email], subject=subject, body=body, what=f"invitation {invitation.pk}"
    )


def invitation_create(
    *,
    organization: ProviderOrganization,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    invited_by: User | None,
    registration: OrganizationRegistration | None = None,
    ip_address: str | None = None,
) -> tuple[Invitation, str]:
    """Create and email an invitation (no checks: the callers check). Returns it and the link's token."""
    raw, hashed = _new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=roles,
        token_hash=hashed,
        created_at=now,
        sent_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
        invited_by=invited_by,
        registration=registration,
    )
    security_event_record(
        kind=SecurityEventKind.INVITATION_SENT,
        username=email,
        organization_id=organization.pk,
        actor=invited_by,
        ip_address=ip_address,
        detail=f"invitation {invitation.pk}; roles: {', '.join(roles)}",
    )
    _email(invitation, raw)
    return invitation, raw


@transaction.atomic
def invitation_send(
    *,
    organization_id: int,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    invited_by: User,
    ip_address: str | None = None,
) -> tuple[Invitation, str]:
    """Invite a person by email to the organization with ``roles``. Refused, naming the field, for bad input,
    for someone who already has access (or whose access is disabled: enable it instead) and for an address
    with an invitation still pending (resend that one)."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, object] = {}
    checks = {
        "first_name": lambda: validation.required_clean(first_name, _("Enter the person's first name."), 100),
        "last_name": lambda: validation.required_clean(last_name, _("Enter the person's last name."), 100),
        "email": lambda: validation.email_clean(email),
        "roles": lambda: validation.roles_clean(roles),
    }
    for name, check in checks.items():
        try:
            clean[name] = check()
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]
    if errors:
        raise ValidationFailed(errors)
    organization = ProviderOrganization.objects.select_for_update().filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    address = str(clean["email"])
    existing = Membership.objects.filter(organization=organization, user__email__iexact=address).first()
    if existing is not None and existing.is_active:
        raise ValidationFailed({"email": [_("This person already works for the organization: change their roles.")]})
    if existing is not None:
        raise ValidationFailed(
            {"email": [_("This person's access to the organization is disabled: enable it on their page.")]}
        )
    pending = Invitation.objects.filter(
        organization=organization,
        email__iexact=address,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationFailed({"email": [_("An invitation to this address is pending: resend it or cancel it.")]})
    return invitation_create(
        organization=organization,
        email=address,
        first_name=str(clean["first_name"]),
        last_name=str(clean["last_name"]),
        roles=list(clean["roles"]),  # type: ignore[call-overload]
        invited_by=invited_by,
        ip_address=ip_address,
    )


def invitation_in(*, organization_id: int, invitation_id: int) -> Invitation:
    """One of the organization's invitations; another organization's answers not found."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by", "registration")
        .filter(pk=invitation_id, organization_id=organization_id)
        .first()
    )
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    return invitation


def _lock_in(organization_id: int, invitation_id: int) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().filter(pk=invitation_id, organization_id=organization_id).first()
    )
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    return invitation


@transaction.atomic
def invitation_resend(
    *, organization_id: int, invitation_id: int, actor: User, ip_address: str | None = None
) -> Invitation:
    """Send a pending or expired invitation again, with a new link and a new expiry; the old link stops."""
    invitation = _lock_in(organization_id, invitation_id)
    if invitation.status in (InvitationStatus.ACCEPTED, InvitationStatus.CANCELLED):
        raise ValidationFailed(
            {"invitation": [_("This invitation was %(status)s.") % {"status": invitation.status.label.lower()}]}
        )
    raw, hashed = _new_token()
    now = timezone.now()
    invitation.token_hash = hashed
    invitation.sent_at = now
    invitation.expires_at = now + dt.timedelta(days=invitation_days())
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    security_event_record(
        kind=SecurityEventKind.INVITATION_SENT,
        username=invitation.email,
        organization_id=organization_id,
        actor=actor,
        ip_address=ip_address,
        detail=f"invitation {invitation.pk} resent",
    )
    _email(invitation, raw)
    return invitation


@transaction.atomic
def invitation_cancel(*, organization_id: int, invitation_id: int, actor: User) -> Invitation:
    """Cancel an invitation not yet accepted: its link stops working."""
    invitation = _lock_in(organization_id, invitation_id)
    if invitation.accepted_at is not None:
        raise ValidationFailed({"invitation": [_("This invitation was already accepted.")]})
    if invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.cancelled_by = actor
        invitation.save(update_fields=["cancelled_at", "cancelled_by"])
    return invitation


# ---- accepting ------------------------------------------------------------------------------------------------


def invitation_by_token(*, token: str) -> Invitation:
    """The invitation a link carries, whatever its status; NotFound for a link that never existed."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    return invitation


def _lock_usable(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationUnusable(_("This invitation link no longer works."), code=invitation.status.value)
    return invitation


def _accepted(invitation: Invitation, user: User, ip_address: str | None) -> Membership:
    membership = Membership.objects.create(user=user, organization=invitation.organization, roles=invitation.roles)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    security_event_record(
        kind=SecurityEventKind.INVITATION_ACCEPTED,
        user=user,
        organization_id=invitation.organization_id,
        ip_address=ip_address,
        detail=f"invitation {invitation.pk}; roles: {', '.join(invitation.roles)}",
    )
    return membership


def account_exists_for(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


@transaction.atomic
def invitation_accept_new(
    *,
    token: str,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    ip_address: str | None = None,
) -> User:
    """A new person accepts: an account with the invitation's email, the chosen username and password (the
    portal's password rules), and a membership with the invited roles. The link is then used up."""
    invitation = _lock_usable(token)
    if account_exists_for(invitation.email):
        raise ValidationFailed(
            {"username": [_("An account with this email address exists: sign in with it to accept.")]}
        )
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    try:
        if not username:
            raise ValidationError(_("Choose a username."))
        if len(username) > 150:
            raise ValidationError(_("Keep the username to 150 characters or fewer."))
        UnicodeUsernameValidator()(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken: choose another."))
    except ValidationError as exc:
        errors["username"] = list(exc.messages)
    names = {}
    for name, value, message in (
        ("first_name", first_name, _("Enter your first name.")),
        ("last_name", last_name, _("Enter your last name.")),
    ):
        try:
            names[name] = validation.required_clean(value, message, 100)
        except validation.FieldProblem as problem:
            errors[name] = [str(problem)]
    candidate = User(username=username, email=invitation.email, **names)
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    candidate.set_password(password)
    candidate.save()
    _accepted(invitation, candidate, ip_address)
    return candidate


@transaction.atomic
def invitation_accept_existing(*, token: str, user: User, ip_address: str | None = None) -> Membership:
    """A signed-in person whose email is the invitation's accepts: the organization is added to their account
    with the invited roles (how a billing service person comes to work for several organizations)."""
    invitation = _lock_usable(token)
    if (user.email or "").lower() != invitation.email.lower():
        raise ValidationFailed(
            {"invitation": [_("This invitation was sent to another email address than your account's.")]}
        )
    existing = Membership.objects.filter(user=user, organization=invitation.organization).first()
    if existing is not None:
        message = (
            _("You already work for this organization.")
            if existing.is_active
            else _("Your access to this organization is disabled. Ask its administrator to enable it.")
        )
        raise ValidationFailed({"invitation": [message]})
    return _accepted(invitation, user, ip_address)
