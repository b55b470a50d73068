"""Messaging: secure message threads between provider organizations and plan teams; the teams (seeded for the demo
plan), the business holidays their reply targets skip (US federal holidays as observed, 2024-2035), and each
organization's provider relations specialist.

Written by hand. The topic choices change for notifications (the "messages" topic) is not here: it belongs to the
migration that collects this issue's notification topics."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Plain data and a pure function: safe to import from a migration.
    from portico.messaging.threads.business_days import SEEDED_YEARS, us_federal_holidays
    from portico.messaging.threads.teams import TEAMS

    PlanTeam = apps.get_model("messaging", "PlanTeam")
    BusinessHoliday = apps.get_model("messaging", "BusinessHoliday")
    for position, (key, name, handles, phone, hours) in enumerate(TEAMS, start=1):
        PlanTeam.objects.update_or_create(
            key=key,
            defaults={"name": name, "handles": handles, "phone": phone, "hours": hours, "position": position * 10},
        )
    for year in SEEDED_YEARS:
        for day, name in us_federal_holidays(year):
            BusinessHoliday.objects.update_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_notification_topics"),
        ("providers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BusinessHoliday",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True)),
                ("name", models.CharField(max_length=100)),
            ],
            options={"ordering": ["date"]},
        ),
        migrations.CreateModel(
            name="PlanTeam",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(help_text="A short stable name, e.g. claims.", max_length=40, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("handles", models.CharField(help_text="What the team handles, in a few words (the contact form's choices).", max_length=300)),
                ("phone", models.CharField(blank=True, max_length=40)),
                ("hours", models.CharField(blank=True, max_length=120)),
                ("reply_target_days", models.PositiveSmallIntegerField(default=2, help_text="Business days the team has to answer a message.")),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Order on the contact page.")),
                ("accepts_messages", models.BooleanField(default=True, help_text="Off: shown on the contact page, no messages.")),
                ("staff", models.ManyToManyField(blank=True, help_text="Plan staff who work its inbox.", related_name="plan_teams", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["position", "name"]},
        ),
        migrations.CreateModel(
            name="MessageThread",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("subject", models.CharField(max_length=150)),
                ("topic", models.CharField(choices=[("claim", "A claim or payment"), ("authorization", "A prior authorization"), ("eligibility", "Eligibility or benefits"), ("member", "A member's care or services"), ("pharmacy", "Pharmacy or medications"), ("contracting", "Contracting, credentialing or directory data"), ("portal", "Using the portal, training"), ("other", "Something else")], max_length=20)),
                ("status", models.CharField(choices=[("open", "Waiting for the plan"), ("answered", "Answered"), ("closed", "Closed")], default="open", max_length=10)),
                ("link_kind", models.CharField(blank=True, max_length=20)),
                ("link_id", models.BigIntegerField(blank=True, null=True)),
                ("link_label", models.CharField(blank=True, help_text="The reference shown, e.g. a request number.", max_length=60)),
                ("member_id", models.BigIntegerField(blank=True, help_text="The member the link concerns (for the access trail), if any.", null=True)),
                ("created_at", models.DateTimeField()),
                ("last_message_at", models.DateTimeField()),
                ("due_at", models.DateTimeField(blank=True, help_text="When the plan's answer is due, while waiting.", null=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("assignee", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("organization", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="providers.providerorganization")),
                ("started_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("team", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="threads", to="messaging.planteam")),
            ],
            options={"ordering": ["-last_message_at", "-id"]},
        ),
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("from_plan", models.BooleanField(help_text="Written by plan staff (else by the provider organization).")),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField()),
                ("due_at", models.DateTimeField(blank=True, null=True)),
                ("answered_at", models.DateTimeField(blank=True, null=True)),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("thread", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="messages", to="messaging.messagethread")),
            ],
            options={"ordering": ["thread", "created_at", "id"]},
        ),
        migrations.CreateModel(
            name="MessageAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stored_name", models.CharField(max_length=100, unique=True)),
                ("original_name", models.CharField(max_length=255)),
                ("content_type", models.CharField(max_length=60)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                ("message", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="messaging.message")),
            ],
            options={"ordering": ["message", "id"]},
        ),
        migrations.CreateModel(
            name="ThreadRead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("read_at", models.DateTimeField()),
                ("thread", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reads", to="messaging.messagethread")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name="OrganizationContact",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phone", models.CharField(blank=True, max_length=40)),
                ("organization", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="plan_contact", to="providers.providerorganization")),
                ("specialist", models.ForeignKey(help_text="A provider relations staff member.", on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["due_at"], name="message_reply_target"),
        ),
        migrations.AddIndex(
            model_name="messagethread",
            index=models.Index(fields=["organization", "last_message_at"], name="thread_organization"),
        ),
        migrations.AddIndex(
            model_name="messagethread",
            index=models.Index(fields=["team", "status", "due_at"], name="thread_team_inbox"),
        ),
        migrations.AddConstraint(
            model_name="messagethread",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("link_id__isnull", True), ("link_kind", "")), models.Q(models.Q(("link_kind", ""), _negated=True), ("link_id__isnull", False)), _connector="OR"), name="thread_link_complete"),
        ),
        migrations.AddConstraint(
            model_name="threadread",
            constraint=models.UniqueConstraint(fields=("thread", "user"), name="thread_read_unique"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
