"""Accounts: SAML single sign-on (identities at the hub linked to accounts, assertions already used, each
organization's single sign-on settings)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_events"),
        ("providers", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SsoAssertion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("issuer", models.CharField(max_length=255)),
                ("assertion_id", models.CharField(max_length=255)),
                ("expires_at", models.DateTimeField(db_index=True)),
                ("received_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("issuer", "assertion_id"), name="sso_assertion_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="SsoIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("issuer", models.CharField(max_length=255)),
                ("name_id", models.CharField(max_length=255)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("last_sign_in_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sso_identities",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("issuer", "name_id"), name="sso_identity_unique")],
            },
        ),
        migrations.CreateModel(
            name="SsoOrganizationSetting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "allow_provisioning",
                    models.BooleanField(
                        default=False,
                        help_text="Create an account on first sign-in for people the hub says work here.",
                    ),
                ),
                (
                    "default_roles",
                    models.JSONField(blank=True, default=list, help_text="Roles a person created this way gets."),
                ),
                (
                    "honor_role_hints",
                    models.BooleanField(default=False, help_text="Also give the roles the hub names."),
                ),
                (
                    "honored_roles",
                    models.JSONField(blank=True, default=list, help_text="The hub's role hints that are honored."),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("updated_by_id", models.BigIntegerField(blank=True, null=True)),
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sso_setting",
                        to="providers.providerorganization",
                    ),
                ),
            ],
        ),
    ]
