"""Claims: the professional (CMS-1500 / 837P) and institutional (UB-04 / 837I) data a provider submits, its lines,
and the places the adjudication pipeline and payment runs fill in later.

A claim belongs to the provider organization that submitted it and names one member. On submit it gets the
plan's claim number (ICN). A corrected claim (frequency 7) or a void (frequency 8) points at the claim it
replaces; the earlier claim's status then says so. Lines carry their adjudication results (status, allowed, paid,
member responsibility) and adjustments, each with its group code, CARC/RARC and a plain-language explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from portico.authorizations.models import AuthorizationRequest
from portico.common import texts
from portico.common.money import money_text
from portico.members.models import Member
from portico.plans.models import LineOfBusiness
from portico.providers.models import Practitioner, ProviderOrganization, ServiceLocation

StrOrPromise = str | Promise


class ClaimKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional (CMS-1500)")
    INSTITUTIONAL = "institutional", _("Institutional (UB-04)")


class Frequency(models.TextChoices):
    ORIGINAL = "1", _("Original")
    REPLACEMENT = "7", _("Corrected (replaces an earlier claim)")
    VOID = "8", _("Void (cancels an earlier claim)")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    IN_PROCESS = "in_process", _("In process")
    PENDED = "pended", _("Pended")
    FINALIZED = "finalized", _("Finalized")
    REPLACED = "replaced", _("Replaced by a corrected claim")
    VOIDED = "voided", _("Voided")


# Statuses are never vague: each says what happens next (shown on the list, the detail page and the API).
STATUS_NEXT: dict[str, StrOrPromise] = {
    ClaimStatus.DRAFT: _("Not sent to the plan. Finish it and submit it; nothing happens until then."),
    ClaimStatus.RECEIVED: _(
        "The plan has it and gave it a claim number. Next: adjudication checks eligibility, codes, authorization "
        "and pricing, line by line."
    ),
    ClaimStatus.IN_PROCESS: _("Being adjudicated now. Next: each line is paid, denied or pended for review."),
    ClaimStatus.PENDED: _(
        "A claims examiner is reviewing it; the reason is on the line. Next: the examiner releases, adjusts or "
        "denies it. You need do nothing unless asked."
    ),
    ClaimStatus.FINALIZED: _(
        "Adjudication is done. Next: the payment (or the denial) appears on the next remittance advice."
    ),
    ClaimStatus.REPLACED: _("A corrected claim took its place. Follow the corrected claim; this one is closed."),
    ClaimStatus.VOIDED: _("Cancelled by a void. Any payment made on it is recovered on a later remittance."),
}

# A void (frequency 8) has nothing of its own to pay: once recorded, what happens next is about the claim it cancels.
VOID_NEXT: StrOrPromise = _(
    "The void is recorded and the claim it cancels is closed. If that claim was paid, the next payment run takes "
    "the payment back (a WO adjustment on the remittance); otherwise nothing more happens."
)


def next_step(status: str, frequency: str = "") -> str:
    """What happens next to a claim in ``status``, in plain words (a recorded void has its own)."""
    if frequency == Frequency.VOID and status == ClaimStatus.FINALIZED:
        return str(VOID_NEXT)
    return str(STATUS_NEXT.get(status, ""))


class Outcome(models.TextChoices):
    """What adjudication decided for a finalized claim, from its lines."""

    PAID = "paid", pgettext_lazy("claim outcome", "Paid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    DENIED = "denied", pgettext_lazy("claim outcome", "Denied")


@dataclass(frozen=True)
class LineTally:
    """A claim's lines counted by outcome, with what the plan pays on them."""

    paid: int = 0
    denied: int = 0
    paid_total: Decimal = Decimal("0.00")

    @property
    def outcome(self) -> Outcome | None:
        if self.paid and self.denied:
            return Outcome.PARTLY_PAID
        if self.paid:
            return Outcome.PAID
        return Outcome.DENIED if self.denied else None


@dataclass(frozen=True)
class Standing:
    """Where a claim stands, as the list, the detail page and the API say it: a word and what happens next."""

    label: str
    next_step: str
    outcome: Outcome | None = None


def claim_standing(
    *, status: str, frequency: str, tally: LineTally, remitted_on: dt.date | None, remittance_number: str
) -> Standing:
    """A finalized claim says whether it is paid, partly paid or denied and whether its remittance is out yet;
    any other claim, its status and the status's next step."""
    outcome = tally.outcome
    if status != ClaimStatus.FINALIZED or frequency == Frequency.VOID or outcome is None:
        return Standing(label=str(ClaimStatus(status).label), next_step=next_step(status, frequency))
    facts = {
        "amount": money_text(tally.paid_total),
        "date": date_format(remitted_on, "SHORT_DATE_FORMAT") if remitted_on else "",
        "number": remittance_number,
    }
    denied_lines = (
        " " + str(_("The denied lines say why and what you can do.")) if outcome == Outcome.PARTLY_PAID else ""
    )
    if outcome == Outcome.DENIED:
        text = (
            _(
                "Every line was denied; each says why and what you can do. Reported on the remittance advice of "
                "%(date)s (payment %(number)s)."
            )
            if remitted_on
            else _(
                "Every line was denied; each says why and what you can do. Next: the denial appears on the next "
                "remittance advice."
            )
        )
        return Standing(label=str(outcome.label), next_step=str(text) % facts, outcome=outcome)
    if remitted_on:
        text = _(
            "%(amount)s paid on %(date)s in payment %(number)s. Nothing more happens unless you correct or void "
            "the claim."
        )
        return Standing(label=str(outcome.label), next_step=str(text) % facts + denied_lines, outcome=outcome)
    text = _(
        "Adjudication is done: the plan pays %(amount)s. Next: the weekly payment run sends it, and its remittance "
        "advice lists the claim."
    )
    return Standing(label=str(ClaimStatus.FINALIZED.label), next_step=str(text) % facts + denied_lines, outcome=outcome)


# A claim in these statuses may still be corrected or voided.
REPLACEABLE = (ClaimStatus.RECEIVED, ClaimStatus.IN_PROCESS, ClaimStatus.PENDED, ClaimStatus.FINALIZED)


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Not yet adjudicated")
    PAID = "paid", pgettext_lazy("claim line status", "Paid")
    DENIED = "denied", _("Denied")
    PENDED = "pended", _("Pended for review")


class Claim(models.Model):
    organization = models.ForeignKey(
        ProviderOrganization,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The organization that submitted it (and sees it).",
    )
    icn = models.CharField(
        max_length=20, unique=True, null=True, blank=True, help_text="The plan's claim number, given on submit."
    )
    kind = models.CharField(max_length=14, choices=ClaimKind.choices, default=ClaimKind.PROFESSIONAL)
    frequency = models.CharField(max_length=1, choices=Frequency.choices, default=Frequency.ORIGINAL)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="For a corrected claim or a void: the claim it replaces or cancels.",
    )
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    # Billing provider: the organization as it bills (TIN, NPI, taxonomy as written on the claim).
    billing_tin = models.CharField(max_length=9, blank=True)
    billing_npi = models.CharField(max_length=10, blank=True)
    billing_taxonomy = models.CharField(max_length=10, blank=True)
    rendering_practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_location = models.ForeignKey(
        ServiceLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    member_id_given = models.CharField(max_length=20, blank=True, help_text="The member ID as entered.")
    birth_date_given = models.DateField(null=True, blank=True, help_text="The date of birth as entered.")
    line_of_business = models.ForeignKey(
        LineOfBusiness,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="From the member's coverage on the first date of service.",
    )
    patient_account_number = models.CharField(max_length=38, blank=True)
    # Set by the payment run that reports the claim (paid, or denied on a remittance only).
    remitted_on = models.DateField(null=True, blank=True, help_text="The payment date of its remittance advice.")
    remittance_number = models.CharField(
        max_length=30, blank=True, help_text="That payment's EFT trace or check number."
    )
    total_charge = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    diagnoses = models.JSONField(default=list, blank=True, help_text="ICD-10-CM codes as written, principal first.")
    prior_authorization_number = models.CharField(max_length=20, blank=True)
    authorization = models.ForeignKey(
        AuthorizationRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    first_service_date = models.DateField(null=True, blank=True)
    last_service_date = models.DateField(null=True, blank=True)
    # Institutional (UB-04) fields.
    type_of_bill = models.CharField(max_length=4, blank=True, help_text="Four characters, such as 0131.")
    admission_date = models.DateField(null=True, blank=True)
    admission_type = models.CharField(max_length=1, blank=True)
    admission_source = models.CharField(max_length=1, blank=True)
    discharge_date = models.DateField(null=True, blank=True)
    discharge_status = models.CharField(max_length=2, blank=True, help_text="Patient discharge status code.")
    occurrence_codes = models.JSONField(default=list, blank=True, help_text='[{"code": "11", "date": "2026-06-01"}]')
    value_codes = models.JSONField(default=list, blank=True, help_text='[{"code": "80", "amount": "3.00"}]')
    condition_codes = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Receipt: timely filing counts to here.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A repeated submit (double click, retried API call) finds the first claim instead of a second.
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="claim_idempotency_key_unique_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(member__isnull=False) & Q(submitted_at__isnull=False)),
                name="claim_submitted_has_member_and_receipt",
            ),
            models.CheckConstraint(
                condition=Q(frequency="1", replaces__isnull=True)
                | (~Q(frequency="1") & Q(replaces__isnull=False))
                | Q(status="draft"),
                name="claim_replacement_names_what_it_replaces",
            ),
            models.CheckConstraint(condition=Q(total_charge__gte=0), name="claim_total_charge_not_negative"),
            # One corrected claim or void per claim: a second would race the first.
            models.UniqueConstraint(
                fields=["replaces"],
                condition=Q(replaces__isnull=False) & ~Q(status="draft"),
                name="claim_replaced_once",
            ),
        ]
        indexes = [
            # The provider's claim list (queries.claim_list), newest first, per filter. It first pages ids in an
            # index (the INCLUDE columns let PostgreSQL answer from the index alone), then reads those rows.
            models.Index(fields=["organization", "-created_at", "-id"], name="claim_org_created"),
            models.Index(fields=["organization", "status", "-created_at", "-id"], name="claim_org_status_created"),
            models.Index(
                fields=["organization", "submitted_at"], include=["created_at", "id"], name="claim_org_received_at"
            ),
            models.Index(
                fields=["organization", "first_service_date"],
                include=["last_service_date", "created_at", "id"],
                name="claim_org_dos",
            ),
            # Claims whose service spans several days: those that began before a date-of-service filter's start.
            models.Index(
                fields=["organization", "last_service_date"],
                include=["first_service_date", "created_at", "id"],
                condition=~Q(first_service_date=models.F("last_service_date")),
                name="claim_org_multiday",
            ),
            models.Index(
                fields=["organization", "total_charge"], include=["created_at", "id", "status"], name="claim_org_charge"
            ),
            models.Index(fields=["organization", "patient_account_number"], name="claim_org_account"),
            models.Index(fields=["member", "first_service_date"], name="claim_member_dos"),
            # Drafts saved before the member was found: the member ID as typed.
            models.Index(
                fields=["organization", "member_id_given"],
                condition=Q(member__isnull=True),
                name="claim_org_member_given",
            ),
        ]

    def __str__(self) -> str:
        return self.icn or f"draft {self.pk}"

    # Set for a page of claims at once (queries.tallies_attach) or from lines already read; else read here.
    tally: LineTally | None = None

    @property
    def next_step(self) -> str:
        return self.standing.next_step

    @property
    def standing(self) -> Standing:
        if self.tally is None:
            self.tally = line_tally(self.lines.values_list("status", "paid"))
        return claim_standing(
            status=self.status,
            frequency=self.frequency,
            tally=self.tally,
            remitted_on=self.remitted_on,
            remittance_number=self.remittance_number,
        )


def line_tally(lines: Iterable[tuple[str, Decimal | None]]) -> LineTally:
    """Count (status, paid) pairs of a claim's lines."""
    paid = denied = 0
    total = Decimal("0.00")
    for status, amount in lines:
        if status == LineStatus.PAID:
            paid += 1
            total += amount or 0
        elif status == LineStatus.DENIED:
            denied += 1
    return LineTally(paid=paid, denied=denied, paid_total=total)


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveSmallIntegerField()
    service_from = models.DateField(null=True, blank=True)
    service_to = models.DateField(null=True, blank=True)
    place_of_service = models.CharField(max_length=2, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True, help_text="Institutional: four digits, such as 0450.")
    code = models.CharField(max_length=12, blank=True, help_text="CPT or HCPCS (optional on institutional lines).")
    modifiers = models.JSONField(default=list, blank=True)
    units = models.DecimalField(max_digits=9, decimal_places=3, default=1)
    charge = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    ndc = models.CharField(max_length=11, blank=True, help_text="National Drug Code, 11 digits (5-4-2).")
    ndc_unit = models.CharField(max_length=2, blank=True, help_text="F2, GR, ME, ML or UN.")
    ndc_quantity = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    diagnosis_pointers = models.JSONField(default=list, blank=True, help_text="1-based positions in the diagnoses.")
    # Filled by adjudication.
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING)
    allowed = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    paid = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    member_responsibility = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Why a line is pended for a claims examiner: the rule, and the reason as an untranslated text with its
    # parameters (translated when shown, in the reader's language).
    pend_rule = models.CharField(max_length=30, blank=True)
    pend_reason = models.CharField(max_length=400, blank=True)
    pend_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["claim", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="claim_line_number_unique"),
            models.CheckConstraint(
                condition=Q(service_from__isnull=True)
                | Q(service_to__isnull=True)
                | Q(service_to__gte=models.F("service_from")),
                name="claim_line_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(charge__gte=0), name="claim_line_charge_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.claim} line {self.number}: {self.revenue_code or self.code}"

    @property
    def pend_reason_text(self) -> str:
        return text_fill(self.pend_reason, self.pend_params)


class GroupCode(models.TextChoices):
    CO = "CO", _("Contractual obligation (not billable to the member)")
    PR = "PR", _("Patient responsibility")
    OA = "OA", _("Other adjustment")
    PI = "PI", _("Payer-initiated reduction")
    CR = "CR", _("Correction or reversal")


class ClaimAdjustment(models.Model):
    """One adjustment adjudication made to a line: why the paid amount differs from the charge, in codes and in
    plain words, and what the provider can do about it."""

    line = models.ForeignKey(ClaimLine, on_delete=models.CASCADE, related_name="adjustments")
    group = models.CharField(max_length=2, choices=GroupCode.choices)
    reason = models.CharField(max_length=5, help_text="Claim adjustment reason code (CARC).")
    remark = models.CharField(max_length=5, blank=True, help_text="Remittance advice remark code (RARC).")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    explanation = models.CharField(max_length=400, help_text="What happened, in plain words.")
    provider_action = models.CharField(max_length=400, blank=True, help_text="What the provider can do about it.")
    rule = models.CharField(max_length=60, blank=True, help_text="The adjudication rule that made it.")
    params = models.JSONField(
        default=dict, blank=True, help_text="The values the explanation and action name, filled in when shown."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"{self.group}-{self.reason} {self.amount}"

    @property
    def explanation_text(self) -> str:
        """The explanation in the reader's language (stored untranslated, with its parameters)."""
        return text_fill(self.explanation, self.params)

    @property
    def provider_action_text(self) -> str:
        return text_fill(self.provider_action, self.params)


def text_fill(template: str, params: dict[str, object]) -> str:
    """Translate a stored message and fill in its parameters (``portico.common.texts``: dates in the reader's
    format, nested messages translated); a message that doesn't fit its parameters is shown as stored."""
    return texts.text_fill(template, params)


class ClaimOtherPayer(models.Model):
    """Coordination of benefits: what another payer paid before this claim came to the plan."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="other_payers")
    position = models.PositiveSmallIntegerField()
    payer_name = models.CharField(max_length=100)
    paid_amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "position"]
        constraints = [models.CheckConstraint(condition=Q(paid_amount__gte=0), name="claim_other_paid_not_negative")]

    def __str__(self) -> str:
        return f"{self.payer_name}: {self.paid_amount}"


class ClaimAttachment(models.Model):
    """A PDF or image sent with a claim, kept outside the web root (portico.authorizations.attachments)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=100, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft saved")
    RECEIVED = "received", _("Received")
    STATUS = "status", _("Status changed")
    CORRECTED_BY = "corrected_by", _("Replaced by a corrected claim")
    VOIDED_BY = "voided_by", _("Voided")
    ATTACHED = "attached", _("Attachment added")
    ADJUDICATED = "adjudicated", _("Adjudicated")
    EXAMINER = "examiner", _("Claims examiner's decision")


class ClaimEvent(models.Model):
    """The claim's timeline, as the provider sees it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, blank=True, help_text="The new status.")
    related = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The corrected or void."
    )
    note = models.CharField(max_length=400, blank=True)
    params = models.JSONField(
        default=dict,
        blank=True,
        help_text="An examiner's decision: action, line, CARC, allowed amount (worded when shown).",
    )

    class Meta:
        ordering = ["claim", "at", "id"]

    def __str__(self) -> str:
        return f"{self.claim} {self.kind}"

    @property
    def note_text(self) -> str:
        """The note in the reader's language: an examiner's decision is summed up from ``params`` ("Line 2
        adjusted ...") followed by the note as the examiner wrote it; other notes are shown as stored."""
        template = EXAMINER_SUMMARIES.get(str(self.params.get("action", ""))) if self.params else None
        if template is None:
            return self.note
        return text_fill(template, {**self.params, "note": self.note})


# A claims examiner's decision on the claim's history, worded when shown (``ClaimEvent.params`` holds the values).
EXAMINER_SUMMARIES: dict[str, str] = {
    "released": gettext_noop("Line %(line)s released: %(note)s"),
    "priced": gettext_noop("Line %(line)s released at an allowed amount of %(allowed)s: %(note)s"),
    "adjusted": gettext_noop("Line %(line)s adjusted to an allowed amount of %(allowed)s (CARC %(reason)s): %(note)s"),
    "denied": gettext_noop("Line %(line)s denied (CARC %(reason)s): %(note)s"),
}


# The adjudication pipeline's own data (timely filing limits, authorization units used) lives in its package;
# Django finds the models here.
from portico.claims.adjudication.models import AuthorizationUnitUse, TimelyFilingLimit  # noqa: E402, F401
