"""People: users, their memberships in provider organizations with roles, staff roles, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderRole(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    ELIGIBILITY = "eligibility", _("Eligibility & benefits")
    CLAIMS = "claims", _("Claims")
    AUTHORIZATIONS = "authorizations", _("Authorizations")
    PAYMENTS = "payments", _("Payments & remittance")
    MESSAGING = "messaging", _("Messaging")


class StaffRole(models.TextChoices):
    UM_REVIEWER = "um_reviewer", _("UM reviewer")
    CLAIMS_EXAMINER = "claims_examiner", _("Claims examiner")
    PROVIDER_RELATIONS = "provider_relations", _("Provider relations")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMINISTRATOR = "administrator", _("Plan administrator")
    CARE_COORDINATOR = "care_coordinator", _("Care coordinator")


class User(AbstractUser):
    """A person who signs in: provider staff (through memberships) or plan staff (through staff roles)."""

    staff_roles = models.JSONField(default=list, blank=True)
    preferred_language = models.CharField(max_length=10, blank=True)

    def has_staff_role(self, role: StaffRole) -> bool:
        return role.value in (self.staff_roles or [])

    @property
    def is_plan_staff(self) -> bool:
        return bool(self.staff_roles)


class Membership(models.Model):
    """A user's place in one provider organization, with the roles they hold there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="memberships"
    )
    roles = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    @property
    def role_labels(self) -> list[str]:
        return [str(ProviderRole(r).label) for r in self.roles if r in ProviderRole.values]

    def has_role(self, role: ProviderRole) -> bool:
        return role.value in self.roles or ProviderRole.ADMINISTRATOR.value in self.roles


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="The token stops working then; a new one is made to go on.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"


class SecurityEventKind(models.TextChoices):
    """What a security event records. The column keeps no choices, so a new kind needs no migration."""

    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    SIGN_IN_THROTTLED = "sign_in_throttled", _("Sign-in refused: too many failures")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    MFA_ENROLLED = "mfa_enrolled", _("Two-step verification set up")
    MFA_USED = "mfa_used", _("Two-step verification passed")
    MFA_FAILED = "mfa_failed", _("Two-step verification failed")
    MFA_RECOVERY_USED = "mfa_recovery_used", _("Recovery code used")
    MFA_RESET = "mfa_reset", _("Two-step verification reset")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    SSO_SIGN_IN = "sso_sign_in", _("Signed in through single sign-on")
    SSO_REJECTED = "sso_rejected", _("Single sign-on assertion rejected")
    SSO_PROVISIONED = "sso_provisioned", _("Account created through single sign-on")
    SSO_SIGN_OUT = "sso_sign_out", _("Signed out through single sign-on")
    SSO_LINKED = "sso_linked", _("Hub sign-in linked to the account")
    SSO_SETTINGS_CHANGED = "sso_settings_changed", _("Single sign-on settings changed")
    TERMS_ACCEPTED = "terms_accepted", _("Privacy statement and terms accepted")
    ROLE_CHANGED = "role_changed", _("Roles changed")
    ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
    ACCOUNT_ENABLED = "account_enabled", _("Account enabled")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    ORGANIZATION_REGISTERED = "organization_registered", _("Organization registered")
    ORGANIZATION_APPROVED = "organization_approved", _("Organization approved")
    ORGANIZATION_DECLINED = "organization_declined", _("Organization declined")
    PEOPLE_ATTESTED = "people_attested", _("People and roles attested")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")


class SecurityEvent(models.Model):
    """Who signed in, failed, enrolled, changed roles or tokens: the security half of the audit trail (the
    access half, reads of member data, is ``common.AccessEvent``). Never carries a password, a code or PHI.

    The user is kept as an id and the name as typed, not a foreign key: a failed sign-in may name nobody, and
    the trail must outlive the account."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=40)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, help_text="As typed or as known.")
    organization_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True, help_text="Who did it, when not the user.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=400, blank=True, help_text="What happened, without secrets or PHI.")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["user_id", "occurred_at"], name="security_event_user"),
            models.Index(fields=["organization_id", "occurred_at"], name="security_event_organization"),
            models.Index(fields=["kind", "occurred_at"], name="security_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    @property
    def kind_label(self) -> str:
        try:
            return str(SecurityEventKind(self.kind).label)
        except ValueError:
            return self.kind


# Organizations administering themselves (registration, invitations, attestation): their own module.
from portico.accounts.people.models import (  # noqa: E402
    AttestationReminder,
    Invitation,
    OrganizationRegistration,
    PeopleAttestation,
)

__all__ = ["AttestationReminder", "Invitation", "OrganizationRegistration", "PeopleAttestation"]

# Single sign-on through the hub (linked identities, seen assertions, organization settings): its own module.
from portico.accounts.sso.models import SsoAssertion, SsoIdentity, SsoOrganizationSetting  # noqa: E402

__all__ += ["SsoAssertion", "SsoIdentity", "SsoOrganizationSetting"]

# The privacy statement and terms of use, and who accepted which version: their own module.
from portico.accounts.terms.models import TermsAcceptance, TermsVersion  # noqa: E402

__all__ += ["TermsAcceptance", "TermsVersion"]
