"""The adjudication pipeline's data: timely filing limits (effective-dated, per program or line of business) and
the authorization units each claim line consumed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from portico.plans.models import ProgramKind


class TimelyFilingLimit(models.Model):
    """How many days after the date of service a claim may be received. A limit for a line of business wins over
    its program's; the limit in force on the receipt date applies."""

    program = models.CharField(max_length=30, choices=ProgramKind.choices, blank=True)
    line_of_business = models.ForeignKey(
        "plans.LineOfBusiness", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveIntegerField()
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True)

    class Meta:
        app_label = "claims"
        ordering = ["program", "line_of_business", "-effective_start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(program="") & Q(line_of_business__isnull=False))
                | (~Q(program="") & Q(line_of_business__isnull=True)),
                name="timely_filing_program_or_line_of_business",
            ),
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="timely_filing_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program or self.line_of_business_id}: {self.days} days from {self.effective_start}"


class AuthorizationUnitUse(models.Model):
    """Approved authorization units a claim line used. One row per claim line, so a re-run never counts twice;
    the authorization line is locked while units are counted, so two claims cannot spend the same units."""

    authorization_line = models.ForeignKey(
        "authorizations.AuthorizationLine", on_delete=models.PROTECT, related_name="unit_uses"
    )
    claim_line = models.OneToOneField("claims.ClaimLine", on_delete=models.CASCADE, related_name="authorization_use")
    units = models.DecimalField(max_digits=9, decimal_places=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "claims"
        constraints = [models.CheckConstraint(condition=Q(units__gt=0), name="authorization_use_units_positive")]

    def __str__(self) -> str:
        return f"{self.claim_line_id} used {self.units} of {self.authorization_line_id}"
