"""The privacy statement and terms of use, in versions; who accepted which version, when and from where.

Imported by ``portico.accounts.models`` so that Django registers these models in the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TermsVersion(models.Model):
    """One version of the privacy statement and terms of use, in English and Spanish. The version in force is
    the one with the latest effective date on or before today; publishing a new one sends everyone through
    the terms step again at their next request."""

    version = models.CharField(_("version"), max_length=40, unique=True, help_text=_("A label, such as 2026-1."))
    effective_date = models.DateField(
        _("effective date"), help_text=_("From this day on, everyone must accept this version to use the portal.")
    )
    privacy_statement_en = models.TextField(_("privacy statement (English)"))
    privacy_statement_es = models.TextField(_("privacy statement (Spanish)"))
    terms_en = models.TextField(_("terms of use (English)"))
    terms_es = models.TextField(_("terms of use (Spanish)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "accounts"
        ordering = ["-effective_date", "-id"]
        verbose_name = _("privacy statement and terms version")
        verbose_name_plural = _("privacy statement and terms versions")

    def __str__(self) -> str:
        return f"{self.version} ({self.effective_date:%Y-%m-%d})"

    def _localized(self, english: str, spanish: str) -> str:
        return spanish if (get_language() or "en").startswith("es") and spanish.strip() else english

    @property
    def privacy_statement(self) -> str:
        return self._localized(self.privacy_statement_en, self.privacy_statement_es)

    @property
    def terms(self) -> str:
        return self._localized(self.terms_en, self.terms_es)


class TermsAcceptance(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances")
    version = models.ForeignKey(TermsVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        app_label = "accounts"
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="terms_acceptance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.version_id} at {self.accepted_at:%Y-%m-%d %H:%M}"
