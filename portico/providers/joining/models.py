"""An application to join the network: drafted and submitted by the applicant through a private resume link,
credentialed by provider relations against a checklist (the items are data), approved or declined."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: in credentialing")
    QUESTIONS = "questions", _("Waiting for the applicant's answer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.QUESTIONS)


class DocumentKind(models.TextChoices):
    W9 = "w9", _("W-9")
    LICENSE = "license", _("License")
    INSURANCE = "insurance", _("Malpractice insurance certificate")
    OTHER = "other", _("Other")


class NetworkApplication(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the resume link's secret.")
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=20, blank=True)
    legal_name = models.CharField(max_length=200)
    tin = models.CharField(max_length=9, blank=True)
    group_npi = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    taxonomy_code = models.CharField(max_length=10, blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    lines_of_business = models.ManyToManyField("plans.LineOfBusiness", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    organization = models.ForeignKey(
        "providers.ProviderOrganization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_queue")]

    def __str__(self) -> str:
        return f"{self.reference} {self.legal_name}"

    @property
    def kind_label(self) -> str:
        """The organization kind as people read it (the field holds an ``OrganizationKind`` value)."""
        from portico.providers.models import OrganizationKind

        return str(OrganizationKind(self.kind).label) if self.kind in OrganizationKind.values else self.kind


class ApplicationPractitioner(models.Model):
    application = models.ForeignKey(NetworkApplication, on_delete=models.CASCADE, related_name="practitioners")
    npi = models.CharField(max_length=10)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=40, blank=True)
    taxonomy_code = models.CharField(max_length=10, blank=True)
    license_state = models.CharField(max_length=2)
    license_number = models.CharField(max_length=40)
    license_expires = models.DateField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "npi"], name="application_practitioner_once")]

    @property
    def display_name(self) -> str:
        suffix = f", {self.credentials}" if self.credentials else ""
        return f"{self.first_name} {self.last_name}{suffix}"


class ApplicationDocument(models.Model):
    """A file the applicant uploaded: checked by content (PDF or image), kept outside the web root."""

    application = models.ForeignKey(NetworkApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class ChecklistItem(models.Model):
    """One credentialing step provider relations record for every application; editable data, not code."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True, help_text="Approval waits until this is recorded.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class ApplicationCheck(models.Model):
    application = models.ForeignKey(NetworkApplication, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="application_check_once")]


class ApplicationQuestion(models.Model):
    application = models.ForeignKey(NetworkApplication, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="application_answer_has_text"
            )
        ]
