"""Content: the document library (forms, policies, manuals, fee schedules, code lists)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_alerts_updates"),
        ("plans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("form", "Form"),
                            ("policy", "Policy"),
                            ("manual", "Manual"),
                            ("fee_schedule", "Fee schedule"),
                            ("code_list", "Code list"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("physical_health", "Physical health"),
                            ("behavioral_health", "Behavioral health"),
                            ("dental", "Dental"),
                            ("pharmacy", "Pharmacy"),
                            ("medicare", "Medicare"),
                        ],
                        max_length=20,
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=500)),
                (
                    "providers_only",
                    models.BooleanField(
                        default=False,
                        help_text="Only signed-in people may see and download it (e.g. contracted rates).",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "lines_of_business",
                    models.ManyToManyField(
                        blank=True,
                        help_text="None chosen: every line of business.",
                        related_name="+",
                        to="plans.lineofbusiness",
                    ),
                ),
            ],
            options={"ordering": ["title"]},
        ),
        migrations.CreateModel(
            name="DocumentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("effective_date", models.DateField()),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")], default="draft", max_length=12
                    ),
                ),
                ("note", models.CharField(blank=True, help_text="What changed.", max_length=300)),
                ("file_name", models.CharField(max_length=200)),
                ("stored_name", models.CharField(max_length=64, unique=True)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="content.document"
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-effective_date", "-number"],
                "constraints": [models.UniqueConstraint(fields=("document", "number"), name="document_version_number")],
            },
        ),
        # An alert may point to a document for its full text.
        migrations.AddField(
            model_name="alert",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="alerts",
                to="content.document",
            ),
        ),
    ]
