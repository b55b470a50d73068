"""Provider updates: articles by category and date, and email subscriptions to them by topic.

A subscription exists only once its address is confirmed (double opt-in): signing up sends a signed link that
carries the address and the topics, and following it creates or changes the subscription. So the database holds
no address that did not ask to be there, and a stranger cannot change someone else's topics.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UpdateCategory(models.TextChoices):
    CLAIMS_BILLING = "claims_billing", _("Claims & billing")
    PRIOR_AUTHORIZATION = "prior_authorization", _("Prior authorization")
    PHARMACY = "pharmacy", _("Pharmacy")
    BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
    MEDICARE = "medicare", _("Medicare")
    NETWORK_NEWS = "network_news", _("Network news")


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ProviderUpdate(models.Model):
    """One article for providers. Public once published; never carries PHI."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(max_length=30, choices=UpdateCategory.choices)
    summary = models.CharField(max_length=400, help_text="One or two sentences: the list, the feed and emails.")
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    status = models.CharField(max_length=12, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="update_published_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == UpdateStatus.PUBLISHED

    @property
    def category_label(self) -> str:
        return str(UpdateCategory(self.category).label)

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]


class UpdateSubscription(models.Model):
    """A confirmed address and the categories it wants by email."""

    email = models.EmailField(max_length=254, unique=True)
    topics = models.JSONField(default=list)
    confirmed_at = models.DateTimeField()
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None


class UpdateDelivery(models.Model):
    """An update emailed to one subscription: makes the email task idempotent."""

    update = models.ForeignKey(ProviderUpdate, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(UpdateSubscription, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "subscription"], name="update_delivery_once")]
