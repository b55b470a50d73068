"""Fee schedules and the Medicare physician fee schedule (MPFS) data some of them are derived from.

A fee schedule applies to a line of business (or all of them), a network status and a kind of provider, or to
one contracted organization. What it pays changes over time in versions, each with the dates of service it
applies to: published versions of one schedule never overlap (``services.fee_schedule_version_publish`` checks,
under a row lock on the schedule). A flat version lists a rate per code and modifier; an MPFS-derived version
pays a percentage of the Medicare amount computed from the RVUs, the locality's GPCIs and a conversion factor,
and may still list flat rates that take precedence for their codes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.providers.models import OrganizationKind


class NetworkStatus(models.TextChoices):
    IN = "in", _("In network (contracted)")
    OUT = "out", _("Out of network")
    NON_CONTRACTED = "non_contracted", _("Non-contracted")


class PricingMethod(models.TextChoices):
    FLAT = "flat", _("Flat rates")
    MPFS = "mpfs", _("Percentage of the Medicare physician fee schedule")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MpfsRelease(models.Model):
    """One loaded CMS relative value file (PPRRVU), e.g. RVU25D, with the conversion factor printed in it."""

    name = models.CharField(max_length=40, unique=True, help_text="Such as RVU25D (CY2025 October release).")
    year = models.PositiveSmallIntegerField()
    conversion_factor = models.DecimalField(max_digits=9, decimal_places=4)
    source_file = models.CharField(max_length=200)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-name"]

    def __str__(self) -> str:
        return self.name


class MpfsRvu(models.Model):
    """One code (and modifier: '' for the global row, 26 or TC for the professional and technical parts)."""

    release = models.ForeignKey(MpfsRelease, on_delete=models.CASCADE, related_name="rvus")
    code = models.CharField(max_length=5)
    modifier = models.CharField(max_length=2, blank=True, default="")
    status = models.CharField(max_length=1, help_text="CMS status indicator: A, R and T are paid on the schedule.")
    work_rvu = models.DecimalField(max_digits=8, decimal_places=2)
    pe_nonfacility_rvu = models.DecimalField(max_digits=8, decimal_places=2)
    pe_facility_rvu = models.DecimalField(max_digits=8, decimal_places=2)
    mp_rvu = models.DecimalField(max_digits=8, decimal_places=2)
    pctc = models.CharField(max_length=1, blank=True, help_text="Professional/technical component indicator.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "code", "modifier"], name="mpfs_rvu_unique")]

    def __str__(self) -> str:
        return f"{self.code}{'-' + self.modifier if self.modifier else ''}"


class MpfsLocality(models.Model):
    """A Medicare payment locality's GPCIs for one calendar year (Addendum E), with the counties it covers."""

    year = models.PositiveSmallIntegerField()
    mac = models.CharField(max_length=5, help_text="Medicare administrative contractor number, e.g. 02302.")
    locality = models.CharField(max_length=2)
    state = models.CharField(max_length=2)
    name = models.CharField(max_length=200)  # CMS's names run past 80 characters ("REST OF ...", county lists)
    work_gpci = models.DecimalField(max_digits=6, decimal_places=3)
    pe_gpci = models.DecimalField(max_digits=6, decimal_places=3)
    mp_gpci = models.DecimalField(max_digits=6, decimal_places=3)
    counties = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "mac", "locality"], name="mpfs_locality_unique")]
        ordering = ["year", "state", "locality"]

    @property
    def key(self) -> str:
        return f"{self.mac}-{self.locality}"

    def __str__(self) -> str:
        return f"{self.year} {self.state} {self.locality} {self.name}"


class FeeSchedule(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    line_of_business = models.ForeignKey(
        "plans.LineOfBusiness",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: every line of business.",
    )
    network_status = models.CharField(max_length=20, choices=NetworkStatus.choices)
    provider_kind = models.CharField(
        max_length=30, choices=OrganizationKind.choices, blank=True, help_text="Empty: every kind of provider."
    )
    organization = models.ForeignKey(
        "providers.ProviderOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A contracted schedule: only this organization's claims, and only its people see it.",
    )
    method = models.CharField(max_length=10, choices=PricingMethod.choices, default=PricingMethod.FLAT)
    locality_mac = models.CharField(max_length=5, blank=True, help_text="MPFS: the GPCI locality's contractor.")
    locality = models.CharField(max_length=2, blank=True, help_text="MPFS: the GPCI locality number, e.g. 01.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="flat") | (~Q(locality_mac="") & ~Q(locality="")),
                name="fee_schedule_mpfs_has_locality",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.organization_id is None


class FeeScheduleVersion(models.Model):
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True)
    # MPFS-derived versions: which RVU release and GPCI year, the conversion factor and the percentage paid.
    mpfs_release = models.ForeignKey(MpfsRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gpci_year = models.PositiveSmallIntegerField(null=True, blank=True)
    conversion_factor = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    percentage = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Percent of the Medicare amount, e.g. 110."
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["schedule", "effective_start"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="fee_schedule_version_number_unique"),
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="fee_schedule_version_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gt=Decimal("0")),
                name="fee_schedule_version_percentage_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.name} v{self.number}"


class FeeScheduleRate(models.Model):
    version = models.ForeignKey(FeeScheduleVersion, on_delete=models.CASCADE, related_name="rates")
    code = models.CharField(max_length=5)
    modifier = models.CharField(max_length=2, blank=True, default="")
    description = models.CharField(max_length=200, blank=True)
    rate = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["code", "modifier"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code", "modifier"], name="fee_schedule_rate_unique"),
            models.CheckConstraint(condition=Q(rate__gte=Decimal("0")), name="fee_schedule_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}{'-' + self.modifier if self.modifier else ''} {self.rate}"
