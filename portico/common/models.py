"""The shared kernel's data: the audit trail of every read and write of member data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    API = "api", _("JSON API")
    X12 = "x12", _("X12")
    FHIR = "fhir", _("FHIR")
    BATCH = "batch", _("Batch")


class AccessAction(models.TextChoices):
    ELIGIBILITY_INQUIRY = "eligibility.inquiry", _("Eligibility inquiry")
    ELIGIBILITY_NOT_FOUND = "eligibility.not_found", _("Eligibility inquiry: no match")
    MEMBER_VIEW = "member.view", _("Member viewed")
    MEMBER_DENIED = "member.denied", _("Member out of scope (answered not found)")
    ROSTER_VIEW = "roster.view", _("PCP roster viewed")
    ROSTER_EXPORT = "roster.export", _("PCP roster downloaded")
    ROSTER_DENIED = "roster.denied", _("Roster out of scope (answered not found)")
    BATCH_RESULT_VIEW = "batch.view", _("Batch eligibility results viewed")
    AUTHORIZATION_LIST = "authorization.list", _("Authorization requests listed")
    AUTHORIZATION_VIEW = "authorization.view", _("Authorization request viewed")
    AUTHORIZATION_DENIED = "authorization.denied", _("Authorization request out of scope (answered not found)")
    AUTHORIZATION_ATTACHMENT = "authorization.attachment", _("Authorization attachment downloaded")
    AUTHORIZATION_QUEUE = "authorization.queue", _("Authorization review queue listed")
    AUTHORIZATION_REVIEW = "authorization.review", _("Authorization request opened for review")
    AUTHORIZATION_LETTER = "authorization.letter", _("Determination letter downloaded")
    CLAIM_LIST = "claim.list", _("Claims listed")
    CLAIM_VIEW = "claim.view", _("Claim viewed")
    CLAIM_DENIED = "claim.denied", _("Claim out of scope (answered not found)")
    CLAIM_ATTACHMENT = "claim.attachment", _("Claim attachment downloaded")
    AUDIT_SEARCH = "audit.search", _("Access events searched")
    AUDIT_EXPORT = "audit.export", _("Access events exported")


class AccessEvent(models.Model):
    """Who, for which organization, saw or did what to which member, through which channel, when, from where.

    Members and organizations are kept as plain ids, not foreign keys: the trail must outlive what it
    describes, and the shared kernel depends on no domain app.
    """

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization_id = models.BigIntegerField(null=True, blank=True)
    member_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=40, choices=AccessAction.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    detail = models.CharField(max_length=200, blank=True, help_text="What was seen, without PHI.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member_id", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} member={self.member_id}"
