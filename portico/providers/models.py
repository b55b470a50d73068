"""Provider organizations, their service locations and practitioners, and network participation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.common.identifiers import is_valid_npi, is_valid_tin


def validate_npi(value: str) -> None:
    if not is_valid_npi(value):
        raise ValidationError(
            _("%(value)s is not a valid NPI (10 digits with a Luhn check digit)."), params={"value": value}
        )


def validate_tin(value: str) -> None:
    if not is_valid_tin(value):
        raise ValidationError(_("A TIN is nine digits."))


class OrganizationKind(models.TextChoices):
    PRIMARY_CARE = "primary_care", _("Primary care")
    BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
    HOSPITAL = "hospital", _("Hospital")
    DENTAL = "dental", _("Dental")
    SPECIALTY = "specialty", _("Specialty")
    FQHC = "fqhc", _("Federally qualified health center")
    BILLING_SERVICE = "billing_service", _("Billing service")


class AccessibilityFeature(models.TextChoices):
    """What a location offers people with disabilities, as the directory shows it."""

    WHEELCHAIR = "wheelchair", _("Wheelchair-accessible entrance and exam rooms")
    PARKING = "parking", _("Accessible parking")
    RESTROOM = "restroom", _("Accessible restroom")
    EXAM_TABLE = "exam_table", _("Height-adjustable exam table")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpreter on request")


class ProviderOrganization(models.Model):
    legal_name = models.CharField(max_length=200)
    tin = models.CharField(max_length=9, validators=[validate_tin])
    group_npi = models.CharField(max_length=10, blank=True, validators=[validate_npi])
    kind = models.CharField(max_length=30, choices=OrganizationKind.choices)
    phone = models.CharField(max_length=30, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class ServiceLocation(models.Model):
    organization = models.ForeignKey(ProviderOrganization, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200)
    npi = models.CharField(max_length=10, blank=True, validators=[validate_npi])
    address_line1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10)
    phone = models.CharField(max_length=30, blank=True)
    hours = models.CharField(max_length=200, blank=True)
    accepting_new_patients = models.BooleanField(default=True)
    languages = models.JSONField(default=list, blank=True)
    telehealth = models.BooleanField(default=False, help_text="Visits by video or phone are offered.")
    accessibility = models.JSONField(
        default=list, blank=True, help_text="Accessibility features (AccessibilityFeature values)."
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["city"], name="location_city"),
            models.Index(fields=["postal_code"], name="location_postal_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Practitioner(models.Model):
    npi = models.CharField(max_length=10, unique=True, validators=[validate_npi])
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=40, blank=True)
    taxonomy_code = models.CharField(max_length=10, blank=True)
    accepting_new_patients = models.BooleanField(default=True)
    languages = models.JSONField(default=list, blank=True, help_text="Languages the practitioner speaks.")
    telehealth = models.BooleanField(default=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="practitioner_name"),
            models.Index(fields=["taxonomy_code"], name="practitioner_taxonomy"),
        ]

    @property
    def display_name(self) -> str:
        suffix = f", {self.credentials}" if self.credentials else ""
        return f"{self.first_name} {self.last_name}{suffix}"

    def __str__(self) -> str:
        return self.display_name


class Affiliation(models.Model):
    """A practitioner practicing at a service location over a span."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="affiliations")
    location = models.ForeignKey(ServiceLocation, on_delete=models.CASCADE, related_name="affiliations")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="affiliation_span_ordered"
            )
        ]


class NetworkParticipation(models.Model):
    """An organization's standing in one line of business: contracted or not, and its PCP panel."""

    organization = models.ForeignKey(ProviderOrganization, on_delete=models.CASCADE, related_name="participations")
    line_of_business = models.ForeignKey("plans.LineOfBusiness", on_delete=models.PROTECT, related_name="+")
    contracted = models.BooleanField(default=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    pcp_panel = models.BooleanField(default=False)
    panel_capacity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="participation_span_ordered",
            )
        ]


class BillingArrangement(models.Model):
    """A billing service that works on behalf of a clinic."""

    billing_service = models.ForeignKey(ProviderOrganization, on_delete=models.CASCADE, related_name="clients")
    client = models.ForeignKey(ProviderOrganization, on_delete=models.CASCADE, related_name="billing_services")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)


# The directory's change requests and attestations, and the applications to join the network, live in their own
# modules; Django finds their models here.
from portico.providers.directory.models import (  # noqa: E402
    DirectoryAttestation,
    DirectoryChange,
    DirectoryChangeField,
    DirectoryReminder,
)
from portico.providers.joining.models import (  # noqa: E402
    ApplicationCheck,
    ApplicationDocument,
    ApplicationPractitioner,
    ApplicationQuestion,
    ChecklistItem,
    NetworkApplication,
)

__all__ = [
    "AccessibilityFeature",
    "Affiliation",
    "ApplicationCheck",
    "ApplicationDocument",
    "ApplicationPractitioner",
    "ApplicationQuestion",
    "BillingArrangement",
    "ChecklistItem",
    "DirectoryAttestation",
    "DirectoryChange",
    "DirectoryChangeField",
    "DirectoryReminder",
    "NetworkApplication",
    "NetworkParticipation",
    "OrganizationKind",
    "Practitioner",
    "ProviderOrganization",
    "ServiceLocation",
]
