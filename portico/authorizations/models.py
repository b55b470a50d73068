"""Prior-authorization requests and their lines, attachments and timeline.

A request belongs to the provider organization that submitted it and names one member. Each line is routed on
its own by the requirement check (``portico.codes.requirements``): not required, to a specialty vendor, or to
the plan's utilization management; each line has its own status, decision and due time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.codes.models import CodeListVersion, ReviewVendor
from portico.members.models import Member
from portico.plans.models import LineOfBusiness
from portico.providers.models import Practitioner, ProviderOrganization, ServiceLocation


class CareSetting(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient")
    INPATIENT = "inpatient", _("Inpatient admission")
    BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
    DME = "dme", _("Durable medical equipment")
    HOME_HEALTH = "home_health", _("Home health")


class Urgency(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EXPEDITED = "expedited", _("Expedited")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PENDED = "pended", _("More information requested")
    APPEALED = "appealed", _("Appeal in review")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LineRoute(models.TextChoices):
    NOT_REQUIRED = "not_required", _("No authorization needed")
    VENDOR = "vendor", _("Specialty vendor")
    PLAN = "plan", _("Plan utilization management")


class LineStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    IN_REVIEW = "in_review", _("In review")
    PENDED = "pended", _("More information requested")
    PEER_TO_PEER = "peer_to_peer", _("Peer-to-peer requested")
    APPEALED = "appealed", _("Appeal in review")
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuthorizationRequest(models.Model):
    organization = models.ForeignKey(ProviderOrganization, on_delete=models.PROTECT, related_name="authorizations")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="authorizations")
    line_of_business = models.ForeignKey(
        LineOfBusiness, null=True, blank=True, on_delete=models.PROTECT, related_name="authorizations"
    )
    number = models.CharField(max_length=20, unique=True, null=True, blank=True, help_text="Given on submit.")
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    setting = models.CharField(max_length=20, choices=CareSetting.choices, default=CareSetting.OUTPATIENT)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.STANDARD)
    expedited_attested = models.BooleanField(
        default=False, help_text="The requester attests that waiting could seriously jeopardize the member's health."
    )
    requesting_practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    servicing_practitioner = models.ForeignKey(
        Practitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    servicing_location = models.ForeignKey(
        ServiceLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facility_name = models.CharField(max_length=200, blank=True, help_text="Where the service happens, if elsewhere.")
    member_id_given = models.CharField(
        max_length=20, blank=True, help_text="The member ID as entered; the member is found from it on submit."
    )
    birth_date_given = models.DateField(null=True, blank=True, help_text="The date of birth as entered.")
    diagnoses = models.JSONField(default=list, blank=True, help_text="ICD-10-CM codes as written, primary first.")
    clinical_notes = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Receipt: the decision clocks start here.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A repeated submit (double click, retried API call) finds the first request instead of a second.
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="authorization_idempotency_key_unique_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(member__isnull=False) & Q(submitted_at__isnull=False)),
                name="authorization_submitted_has_member_and_receipt",
            ),
            models.CheckConstraint(
                condition=~Q(urgency="expedited") | Q(expedited_attested=True) | Q(status="draft"),
                name="authorization_expedited_is_attested",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "created_at"], name="authorization_org_status"),
            models.Index(fields=["member", "status"], name="authorization_member_status"),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk}"


class AuthorizationLine(models.Model):
    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12, help_text="CPT or HCPCS, as written.")
    modifiers = models.JSONField(default=list, blank=True)
    units = models.PositiveIntegerField(default=1)
    start = models.DateField(null=True, blank=True, help_text="First date of service.")
    end = models.DateField(null=True, blank=True, help_text="Last date of service.")
    place_of_service = models.CharField(max_length=2, blank=True)
    route = models.CharField(max_length=12, choices=LineRoute.choices, blank=True)
    vendor = models.ForeignKey(ReviewVendor, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    category = models.CharField(max_length=80, blank=True)
    routed_by = models.ForeignKey(
        CodeListVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The list version that decided the route, if a list did.",
    )
    route_reason = models.CharField(max_length=400, blank=True)
    status = models.CharField(max_length=20, choices=LineStatus.choices, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the decision is due.")
    decided_units = models.PositiveIntegerField(null=True, blank=True)
    decided_start = models.DateField(null=True, blank=True)
    decided_end = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decision_criteria = models.CharField(max_length=400, blank=True, help_text="Criteria or policy cited.")
    decided_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extended_at = models.DateTimeField(null=True, blank=True, help_text="When the deadline was extended (once).")
    extension_reason = models.CharField(max_length=400, blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True, help_text="When the provider appealed (once).")
    appeal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="authorization_line_number_unique"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="authorization_line_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(route="vendor") | Q(vendor__isnull=False), name="authorization_vendor_line_names_vendor"
            ),
        ]
        indexes = [models.Index(fields=["route", "status", "due_at"], name="authorization_line_queue")]

    def __str__(self) -> str:
        return f"{self.request} line {self.number}: {self.code}"


class AuthorizationAttachment(models.Model):
    """A PDF or image sent with a request, kept outside the web root and served only to who may see the request."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=100, unique=True, help_text="Random name under the private folder.")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60, help_text="Detected from the content, not from the name.")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("Hours (elapsed)")
    DAYS = "days", _("Calendar days")


class DecisionDeadline(models.Model):
    """How long the reviewer has to decide, from receipt: data with an effective date, per line of business.

    A row without a line of business applies to every line of business that has none of its own. Without any
    row the defaults apply: 72 hours for expedited requests, 7 calendar days for standard ones (CMS-0057-F).
    """

    line_of_business = models.ForeignKey(
        LineOfBusiness, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=5, choices=DeadlineUnit.choices)
    effective = models.DateField(help_text="First day of receipt this deadline applies to.")
    extension_days = models.PositiveIntegerField(
        default=14, help_text="Calendar days the reviewer may extend the deadline by, once per line; 0: never."
    )
    clock_stops_when_pended = models.BooleanField(
        default=False,
        help_text="While the request waits for the provider's answer, the clock stops: on the answer the due "
        "time moves by the time waited.",
    )

    class Meta:
        ordering = ["line_of_business", "urgency", "-effective"]
        constraints = [
            models.UniqueConstraint(
                fields=["line_of_business", "urgency", "effective"], name="decision_deadline_unique_per_day"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="decision_deadline_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.line_of_business or 'all'} {self.urgency}: {self.amount} {self.unit} from {self.effective}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    ROUTED = "routed", _("Line routed")
    ATTACHED = "attached", _("Attachment added")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ASSIGNED = "assigned", _("Reviewer assigned")
    RELEASED = "released", _("Returned to the queue")
    INFO_REQUESTED = "info_requested", _("More information requested")
    INFO_ANSWERED = "info_answered", _("Information sent")
    EXTENDED = "extended", _("Deadline extended")
    DECIDED = "decided", _("Decided")
    PEER_TO_PEER = "peer_to_peer", _("Peer-to-peer requested")
    APPEALED = "appealed", _("Appealed")
    REMINDER = "reminder", _("Decision due soon")
    ESCALATED = "escalated", _("Decision overdue: escalated")


# Kinds only plan and vendor staff see on the timeline.
STAFF_ONLY_EVENTS = (EventKind.ASSIGNED, EventKind.RELEASED, EventKind.REMINDER, EventKind.ESCALATED)
DEADLINE_ALERTS = (EventKind.REMINDER, EventKind.ESCALATED)


class AuthorizationEvent(models.Model):
    """The request's timeline, as the provider and the reviewers see it. Never carries PHI beyond the request."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="events")
    line = models.ForeignKey(AuthorizationLine, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=400, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="For deadline alerts: the due time alerted.")

    class Meta:
        ordering = ["request", "at", "id"]
        constraints = [
            # The sweep may run any number of times: one reminder and one escalation per line and due time.
            models.UniqueConstraint(
                fields=["line", "kind", "due_at"],
                condition=Q(kind__in=["reminder", "escalated"]),
                name="authorization_deadline_alert_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.kind}"


class VendorReviewer(models.Model):
    """A reviewer who works for a specialty vendor: with the UM reviewer staff role, sees only that vendor's
    lines. A UM reviewer without this row is plan staff and sees only the plan's lines."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_reviewer")
    vendor = models.ForeignKey(ReviewVendor, on_delete=models.PROTECT, related_name="reviewers")

    def __str__(self) -> str:
        return f"{self.user} ({self.vendor})"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    DENIED = "denied", _("Denied")
    PEER_TO_PEER = "peer_to_peer", _("Peer-to-peer requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuthorizationDecision(models.Model):
    """One decision on one line, kept for good: a denial stays on record after an approval on appeal."""

    line = models.ForeignKey(AuthorizationLine, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    units = models.PositiveIntegerField(null=True, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    criteria = models.CharField(max_length=400, blank=True)
    on_appeal = models.BooleanField(default=False, help_text="Decided on the provider's appeal.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["line", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="denied") | (~Q(reason="") & ~Q(criteria="")),
                name="authorization_denial_has_reason_and_criteria",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="authorization_decision_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.outcome}"


class DeterminationLetter(models.Model):
    """The letter a decision produces, as PDF bytes kept with the decision (written in the same transaction)."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="letters")
    decision = models.OneToOneField(AuthorizationDecision, on_delete=models.CASCADE, related_name="letter")
    filename = models.CharField(max_length=100)
    content = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["request", "created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class InformationRequest(models.Model):
    """The reviewer's question to the provider; the lines it pends wait for the answer."""

    request = models.ForeignKey(AuthorizationRequest, on_delete=models.CASCADE, related_name="information_requests")
    lines = models.ManyToManyField(AuthorizationLine, related_name="+")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    clock_stopped = models.BooleanField(default=False, help_text="The deadline rule stops the clock while pended.")
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "asked_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} question {self.pk}"
