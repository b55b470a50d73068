"""Registrations, invitations and attestations: the records of organizations administering themselves.

Imported by ``portico.accounts.models`` so that Django finds them in the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class OrganizationRegistration(models.Model):
    """A clinic's request for portal access, as the applicant typed it, and provider relations' decision."""

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.SUBMITTED)
    legal_name = models.CharField(max_length=200)
    tin = models.CharField(max_length=9)
    npis = models.JSONField(default=list, help_text="Organization and practitioner NPIs, as given.")
    address_line1 = models.CharField(max_length=200)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10)
    admin_first_name = models.CharField(max_length=100)
    admin_last_name = models.CharField(max_length=100)
    admin_email = models.EmailField()
    admin_phone = models.CharField(max_length=30)
    backup_first_name = models.CharField(max_length=100)
    backup_last_name = models.CharField(max_length=100)
    backup_email = models.EmailField()
    backup_phone = models.CharField(max_length=30)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    organization = models.ForeignKey(
        "providers.ProviderOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="registration_queue")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="registration_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(organization__isnull=False),
                name="registration_approved_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.legal_name}"

    @property
    def admin_name(self) -> str:
        return f"{self.admin_first_name} {self.admin_last_name}"

    @property
    def backup_name(self) -> str:
        return f"{self.backup_first_name} {self.backup_last_name}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """An invitation to join an organization with some roles. Only the SHA-256 of its link's token is kept;
    the link works once, until it expires, unless cancelled. Resending makes a new token."""

    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    roles = models.JSONField(default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registration = models.ForeignKey(
        OrganizationRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "created_at"], name="invitation_organization")]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.cancelled_at is not None:
            return InvitationStatus.CANCELLED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def role_labels(self) -> list[str]:
        from portico.accounts.models import ProviderRole

        return [str(ProviderRole(r).label) for r in self.roles if r in ProviderRole.values]


class PeopleAttestation(models.Model):
    """An administrator's statement, once per calendar quarter, that the organization's people and roles are
    right; ``people`` keeps the list as it stood (user id, username, roles, active)."""

    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="people_attestations"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attested_at = models.DateTimeField(default=timezone.now)
    people = models.JSONField(default=list)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "quarter"], name="attestation_once_a_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="attestation_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} Q{self.quarter}"


class AttestationReminderStage(models.TextChoices):
    OPENING = "opening", _("The quarter's first reminder")
    CLOSING = "closing", _("The quarter ends soon")


class AttestationReminder(models.Model):
    """A reminder sent to an organization's administrators for a quarter: at most one per stage, so the
    reminder task can run every day (or on many workers) and remind only twice a quarter."""

    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10, choices=AttestationReminderStage.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "quarter", "stage"], name="attestation_reminder_once"
            )
        ]
