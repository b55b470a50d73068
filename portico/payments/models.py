"""Payments: payment runs, the payments they make to each payee, the claims each pays, and provider-level
adjustments (an overpayment recovered, interest, a balance carried forward).

The invariant: ``Payment.amount == sum(PaymentClaim.paid) + sum(ProviderAdjustment.amount applied in it)``, and
never below zero. A payee whose net would be negative gets a zero-dollar remittance, and the shortfall is carried
to the next run as a forwarding balance (X12 PLB reason FB) instead of a negative payment.

Amounts of provider-level adjustments are signed as they affect the payment: a recovery is negative, interest
positive. (In an 835's PLB segment the sign is the other way round; the 835 seam turns it.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portico.claims.models import Claim
from portico.providers.models import ProviderOrganization


class RunTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled (weekly)")
    MANUAL = "manual", _("Started by staff")


class RunStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    NOTHING_TO_PAY = "nothing", _("Nothing to pay")


class PaymentRun(models.Model):
    """One run of the payment cycle: every finalized claim not yet paid, grouped by payee."""

    trigger = models.CharField(max_length=10, choices=RunTrigger.choices)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.COMPLETED)
    as_of = models.DateField(help_text="The payment date of every payment the run made.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    claim_count = models.PositiveIntegerField(default=0)
    payment_count = models.PositiveIntegerField(default=0)
    total_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"payment run {self.pk} ({self.as_of})"


class PaymentMethod(models.TextChoices):
    EFT = "eft", _("Electronic funds transfer (EFT)")
    CHECK = "check", pgettext_lazy("payment method", "Check")
    NONE = "none", _("No payment (remittance only)")


class Payment(models.Model):
    """What one payee (organization, TIN and billing NPI) is paid in one run, by EFT or check."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="payments")
    organization = models.ForeignKey(ProviderOrganization, on_delete=models.PROTECT, related_name="payments")
    payee_name = models.CharField(max_length=200)
    tin = models.CharField(max_length=9)
    npi = models.CharField(max_length=10, blank=True)
    method = models.CharField(max_length=5, choices=PaymentMethod.choices)
    trace_number = models.CharField(
        max_length=30, unique=True, help_text="The EFT trace number or the check number (the 835's TRN02)."
    )
    payment_date = models.DateField()
    claims_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    adjustments_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-payment_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            # Rounded to cents: SQLite adds its decimal columns as floating point (15029.37 + -182.41 would not
            # equal 14846.96 there); PostgreSQL's numeric sum is exact either way.
            models.CheckConstraint(
                condition=Q(amount=Round(models.F("claims_total") + models.F("adjustments_total"), 2)),
                name="payment_amount_is_claims_plus_adjustments",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "payment_date"], name="payment_org_date"),
            models.Index(fields=["organization", "amount"], name="payment_org_amount"),
        ]

    def __str__(self) -> str:
        return self.trace_number


class PaymentClaim(models.Model):
    """A claim on a payment. A claim is paid once: the unique claim keeps two runs from paying it twice."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="claims")
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment_claim")
    charge = models.DecimalField(max_digits=12, decimal_places=2)
    paid = models.DecimalField(max_digits=12, decimal_places=2)
    member_responsibility = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["payment", "id"]

    def __str__(self) -> str:
        return f"{self.claim} on {self.payment}"


class AdjustmentReason(models.TextChoices):
    """X12 provider-level adjustment (PLB) reason codes Portico uses."""

    WO = "WO", _("Overpayment recovery")
    L6 = "L6", _("Interest owed")
    FB = "FB", _("Forwarding balance")


class ProviderAdjustment(models.Model):
    """An adjustment to a payee's payment that belongs to no one claim line; waits until a run applies it."""

    organization = models.ForeignKey(ProviderOrganization, on_delete=models.PROTECT, related_name="+")
    tin = models.CharField(max_length=9)
    npi = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=2, choices=AdjustmentReason.choices)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="As it affects the payment: negative recovers, positive adds."
    )
    reference = models.CharField(max_length=50, blank=True, help_text="The claim number or letter it refers to.")
    note = models.CharField(max_length=300, blank=True, help_text="In plain words, shown on the remittance.")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="A claim it recovers."
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="adjustments", help_text="Applied in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="provider_adjustment_not_zero"),
            # A voided claim's payment is recovered once.
            models.UniqueConstraint(
                fields=["claim"], condition=Q(claim__isnull=False), name="provider_adjustment_recovers_claim_once"
            ),
        ]
        indexes = [models.Index(fields=["organization", "tin", "npi"], name="provider_adjustment_payee")]

    def __str__(self) -> str:
        return f"{self.reason} {self.amount}"
