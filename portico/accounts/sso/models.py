"""Single sign-on data: identities at the hub linked to accounts, assertions already used, organization settings.

Imported by ``portico.accounts.models`` so that Django registers these models in the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SsoIdentity(models.Model):
    """A person's identity at the hub (issuer + NameID) linked to one Portico account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(max_length=255)
    name_id = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"
        constraints = [models.UniqueConstraint(fields=["issuer", "name_id"], name="sso_identity_unique")]

    def __str__(self) -> str:
        return f"{self.name_id} at {self.issuer}"


class SsoAssertion(models.Model):
    """An assertion already accepted, kept until it expires so that it cannot be played again (replay guard).

    The unique constraint is the guard: two concurrent posts of one assertion cannot both insert it."""

    issuer = models.CharField(max_length=255)
    assertion_id = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "accounts"
        constraints = [models.UniqueConstraint(fields=["issuer", "assertion_id"], name="sso_assertion_unique")]

    def __str__(self) -> str:
        return self.assertion_id


class SsoOrganizationSetting(models.Model):
    """What an organization's administrator allows the hub to do for the organization."""

    organization = models.OneToOneField(
        "providers.ProviderOrganization", on_delete=models.CASCADE, related_name="sso_setting"
    )
    allow_provisioning = models.BooleanField(
        default=False, help_text="Create an account on first sign-in for people the hub says work here."
    )
    default_roles = models.JSONField(default=list, blank=True, help_text="Roles a person created this way gets.")
    honor_role_hints = models.BooleanField(default=False, help_text="Also give the roles the hub names.")
    honored_roles = models.JSONField(default=list, blank=True, help_text="The hub's role hints that are honored.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        app_label = "accounts"

    def __str__(self) -> str:
        return f"SSO settings of organization {self.organization_id}"
