"""Content: alerts and provider updates (with update subscriptions)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UpdateSubscription",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.EmailField(max_length=254, unique=True)),
                ("topics", models.JSONField(default=list)),
                ("confirmed_at", models.DateTimeField()),
                ("unsubscribed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"ordering": ["email"]},
        ),
        migrations.CreateModel(
            name="ProviderUpdate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("claims_billing", "Claims & billing"),
                            ("prior_authorization", "Prior authorization"),
                            ("pharmacy", "Pharmacy"),
                            ("behavioral_health", "Behavioral health"),
                            ("medicare", "Medicare"),
                            ("network_news", "Network news"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "summary",
                    models.CharField(help_text="One or two sentences: the list, the feed and emails.", max_length=400),
                ),
                ("body", models.TextField(help_text="Plain text; blank lines separate paragraphs.")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")], default="draft", max_length=12
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
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
                "ordering": ["-published_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status", "draft"), ("published_at__isnull", False), _connector="OR"),
                        name="update_published_has_date",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="UpdateDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "update",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="content.providerupdate",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="content.updatesubscription",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("update", "subscription"), name="update_delivery_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Alert",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("urgent", "Urgent"),
                            ("important", "Important"),
                            ("informational", "Informational"),
                        ],
                        max_length=16,
                    ),
                ),
                ("title", models.CharField(help_text="The banner's text: one sentence.", max_length=200)),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("everyone", "Everyone (also shown on public pages)"),
                            ("line_of_business", "Organizations in one line of business"),
                            ("provider_kind", "One kind of provider organization"),
                        ],
                        default="everyone",
                        max_length=20,
                    ),
                ),
                ("provider_kind", models.CharField(blank=True, help_text="providers.OrganizationKind", max_length=30)),
                ("starts_at", models.DateTimeField()),
                ("ends_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "line_of_business",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="plans.lineofbusiness",
                    ),
                ),
                (
                    "update",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="alerts",
                        to="content.providerupdate",
                    ),
                ),
            ],
            options={
                "ordering": ["-starts_at", "-pk"],
                "indexes": [models.Index(fields=["starts_at", "ends_at"], name="alert_span")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ends_at__isnull", True), ("ends_at__gt", models.F("starts_at")), _connector="OR"
                        ),
                        name="alert_span_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("audience", "everyone"), ("line_of_business__isnull", True), ("provider_kind", "")
                            ),
                            models.Q(
                                ("audience", "line_of_business"),
                                ("line_of_business__isnull", False),
                                ("provider_kind", ""),
                            ),
                            models.Q(
                                ("audience", "provider_kind"),
                                ("line_of_business__isnull", True),
                                models.Q(("provider_kind", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="alert_audience_consistent",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AlertDismissal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("dismissed_at", models.DateTimeField(auto_now_add=True)),
                (
                    "alert",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="dismissals", to="content.alert"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("alert", "user"), name="alert_dismissal_once")],
            },
        ),
    ]
