"""Health plans, lines of business, benefit plans and their effective-dated benefits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ProgramKind(models.TextChoices):
    MEDICAID = "medicaid", _("Medicaid")
    MEDICARE_ADVANTAGE = "medicare_advantage", _("Medicare Advantage")
    COMMERCIAL = "commercial", _("Commercial")


class ServiceType(models.TextChoices):
    """X12 5010 service type codes (EB03/EQ01): the CAQH CORE required set and a few more."""

    PLAN_COVERAGE = "30", _("Health benefit plan coverage")
    MEDICAL_CARE = "1", _("Medical care")
    SURGICAL = "2", _("Surgical")
    DIAGNOSTIC_XRAY = "4", _("Diagnostic X-ray")
    DIAGNOSTIC_LAB = "5", _("Diagnostic lab")
    RADIATION_THERAPY = "6", _("Radiation therapy")
    ANESTHESIA = "7", _("Anesthesia")
    SURGICAL_ASSISTANCE = "8", _("Surgical assistance")
    DME_PURCHASE = "12", _("Durable medical equipment purchase")
    AMBULATORY_SURGICAL_FACILITY = "13", _("Ambulatory service center facility")
    DME_RENTAL = "18", _("Durable medical equipment rental")
    SECOND_SURGICAL_OPINION = "20", _("Second surgical opinion")
    CHIROPRACTIC = "33", _("Chiropractic")
    DENTAL = "35", _("Dental care")
    ORAL_SURGERY = "40", _("Oral surgery")
    HOME_HEALTH = "42", _("Home health care")
    HOSPICE = "45", _("Hospice")
    HOSPITAL = "47", _("Hospital")
    HOSPITAL_INPATIENT = "48", _("Hospital - inpatient")
    HOSPITAL_OUTPATIENT = "50", _("Hospital - outpatient")
    HOSPITAL_EMERGENCY_ACCIDENT = "51", _("Hospital - emergency accident")
    HOSPITAL_EMERGENCY_MEDICAL = "52", _("Hospital - emergency medical")
    HOSPITAL_AMBULATORY_SURGICAL = "53", _("Hospital - ambulatory surgical")
    MRI_CT = "62", _("MRI/CAT scan")
    NEWBORN_CARE = "65", _("Newborn care")
    WELL_BABY = "68", _("Well baby care")
    DIAGNOSTIC_MEDICAL = "73", _("Diagnostic medical")
    DIALYSIS = "76", _("Dialysis")
    CHEMOTHERAPY = "78", _("Chemotherapy")
    IMMUNIZATIONS = "80", _("Immunizations")
    ROUTINE_PHYSICAL = "81", _("Routine physical")
    FAMILY_PLANNING = "82", _("Family planning")
    EMERGENCY_SERVICES = "86", _("Emergency services")
    PHARMACY = "88", _("Pharmacy")
    PODIATRY = "93", _("Podiatry")
    OFFICE_VISIT = "98", _("Professional (physician) visit - office")
    INPATIENT_VISIT = "99", _("Professional (physician) visit - inpatient")
    OUTPATIENT_VISIT = "A0", _("Professional (physician) visit - outpatient")
    HOME_VISIT = "A3", _("Professional (physician) visit - home")
    PSYCHIATRIC = "A4", _("Psychiatric")
    PSYCHOTHERAPY = "A6", _("Psychotherapy")
    PSYCHIATRIC_INPATIENT = "A7", _("Psychiatric - inpatient")
    PSYCHIATRIC_OUTPATIENT = "A8", _("Psychiatric - outpatient")
    OCCUPATIONAL_THERAPY = "AD", _("Occupational therapy")
    PHYSICAL_MEDICINE = "AE", _("Physical medicine")
    SPEECH_THERAPY = "AF", _("Speech therapy")
    SKILLED_NURSING = "AG", _("Skilled nursing care")
    SUBSTANCE_ABUSE = "AI", _("Substance use disorder")
    VISION = "AL", _("Vision (optometry)")
    CARDIAC_REHAB = "BG", _("Cardiac rehabilitation")
    PEDIATRIC = "BH", _("Pediatric")
    MENTAL_HEALTH = "MH", _("Mental health")
    URGENT_CARE = "UC", _("Urgent care")


# Computed once: TextChoices rebuilds .values and .choices on every access, and eligibility asks per inquiry.
SERVICE_TYPE_CODES: frozenset[str] = frozenset(ServiceType.values)
SERVICE_TYPE_LABELS: dict[str, StrOrPromise] = dict(ServiceType.choices)  # lazy labels: translated when shown

# The default set an eligibility answer covers when the inquirer names none (CORE-like: generic 30
# plus the service types front desks ask about most).
DEFAULT_SERVICE_TYPES: tuple[str, ...] = (
    "30", "1", "33", "35", "47", "48", "50", "86", "88", "98", "A4", "AL", "MH", "UC",
)  # fmt: skip


class Network(models.TextChoices):
    IN = "in", _("In network")
    OUT = "out", _("Out of network")


class HealthPlan(models.Model):
    name = models.CharField(max_length=120)
    payer_id = models.CharField(max_length=20, unique=True, help_text="Payer identifier used in X12.")
    phone = models.CharField(max_length=30, blank=True)

    def __str__(self) -> str:
        return self.name


class LineOfBusiness(models.Model):
    plan = models.ForeignKey(HealthPlan, on_delete=models.PROTECT, related_name="lines_of_business")
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    program = models.CharField(max_length=30, choices=ProgramKind.choices)
    product = models.CharField(max_length=60, blank=True, help_text="CCO, HMO D-SNP, ...")

    class Meta:
        verbose_name_plural = "lines of business"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BenefitPlan(models.Model):
    line_of_business = models.ForeignKey(LineOfBusiness, on_delete=models.PROTECT, related_name="benefit_plans")
    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=120)
    benefit_year_start_month = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Benefit(models.Model):
    """What a benefit plan pays for one service type in or out of network, over an effective span."""

    benefit_plan = models.ForeignKey(BenefitPlan, on_delete=models.CASCADE, related_name="benefits")
    service_type = models.CharField(max_length=2, choices=ServiceType.choices)
    network = models.CharField(max_length=3, choices=Network.choices)
    covered = models.BooleanField(default=True)
    copay = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    coinsurance_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    deductible_individual = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    deductible_family = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    oop_max_individual = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    oop_max_family = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    visit_limit = models.PositiveIntegerField(null=True, blank=True)
    visit_limit_period = models.CharField(max_length=20, blank=True, help_text="e.g. benefit year")
    authorization_required = models.BooleanField(default=False)
    notes = models.CharField(max_length=300, blank=True)
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="benefit_span_ordered",
            ),
            models.UniqueConstraint(
                fields=["benefit_plan", "service_type", "network", "effective_start"],
                name="benefit_unique_per_start",
            ),
        ]
        indexes = [models.Index(fields=["benefit_plan", "service_type", "network", "effective_start"])]

    def __str__(self) -> str:
        return f"{self.benefit_plan.code} {self.service_type} {self.network}"
