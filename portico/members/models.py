"""Members, their coverage spans, PCP assignments, other insurance and accumulators."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.common.identifiers import is_valid_mbi


def validate_mbi(value: str) -> None:
    if value and not is_valid_mbi(value):
        raise ValidationError(_("%(value)s is not a valid Medicare Beneficiary Identifier."), params={"value": value})


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNKNOWN = "U", _("Unknown")


class DualStatus(models.TextChoices):
    NONE = "none", _("Not dual-eligible")
    FULL = "full", _("Full dual (QMB+ / SLMB+ / FBDE)")
    PARTIAL = "partial", _("Partial dual (QMB / SLMB / QI)")


class TerminationReason(models.TextChoices):
    LOST_ELIGIBILITY = "lost_eligibility", _("Lost eligibility")
    MOVED = "moved", _("Moved out of the service area")
    DISENROLLED = "disenrolled", _("Disenrolled by request")
    DECEASED = "deceased", _("Deceased")
    PLAN_CHANGE = "plan_change", _("Changed plans")
    OTHER = "other", _("Other")


class SubscriberRelationship(models.TextChoices):
    SELF = "18", _("Self")
    SPOUSE = "01", _("Spouse")
    CHILD = "19", _("Child")
    OTHER = "G8", _("Other relationship")


class CoverageLevel(models.TextChoices):
    INDIVIDUAL = "IND", _("Individual")
    FAMILY = "FAM", _("Family")


def name_key(value: str) -> str:
    """How names are matched: case-, accent-blind enough for the front desk, exact otherwise."""
    return " ".join((value or "").upper().replace("-", " ").replace("'", "").split())


class Member(models.Model):
    member_number = models.CharField(max_length=20, unique=True, help_text="The plan's member ID.")
    medicaid_id = models.CharField(max_length=20, blank=True, db_index=True)
    mbi = models.CharField(max_length=11, blank=True, db_index=True, validators=[validate_mbi])
    first_name = models.CharField(max_length=80)
    middle_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    last_name_key = models.CharField(max_length=80, editable=False)
    first_name_key = models.CharField(max_length=80, editable=False)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    address_line1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(max_length=40, blank=True)
    dual_status = models.CharField(max_length=10, choices=DualStatus.choices, default=DualStatus.NONE)
    is_synthetic = models.BooleanField(default=False, help_text="Demo data: a fictional person.")

    class Meta:
        indexes = [models.Index(fields=["last_name_key", "first_name_key", "birth_date"], name="member_name_dob")]

    def save(self, *args: object, **kwargs: object) -> None:
        self.last_name_key = name_key(self.last_name)
        self.first_name_key = name_key(self.first_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def __str__(self) -> str:
        return f"Member {self.member_number}"


class Coverage(models.Model):
    """A span of enrollment in one line of business and benefit plan."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="coverages")
    line_of_business = models.ForeignKey("plans.LineOfBusiness", on_delete=models.PROTECT, related_name="+")
    benefit_plan = models.ForeignKey("plans.BenefitPlan", on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(max_length=30, choices=TerminationReason.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="coverage_span_ordered"
            )
        ]
        indexes = [models.Index(fields=["member", "start"])]
        ordering = ["-start"]

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class PcpAssignment(models.Model):
    """A member's primary care provider: a practitioner at a service location, over a span."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="pcp_assignments")
    practitioner = models.ForeignKey("providers.Practitioner", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey("providers.ServiceLocation", on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="pcp_span_ordered"
            )
        ]
        indexes = [
            models.Index(fields=["member", "start"]),
            models.Index(fields=["location", "start"]),
            models.Index(fields=["practitioner", "start"]),
        ]
        ordering = ["-start"]

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class OtherInsurance(models.Model):
    """Coverage with another payer, for coordination of benefits (``cob_order`` 1 = primary)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="other_insurance")
    payer_name = models.CharField(max_length=120)
    payer_id = models.CharField(max_length=20, blank=True)
    policy_number = models.CharField(max_length=40)
    group_number = models.CharField(max_length=40, blank=True)
    subscriber_relationship = models.CharField(max_length=2, choices=SubscriberRelationship.choices)
    cob_order = models.PositiveSmallIntegerField(help_text="1 primary, 2 secondary, 3 tertiary")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="oi_span_ordered"
            ),
            models.CheckConstraint(condition=Q(cob_order__gte=1) & Q(cob_order__lte=3), name="oi_cob_order_range"),
        ]
        indexes = [models.Index(fields=["member", "start"])]

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Accumulator(models.Model):
    """Deductible and out-of-pocket met so far in one benefit year."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="accumulators")
    benefit_year = models.PositiveSmallIntegerField()
    network = models.CharField(max_length=3, choices=[("in", _("In network")), ("out", _("Out of network"))])
    level = models.CharField(max_length=3, choices=CoverageLevel.choices, default=CoverageLevel.INDIVIDUAL)
    deductible_met = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    oop_met = models.DecimalField(max_digits=10, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "benefit_year", "network", "level"], name="accumulator_unique")
        ]


class MemberAccessGrant(models.Model):
    """An organization may see a member until ``expires_at`` because it asked with matching identifiers."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "member"], name="grant_unique")]


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EligibilityBatch(models.Model):
    """An uploaded CSV of eligibility inquiries, answered row by row in the background."""

    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total_rows = models.PositiveIntegerField()
    processed_rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    language = models.CharField(max_length=10, default="en", help_text="The uploader's language, for messages.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="batch_progress_bounded"
            )
        ]

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else round(100 * self.processed_rows / self.total_rows)


class EligibilityBatchRow(models.Model):
    """One inquiry of a batch: what was asked, and (once answered) the answer's headline."""

    batch = models.ForeignKey(EligibilityBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    member_number_given = models.CharField(max_length=20)
    birth_date_given = models.DateField()
    date_of_service = models.DateField()
    status = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=200, blank=True)
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    line_of_business = models.CharField(max_length=120, blank=True)
    benefit_plan = models.CharField(max_length=120, blank=True)
    coverage_start = models.DateField(null=True, blank=True)
    coverage_end = models.DateField(null=True, blank=True)
    pcp_name = models.CharField(max_length=200, blank=True)
    pcp_clinic = models.CharField(max_length=200, blank=True)
    pcp_phone = models.CharField(max_length=30, blank=True)
    other_insurance = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="batch_row_unique")]


# Member resources (coverage help, interpreters, rides, HRSN supports): the catalog and the requests, in their own
# module.
from portico.members.resources.models import ResourceEvent, ResourceProgram, ResourceRequest  # noqa: E402

__all__ = ["ResourceEvent", "ResourceProgram", "ResourceRequest"]
