"""Content: website feedback."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_training"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WebsiteFeedback",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "page",
                    models.CharField(help_text="The path of the page it came from, without a query.", max_length=300),
                ),
                ("rating", models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (very good).")),
                ("comment", models.TextField(blank=True)),
                ("language", models.CharField(blank=True, max_length=10)),
                ("handled_at", models.DateTimeField(blank=True, null=True)),
                ("handled_note", models.CharField(blank=True, max_length=300)),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.AddIndex(
            model_name="websitefeedback",
            index=models.Index(fields=["page", "created_at"], name="website_feedback_page"),
        ),
        migrations.AddConstraint(
            model_name="websitefeedback",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="website_feedback_rating_range"
            ),
        ),
    ]
