"""People: users, their memberships in provider organizations with roles, staff roles, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderRole(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    ELIGIBILITY = "eligibility", _("Eligibility & benefits")
    CLAIMS = "claims", _("Claims")
    AUTHORIZATIONS = "authorizations", _("Authorizations")
    PAYMENTS = "payments", _("Payments & remittance")
    MESSAGING = "messaging", _("Messaging")


class StaffRole(models.TextChoices):
    UM_REVIEWER = "um_reviewer", _("UM reviewer")
    CLAIMS_EXAMINER = "claims_examiner", _("Claims examiner")
    PROVIDER_RELATIONS = "provider_relations", _("Provider relations")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMINISTRATOR = "administrator", _("Plan administrator")


class User(AbstractUser):
    """A person who signs in: provider staff (through memberships) or plan staff (through staff roles)."""

    staff_roles = models.JSONField(default=list, blank=True)
    preferred_language = models.CharField(max_length=10, blank=True)

    def has_staff_role(self, role: StaffRole) -> bool:
        return role.value in (self.staff_roles or [])

    @property
    def is_plan_staff(self) -> bool:
        return bool(self.staff_roles)


class Membership(models.Model):
    """A user's place in one provider organization, with the roles they hold there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="memberships"
    )
    roles = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    @property
    def role_labels(self) -> list[str]:
        return [str(ProviderRole(r).label) for r in self.roles if r in ProviderRole.values]

    def has_role(self, role: ProviderRole) -> bool:
        return role.value in self.roles or ProviderRole.ADMINISTRATOR.value in self.roles


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey("providers.ProviderOrganization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
