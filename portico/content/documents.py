"""The document library: forms, policies, manuals, fee schedules and code lists, each with its versions.

A version is uploaded as a draft and published by a content editor. Published versions are never deleted: the
one in force on a day is the published version with the latest effective date on or before it; each earlier one
is "superseded on" the effective date of the next. Files live outside the web root (``VAR_DIR/private/documents``)
under random names and are served only by the download view.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    FORM = "form", _("Form")
    POLICY = "policy", pgettext_lazy("document kind", "Policy")
    MANUAL = "manual", _("Manual")
    FEE_SCHEDULE = "fee_schedule", _("Fee schedule")
    CODE_LIST = "code_list", _("Code list")


class DocumentArea(models.TextChoices):
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
    DENTAL = "dental", _("Dental")
    PHARMACY = "pharmacy", _("Pharmacy")
    MEDICARE = "medicare", _("Medicare")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Document(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    area = models.CharField(max_length=20, choices=DocumentArea.choices)
    lines_of_business = models.ManyToManyField(
        "plans.LineOfBusiness", blank=True, related_name="+", help_text="None chosen: every line of business."
    )
    description = models.CharField(max_length=500, blank=True)
    providers_only = models.BooleanField(
        default=False, help_text="Only signed-in people may see and download it (e.g. contracted rates)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label)

    @property
    def area_label(self) -> str:
        return str(DocumentArea(self.area).label)


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    effective_date = models.DateField()
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    note = models.CharField(max_length=300, blank=True, help_text="What changed.")
    file_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_date", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number")]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def format_label(self) -> str:
        from portico.content.document_files import FORMAT_LABELS

        return FORMAT_LABELS.get(self.content_type, "")
