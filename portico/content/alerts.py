"""Alerts: banners on every page for the providers they concern, from a start to an (optional) end.

Audience is one of: everyone (also shown on public pages), one line of business (organizations with network
participation in it on the day), or one kind of provider organization (``providers.OrganizationKind``: primary
care, behavioral health, dental, hospital …). The kind is the organization's, not a practitioner's taxonomy:
an alert concerns the clinic acting in the portal, and the kind is one field every organization has.

How each level behaves:
- urgent: cannot be dismissed; shown until it ends.
- important: can be hidden for the rest of the session; it comes back at the next sign-in.
- informational: can be dismissed for good (per person).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portico.providers.models import OrganizationKind


class AlertLevel(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    IMPORTANT = "important", _("Important")
    INFORMATIONAL = "informational", _("Informational")


class AlertAudience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone (also shown on public pages)")
    LINE_OF_BUSINESS = "line_of_business", _("Organizations in one line of business")
    PROVIDER_KIND = "provider_kind", _("One kind of provider organization")


class Alert(models.Model):
    level = models.CharField(max_length=16, choices=AlertLevel.choices)
    title = models.CharField(max_length=200, help_text="The banner's text: one sentence.")
    audience = models.CharField(max_length=20, choices=AlertAudience.choices, default=AlertAudience.EVERYONE)
    line_of_business = models.ForeignKey(
        "plans.LineOfBusiness", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_kind = models.CharField(max_length=30, blank=True, help_text="providers.OrganizationKind")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    update = models.ForeignKey(
        "content.ProviderUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    document = models.ForeignKey(
        "content.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="alert_span")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")), name="alert_span_ordered"
            ),
            models.CheckConstraint(
                condition=(
                    Q(audience="everyone", line_of_business__isnull=True, provider_kind="")
                    | Q(audience="line_of_business", line_of_business__isnull=False, provider_kind="")
                    | (Q(audience="provider_kind", line_of_business__isnull=True) & ~Q(provider_kind=""))
                ),
                name="alert_audience_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_dismiss(self) -> bool:
        return self.level != AlertLevel.URGENT

    @property
    def level_label(self) -> str:
        return str(AlertLevel(self.level).label)

    @property
    def audience_label(self) -> str:
        if self.audience == AlertAudience.LINE_OF_BUSINESS and self.line_of_business is not None:
            return self.line_of_business.name
        if self.audience == AlertAudience.PROVIDER_KIND and self.provider_kind in OrganizationKind.values:
            return str(OrganizationKind(self.provider_kind).label)
        return str(_("Everyone"))


class AlertDismissal(models.Model):
    """A person dismissed an informational alert: it stays hidden for them."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="dismissals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "user"], name="alert_dismissal_once")]
