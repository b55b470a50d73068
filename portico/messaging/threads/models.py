"""Secure message threads between a provider organization and a plan team, and the teams themselves.

Teams are data (name, what they handle, phone, hours, reply target in business days, staff members), managed by
plan administrators in the back office. A thread belongs to one organization and one team; it may name one thing
it is about (``link_kind`` + ``link_id``: a member, an authorization request, later a claim — see ``links``).
Every provider message that leaves the plan owing an answer starts a wait with a due time (``Message.due_at``,
received + the team's reply target in business days); the plan's next reply ends every open wait
(``Message.answered_at``). Those waits are what the reply-target report counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REPLY_TARGET_DAYS = 2


class PlanTeam(models.Model):
    """A team at the plan that providers can write to (claims, utilization management, ...)."""

    key = models.SlugField(max_length=40, unique=True, help_text="A short stable name, e.g. claims.")
    name = models.CharField(max_length=100)
    handles = models.CharField(
        max_length=300, help_text="What the team handles, in a few words (the contact form's choices)."
    )
    phone = models.CharField(max_length=40, blank=True)
    hours = models.CharField(max_length=120, blank=True)
    reply_target_days = models.PositiveSmallIntegerField(
        default=DEFAULT_REPLY_TARGET_DAYS, help_text="Business days the team has to answer a message."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the contact page.")
    accepts_messages = models.BooleanField(default=True, help_text="Off: shown on the contact page, no messages.")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="plan_teams", help_text="Plan staff who work its inbox."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class BusinessHoliday(models.Model):
    """A day the plan's teams are closed (US federal holidays, as observed, and any the plan adds): not a business
    day for reply targets."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the plan")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class ThreadTopic(models.TextChoices):
    CLAIM = "claim", _("A claim or payment")
    AUTHORIZATION = "authorization", _("A prior authorization")
    ELIGIBILITY = "eligibility", _("Eligibility or benefits")
    MEMBER = "member", _("A member's care or services")
    PHARMACY = "pharmacy", _("Pharmacy or medications")
    CONTRACTING = "contracting", _("Contracting, credentialing or directory data")
    PORTAL = "portal", _("Using the portal, training")
    OTHER = "other", _("Something else")


class MessageThread(models.Model):
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(PlanTeam, on_delete=models.PROTECT, related_name="threads")
    subject = models.CharField(max_length=150)
    topic = models.CharField(max_length=20, choices=ThreadTopic.choices)
    status = models.CharField(max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    # What the thread is about, if anything: a kind registered in ``links`` and the object's id. No choices: a new
    # kind (claims) plugs in without a migration.
    link_kind = models.CharField(max_length=20, blank=True)
    link_id = models.BigIntegerField(null=True, blank=True)
    link_label = models.CharField(max_length=60, blank=True, help_text="The reference shown, e.g. a request number.")
    member_id = models.BigIntegerField(
        null=True, blank=True, help_text="The member the link concerns (for the access trail), if any."
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the plan's answer is due, while waiting.")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "last_message_at"], name="thread_organization"),
            models.Index(fields=["team", "status", "due_at"], name="thread_team_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(link_kind="", link_id__isnull=True)
                | (~models.Q(link_kind="") & models.Q(link_id__isnull=False)),
                name="thread_link_complete",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"MSG-{self.pk:06d}"


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_plan = models.BooleanField(help_text="Written by plan staff (else by the provider organization).")
    body = models.TextField()
    created_at = models.DateTimeField()
    # A provider message that started a wait for the plan's answer: when the answer is due and when it came.
    due_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "created_at", "id"]
        indexes = [models.Index(fields=["due_at"], name="message_reply_target")]

    def __str__(self) -> str:
        return f"{self.thread} message {self.pk}"


class MessageAttachment(models.Model):
    """A PDF or image sent with a message: checked by its content, stored privately, downloaded only by who may
    see the thread."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=100, unique=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["message", "id"]

    def __str__(self) -> str:
        return self.original_name


class ThreadRead(models.Model):
    """When a person last read a thread: anything newer by someone else is unread for them."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_read_unique")]


class OrganizationContact(models.Model):
    """The organization's own provider relations specialist, shown on its "Contact us" page."""

    organization = models.OneToOneField(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="plan_contact"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A provider relations staff member.",
    )
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.organization}: {self.specialist}"
