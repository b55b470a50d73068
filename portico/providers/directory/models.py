"""Directory data kept right: an organization proposes changes to a location or a practitioner (old → new per
field), provider relations apply or return them; every 90 days the organization attests that its data is right."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for provider relations")
    APPLIED = "applied", _("Applied")
    PARTLY_APPLIED = "partly_applied", _("Partly applied")
    RETURNED = "returned", _("Returned to the organization")


class ChangeTarget(models.TextChoices):
    LOCATION = "location", _("Service location")
    PRACTITIONER = "practitioner", _("Practitioner")


class FieldDecision(models.TextChoices):
    PENDING = "pending", _("Not decided")
    APPLIED = "applied", _("Applied")
    NOT_APPLIED = "not_applied", _("Not applied")


class DirectoryChange(models.Model):
    """One proposal about one location or one practitioner. At most one is pending per target, so two proposals
    never race to overwrite each other."""

    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="directory_changes"
    )
    target = models.CharField(max_length=20, choices=ChangeTarget.choices)
    location = models.ForeignKey(
        "providers.ServiceLocation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    practitioner = models.ForeignKey(
        "providers.Practitioner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    note = models.TextField(blank=True, help_text="The organization's note to provider relations.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    staff_note = models.TextField(blank=True, help_text="Provider relations' note back (required to return).")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["status", "proposed_at"], name="directory_change_queue")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target="location", location__isnull=False, practitioner__isnull=True))
                | (Q(target="practitioner", practitioner__isnull=False, location__isnull=True)),
                name="directory_change_one_target",
            ),
            models.UniqueConstraint(
                fields=["location"], condition=Q(status="pending"), name="directory_change_one_pending_location"
            ),
            models.UniqueConstraint(
                fields=["practitioner", "organization"],
                condition=Q(status="pending"),
                name="directory_change_one_pending_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} change {self.pk}"

    @property
    def target_name(self) -> str:
        if self.location_id:
            return self.location.name  # type: ignore[union-attr]
        return self.practitioner.display_name if self.practitioner else ""


class DirectoryChangeField(models.Model):
    """One field of a change: the value when proposed, the value proposed, and provider relations' decision."""

    change = models.ForeignKey(DirectoryChange, on_delete=models.CASCADE, related_name="fields")
    field = models.CharField(max_length=40)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=FieldDecision.choices, default=FieldDecision.PENDING)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["change", "field"], name="directory_change_field_once")]


class DirectoryAttestation(models.Model):
    """An administrator states that the organization's directory data is right (No Surprises Act: every 90 days)."""

    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="directory_attestations"
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for an attestation recorded outside the portal (on paper, or imported).",
    )
    attested_at = models.DateTimeField()
    locations = models.PositiveIntegerField(default=0)
    practitioners = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-attested_at", "-id"]
        indexes = [models.Index(fields=["organization", "attested_at"], name="directory_attestation_latest")]


class ReminderStage(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class DirectoryReminder(models.Model):
    """A reminder sent for one due date and stage: recorded once, so the reminder run is idempotent."""

    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    stage = models.CharField(max_length=20, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "due_on", "stage"], name="directory_reminder_once")
        ]
