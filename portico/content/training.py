"""Training: modules with their text, a short quiz or an attestation, who must take them and how often
(requirements, as data with effective dates), completions per person and per practitioner with a certificate
number, and the reminders already sent (one per recipient, module, due date and kind).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrainingTopic(models.TextChoices):
    FRAUD_WASTE_ABUSE = "fraud_waste_abuse", _("Fraud, waste and abuse")
    MODEL_OF_CARE = "model_of_care", _("Model of Care")
    QUALITY = "quality", _("Quality metrics")
    PORTAL = "portal", _("Portal tutorials")


class CompletionCheck(models.TextChoices):
    """How a person shows they finished a module."""

    QUIZ = "quiz", _("Quiz")
    ATTESTATION = "attestation", _("Attestation")


class TrainingModule(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=30, choices=TrainingTopic.choices)
    summary = models.CharField(max_length=400)
    minutes = models.PositiveSmallIntegerField(default=15, help_text="About how long it takes.")
    completion_check = models.CharField(max_length=20, choices=CompletionCheck.choices)
    pass_percent = models.PositiveSmallIntegerField(default=80, help_text="Share of right answers that passes.")
    attestation_text = models.TextField(blank=True, help_text="What the person attests, for an attestation module.")
    is_published = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__gte=1) & Q(pass_percent__lte=100), name="training_pass_percent_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_quiz(self) -> bool:
        return self.completion_check == CompletionCheck.QUIZ


class TrainingSection(models.Model):
    """One section of a module's text; paragraphs are separated by a blank line."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="training_section_position")]

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class QuizQuestion(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="quiz_question_position")]

    def __str__(self) -> str:
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="quiz_choice_position")]


class RequirementAudience(models.TextChoices):
    EVERYONE = "everyone", _("Every organization")
    LINE_OF_BUSINESS = "line_of_business", _("Organizations serving a line of business")


class RequirementFrequency(models.TextChoices):
    ONCE = "once", _("Once")
    YEARLY = "yearly", _("Every year, by a date")


class TrainingRequirement(models.Model):
    """Who must take a module and how often, over an effective span.

    Once: due ``days_for_newcomers`` days after the person (or practitioner) starts with an organization the
    requirement covers. Yearly: a completion in the calendar year counts; it is due by ``due_month``/``due_day``,
    and someone who starts late in the year has at least ``days_for_newcomers`` days (but no later than
    December 31). A year missed stays overdue until the training is done."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="requirements")
    audience = models.CharField(max_length=20, choices=RequirementAudience.choices)
    line_of_business = models.ForeignKey(
        "plans.LineOfBusiness", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=RequirementFrequency.choices)
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(null=True, blank=True)
    days_for_newcomers = models.PositiveSmallIntegerField(default=90)
    includes_practitioners = models.BooleanField(
        default=False, help_text="The organization's practitioners must take it too, not only its portal users."
    )
    effective_start = models.DateField()
    effective_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["module", "effective_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_end__isnull=True) | Q(effective_end__gte=models.F("effective_start")),
                name="training_requirement_span_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(audience="line_of_business") | Q(line_of_business__isnull=False),
                name="training_requirement_lob_named",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="yearly")
                | (Q(due_month__gte=1) & Q(due_month__lte=12) & Q(due_day__gte=1) & Q(due_day__lte=31)),
                name="training_requirement_yearly_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} ({self.get_frequency_display()})"


class CompletionMethod(models.TextChoices):
    QUIZ = "quiz", _("Passed the quiz")
    ATTESTATION = "attestation", _("Attested")
    RECORDED = "recorded", _("Recorded by the organization's administrator")


class TrainingCompletion(models.Model):
    """A person (``user``) or a practitioner finished a module on a date. Practitioners' completions are recorded
    by an administrator of the organization (``organization``), for training done elsewhere (in person, say)."""

    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="training_completions"
    )
    practitioner = models.ForeignKey(
        "providers.Practitioner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="training_completions",
    )
    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=20, choices=CompletionMethod.choices)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    certificate_number = models.CharField(max_length=24, unique=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(practitioner__isnull=True))
                | (Q(user__isnull=True) & Q(practitioner__isnull=False)),
                name="training_completion_one_subject",
            )
        ]
        indexes = [
            models.Index(fields=["module", "user"], name="training_completion_user"),
            models.Index(fields=["module", "practitioner"], name="training_completion_pract"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number} {self.module}"

    @property
    def subject_name(self) -> str:
        if self.practitioner is not None:
            return self.practitioner.display_name
        assert self.user is not None
        return self.user.get_full_name() or self.user.username


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class TrainingReminder(models.Model):
    """A reminder sent: to a person about their own training, or to an administrator about the organization's
    practitioners. The unique constraint makes the reminder run idempotent."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    about_practitioners = models.BooleanField(default=False)
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["module", "recipient", "organization", "about_practitioners", "due_on", "kind"],
                name="training_reminder_once",
            )
        ]
