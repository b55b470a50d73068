"""Member resource programs (the catalog, as data with effective dates), the requests providers send for their
members, and each request's timeline.

A program says what it is, who qualifies (the programs of the lines of business whose members it serves — HRSN
supports are Medicaid benefits — and, for some, a season of the year) and what a request must say: an ordered
list of field keys (``form_fields``) from the vocabulary in ``fields``. A request belongs to the organization that
sent it, names one member and the program version in force when it was sent, and keeps what the form said in
``details``.
Every change of status is an event on its timeline; which changes are allowed is ``ALLOWED`` below, enforced by
the services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.members.resources.fields import FIELDS
from portico.plans.models import ProgramKind

SEASON_FORMAT_HELP = "MM-DD, e.g. 05-01; leave both empty for all year."


class ResourceKind(models.TextChoices):
    COVERAGE_HELP = "coverage_help", _("Help applying for or keeping coverage")
    INTERPRETER = "interpreter", _("Interpreter services")
    TRANSPORTATION = "transportation", _("Rides to appointments")
    CLIMATE_DEVICE = "climate_device", _("Climate devices")
    HOUSING = "housing", _("Housing supports")
    NUTRITION = "nutrition", _("Nutrition supports")


def _season_valid(value: str) -> bool:
    if len(value) != 5 or value[2] != "-" or not (value[:2] + value[3:]).isdigit():
        return False
    month, day = int(value[:2]), int(value[3:])
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


class ResourceProgram(models.Model):
    """One program as offered over a span. A change (new fields, a new season) is a new row with a later
    ``effective_start``; the row in force on a day is the latest one started by then and not ended."""

    key = models.SlugField(max_length=40, help_text="A short stable name shared by the program's versions.")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=400, help_text="What the program gives, shown when choosing it.")
    handled_by = models.CharField(max_length=120, blank=True, help_text="Who arranges it, e.g. a vendor.")
    eligible_programs = models.JSONField(
        default=list, help_text="Program kinds of the lines of business whose members qualify (medicaid, ...)."
    )
    coverage_lookback_days = models.PositiveSmallIntegerField(
        default=0, help_text="Members whose coverage ended at most this many days before still qualify."
    )
    season_start = models.CharField(max_length=5, blank=True, help_text=SEASON_FORMAT_HELP)
    season_end = models.CharField(max_length=5, blank=True, help_text=SEASON_FORMAT_HELP)
    min_notice_days = models.PositiveSmallIntegerField(
        default=0, help_text="Days between the request and the appointment, at least (rides, interpreters)."
    )
    form_fields = models.JSONField(default=list, help_text="Field keys the request form asks for, in order.")
    optional_fields = models.JSONField(default=list, blank=True, help_text="Those of the fields that may be empty.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the choice page.")
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "key", "-effective_start"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_start"], name="resource_program_version_unique"),
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="resource_program_span_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(season_start="") & Q(season_end="")) | (~Q(season_start="") & ~Q(season_end="")),
                name="resource_program_season_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_start.isoformat()})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        unknown = [key for key in self.form_fields or [] if key not in FIELDS]
        if unknown:
            errors["form_fields"] = [f"Unknown field keys: {', '.join(unknown)}. Known: {', '.join(sorted(FIELDS))}."]
        stray = [key for key in self.optional_fields or [] if key not in (self.form_fields or [])]
        if stray:
            errors["optional_fields"] = [f"Not among the fields: {', '.join(stray)}."]
        wrong = [p for p in self.eligible_programs or [] if p not in ProgramKind.values]
        if wrong or not self.eligible_programs:
            errors["eligible_programs"] = [f"Name one or more of: {', '.join(ProgramKind.values)}."]
        for name in ("season_start", "season_end"):
            value = getattr(self, name)
            if value and not _season_valid(value):
                errors[name] = [SEASON_FORMAT_HELP]
        if errors:
            raise ValidationError(errors)


class ResourceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_INFORMATION = "needs_information", _("Needs information")
    ARRANGED = "arranged", _("Approved and arranged")
    DENIED = "denied", _("Denied")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which. A provider may withdraw while the request is open; a care coordinator works it.
OPEN_STATUSES = (ResourceStatus.SUBMITTED, ResourceStatus.IN_REVIEW, ResourceStatus.NEEDS_INFORMATION)
ALLOWED: dict[str, frozenset[str]] = {
    ResourceStatus.SUBMITTED: frozenset(
        {
            ResourceStatus.IN_REVIEW,
            ResourceStatus.NEEDS_INFORMATION,
            ResourceStatus.ARRANGED,
            ResourceStatus.DENIED,
            ResourceStatus.WITHDRAWN,
        }
    ),
    ResourceStatus.IN_REVIEW: frozenset(
        {ResourceStatus.NEEDS_INFORMATION, ResourceStatus.ARRANGED, ResourceStatus.DENIED, ResourceStatus.WITHDRAWN}
    ),
    ResourceStatus.NEEDS_INFORMATION: frozenset(
        {ResourceStatus.IN_REVIEW, ResourceStatus.ARRANGED, ResourceStatus.DENIED, ResourceStatus.WITHDRAWN}
    ),
    ResourceStatus.ARRANGED: frozenset({ResourceStatus.COMPLETED}),
    ResourceStatus.DENIED: frozenset(),
    ResourceStatus.COMPLETED: frozenset(),
    ResourceStatus.WITHDRAWN: frozenset(),
}


class ResourceRequest(models.Model):
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="resource_requests")
    program = models.ForeignKey(ResourceProgram, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    line_of_business = models.ForeignKey(
        "plans.LineOfBusiness",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The coverage the member qualified through on the day it is needed.",
    )
    needed_on = models.DateField(help_text="The appointment's date, or the day of the request.")
    details = models.JSONField(default=dict, help_text="What the program's form said, by field key.")
    status = models.CharField(max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    arrangement = models.CharField(
        max_length=300, blank=True, help_text="What was arranged: the vendor, a confirmation number."
    )
    scheduled_for = models.DateField(null=True, blank=True, help_text="When the service or delivery happens.")
    decision_reason = models.TextField(blank=True, help_text="Why it was denied.")
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status", "submitted_at"], name="resource_org_status"),
            models.Index(fields=["status", "needed_on"], name="resource_queue"),
            models.Index(fields=["member", "program"], name="resource_member_program"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="denied") | ~Q(decision_reason=""), name="resource_denial_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["arranged", "completed"]) | ~Q(arrangement=""),
                name="resource_arranged_says_what",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"MR-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ResourceEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Request sent")
    ASSIGNED = "assigned", _("Taken by a care coordinator")
    RELEASED = "released", _("Returned to the queue")
    QUESTION = "question", _("The plan asked a question")
    ANSWER = "answer", _("The provider answered")
    NOTE = "note", _("Note")
    ARRANGED = "arranged", _("Approved and arranged")
    DENIED = "denied", _("Denied")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ResourceEvent(models.Model):
    """One moment on a request's timeline: who, when, the status after it, and text meant for the provider (or,
    with ``for_provider`` off, a care coordinators' note the provider never sees)."""

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ResourceEventKind.choices)
    status = models.CharField(max_length=20, choices=ResourceStatus.choices, help_text="The status after it.")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_plan = models.BooleanField(default=False, help_text="Done by plan staff (else by the provider).")
    note = models.TextField(blank=True)
    for_provider = models.BooleanField(default=True, help_text="Shown on the provider's timeline.")

    class Meta:
        ordering = ["request", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.kind}"
