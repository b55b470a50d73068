"""Accounts: organizations that register and administer themselves (registration, invitations, attestation)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_sessions_terms"),
        ("providers", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationRegistration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(max_length=20, unique=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("submitted", "Submitted"), ("approved", "Approved"), ("declined", "Declined")],
                        default="submitted",
                        max_length=20,
                    ),
                ),
                ("legal_name", models.CharField(max_length=200)),
                ("tin", models.CharField(max_length=9)),
                ("npis", models.JSONField(default=list, help_text="Organization and practitioner NPIs, as given.")),
                ("address_line1", models.CharField(max_length=200)),
                ("address_line2", models.CharField(blank=True, max_length=200)),
                ("city", models.CharField(max_length=100)),
                ("state", models.CharField(max_length=2)),
                ("postal_code", models.CharField(max_length=10)),
                ("admin_first_name", models.CharField(max_length=100)),
                ("admin_last_name", models.CharField(max_length=100)),
                ("admin_email", models.EmailField(max_length=254)),
                ("admin_phone", models.CharField(max_length=30)),
                ("backup_first_name", models.CharField(max_length=100)),
                ("backup_last_name", models.CharField(max_length=100)),
                ("backup_email", models.EmailField(max_length=254)),
                ("backup_phone", models.CharField(max_length=30)),
                ("submitted_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("decline_reason", models.TextField(blank=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="providers.providerorganization",
                    ),
                ),
            ],
            options={"ordering": ["submitted_at", "pk"]},
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254)),
                ("first_name", models.CharField(max_length=100)),
                ("last_name", models.CharField(max_length=100)),
                ("roles", models.JSONField(default=list)),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "cancelled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="providers.providerorganization",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="invitations",
                        to="accounts.organizationregistration",
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.CreateModel(
            name="PeopleAttestation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField()),
                ("quarter", models.PositiveSmallIntegerField()),
                ("attested_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("people", models.JSONField(default=list)),
                (
                    "attested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="people_attestations",
                        to="providers.providerorganization",
                    ),
                ),
            ],
            options={"ordering": ["-year", "-quarter"]},
        ),
        migrations.CreateModel(
            name="AttestationReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField()),
                ("quarter", models.PositiveSmallIntegerField()),
                (
                    "stage",
                    models.CharField(
                        choices=[("opening", "The quarter's first reminder"), ("closing", "The quarter ends soon")],
                        max_length=10,
                    ),
                ),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("recipients", models.PositiveIntegerField(default=0)),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="providers.providerorganization",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization", "year", "quarter", "stage"), name="attestation_reminder_once"
                    )
                ]
            },
        ),
        migrations.AddIndex(
            model_name="organizationregistration",
            index=models.Index(fields=["status", "submitted_at"], name="registration_queue"),
        ),
        migrations.AddConstraint(
            model_name="organizationregistration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "declined"), _negated=True),
                    models.Q(("decline_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="registration_declined_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="organizationregistration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "approved"), _negated=True),
                    ("organization__isnull", False),
                    _connector="OR",
                ),
                name="registration_approved_has_organization",
            ),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["organization", "created_at"], name="invitation_organization"),
        ),
        migrations.AddConstraint(
            model_name="peopleattestation",
            constraint=models.UniqueConstraint(
                fields=("organization", "year", "quarter"), name="attestation_once_a_quarter"
            ),
        ),
        migrations.AddConstraint(
            model_name="peopleattestation",
            constraint=models.CheckConstraint(
                condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)), name="attestation_quarter_1_to_4"
            ),
        ),
    ]
