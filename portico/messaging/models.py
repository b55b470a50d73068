"""Notifications: what a person finds under "Notifications" in the portal, and, when they asked for it, an email
that only says there is something to read (never PHI: no member, no request number, no text — only a link).

A notification's text is kept as an untranslated message (marked with ``gettext_noop`` where it is written) and
its parameters, and is translated when shown, so each person reads it in their own language. Parameters carry
reference numbers and line numbers, never a member's name, identifiers or clinical text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NotificationTopic(models.TextChoices):
    """What a notification is about; each person chooses, per topic, whether it also comes by email."""

    AUTHORIZATION_ACTION = "authorization_action", _("A prior-authorization request of mine needs my answer")
    AUTHORIZATION_UPDATE = "authorization_update", _("Decisions and deadline changes on my authorization requests")
    REVIEW_WORK = "review_work", _("Review work: answers from providers, appeals, deadlines near or past")
    ORGANIZATION_PEOPLE = "organization_people", _("My organization's people and roles: the quarterly check")
    MESSAGES = "messages", _("New secure messages")
    DIRECTORY_DATA = "directory_data", _("My organization's directory data: changes and the 90-day attestation")
    TRAINING = "training", _("Training due or overdue: mine, and my organization's practitioners'")
    MEMBER_RESOURCES = "member_resources", _("Member resource requests: the plan's questions and decisions")


# The topics a provider person and a reviewer can choose from on their settings page.
PROVIDER_TOPICS = (
    NotificationTopic.AUTHORIZATION_ACTION,
    NotificationTopic.AUTHORIZATION_UPDATE,
    NotificationTopic.TRAINING,  # every provider person takes training; administrators hear of practitioners'
)
REVIEWER_TOPICS = (NotificationTopic.REVIEW_WORK,)
ADMINISTRATOR_TOPICS = (  # for organization administrators
    NotificationTopic.ORGANIZATION_PEOPLE,
    NotificationTopic.DIRECTORY_DATA,
)
MESSAGING_TOPICS = (NotificationTopic.MESSAGES,)  # providers with the Messaging role, staff in a plan team
# Member resource requests: providers with the Eligibility role (their requests), care coordinators (answers).
RESOURCE_TOPICS = (NotificationTopic.MEMBER_RESOURCES,)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organization_id = models.BigIntegerField(
        null=True, blank=True, help_text="The provider organization it concerns, if any (shown beside it)."
    )
    topic = models.CharField(max_length=30, choices=NotificationTopic.choices)
    message = models.CharField(max_length=200, help_text="Untranslated text with %(name)s parameters.")
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, help_text="A path inside the portal.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False, help_text="The person asked for this topic by email.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the current language, with its parameters."""
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)


class NotificationPreference(models.Model):
    """A person's choice to get one topic by email too. No row: in the portal only (email is opt-in)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=30, choices=NotificationTopic.choices)
    email = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="notification_preference_unique")]


# Secure message threads, plan teams and the contact page: their own module.
from portico.messaging.threads.models import (  # noqa: E402
    BusinessHoliday,
    Message,
    MessageAttachment,
    MessageThread,
    OrganizationContact,
    PlanTeam,
    ThreadRead,
)

__all__ = [
    "BusinessHoliday",
    "Message",
    "MessageAttachment",
    "MessageThread",
    "OrganizationContact",
    "PlanTeam",
    "ThreadRead",
]
