"""Content: training modules, quizzes or attestations, completions and certificates."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_documents"),
        ("plans", "0001_initial"),
        ("providers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="QuizQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("text", models.CharField(max_length=400)),
            ],
            options={"ordering": ["module", "position"]},
        ),
        migrations.CreateModel(
            name="QuizChoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("text", models.CharField(max_length=300)),
                ("is_correct", models.BooleanField(default=False)),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="choices", to="content.quizquestion"
                    ),
                ),
            ],
            options={"ordering": ["question", "position"]},
        ),
        migrations.CreateModel(
            name="TrainingModule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("title", models.CharField(max_length=200)),
                (
                    "topic",
                    models.CharField(
                        choices=[
                            ("fraud_waste_abuse", "Fraud, waste and abuse"),
                            ("model_of_care", "Model of Care"),
                            ("quality", "Quality metrics"),
                            ("portal", "Portal tutorials"),
                        ],
                        max_length=30,
                    ),
                ),
                ("summary", models.CharField(max_length=400)),
                ("minutes", models.PositiveSmallIntegerField(default=15, help_text="About how long it takes.")),
                (
                    "completion_check",
                    models.CharField(choices=[("quiz", "Quiz"), ("attestation", "Attestation")], max_length=20),
                ),
                (
                    "pass_percent",
                    models.PositiveSmallIntegerField(default=80, help_text="Share of right answers that passes."),
                ),
                (
                    "attestation_text",
                    models.TextField(blank=True, help_text="What the person attests, for an attestation module."),
                ),
                ("is_published", models.BooleanField(default=True)),
                ("position", models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                "ordering": ["position", "title"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pass_percent__gte", 1), ("pass_percent__lte", 100)),
                        name="training_pass_percent_range",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TrainingCompletion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("completed_on", models.DateField()),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("quiz", "Passed the quiz"),
                            ("attestation", "Attested"),
                            ("recorded", "Recorded by the organization's administrator"),
                        ],
                        max_length=20,
                    ),
                ),
                ("score_percent", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("note", models.CharField(blank=True, max_length=200)),
                ("certificate_number", models.CharField(max_length=24, unique=True)),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="providers.providerorganization",
                    ),
                ),
                (
                    "practitioner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="training_completions",
                        to="providers.practitioner",
                    ),
                ),
                (
                    "recorded_by",
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="training_completions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="completions",
                        to="content.trainingmodule",
                    ),
                ),
            ],
            options={"ordering": ["-completed_on", "-id"]},
        ),
        migrations.AddField(
            model_name="quizquestion",
            name="module",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="questions", to="content.trainingmodule"
            ),
        ),
        migrations.CreateModel(
            name="TrainingReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("about_practitioners", models.BooleanField(default=False)),
                ("due_on", models.DateField()),
                ("kind", models.CharField(choices=[("due_soon", "Due soon"), ("overdue", "Overdue")], max_length=10)),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="content.trainingmodule"
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="providers.providerorganization",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="TrainingRequirement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("everyone", "Every organization"),
                            ("line_of_business", "Organizations serving a line of business"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "frequency",
                    models.CharField(choices=[("once", "Once"), ("yearly", "Every year, by a date")], max_length=10),
                ),
                ("due_month", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("due_day", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("days_for_newcomers", models.PositiveSmallIntegerField(default=90)),
                (
                    "includes_practitioners",
                    models.BooleanField(
                        default=False,
                        help_text="The organization's practitioners must take it too, not only its portal users.",
                    ),
                ),
                ("effective_start", models.DateField()),
                ("effective_end", models.DateField(blank=True, null=True)),
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
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="requirements",
                        to="content.trainingmodule",
                    ),
                ),
            ],
            options={"ordering": ["module", "effective_start"]},
        ),
        migrations.CreateModel(
            name="TrainingSection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("heading", models.CharField(max_length=200)),
                ("body", models.TextField()),
                (
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sections",
                        to="content.trainingmodule",
                    ),
                ),
            ],
            options={"ordering": ["module", "position"]},
        ),
        migrations.AddConstraint(
            model_name="quizchoice",
            constraint=models.UniqueConstraint(fields=("question", "position"), name="quiz_choice_position"),
        ),
        migrations.AddIndex(
            model_name="trainingcompletion",
            index=models.Index(fields=["module", "user"], name="training_completion_user"),
        ),
        migrations.AddIndex(
            model_name="trainingcompletion",
            index=models.Index(fields=["module", "practitioner"], name="training_completion_pract"),
        ),
        migrations.AddConstraint(
            model_name="trainingcompletion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("user__isnull", False), ("practitioner__isnull", True)),
                    models.Q(("user__isnull", True), ("practitioner__isnull", False)),
                    _connector="OR",
                ),
                name="training_completion_one_subject",
            ),
        ),
        migrations.AddConstraint(
            model_name="quizquestion",
            constraint=models.UniqueConstraint(fields=("module", "position"), name="quiz_question_position"),
        ),
        migrations.AddConstraint(
            model_name="trainingreminder",
            constraint=models.UniqueConstraint(
                fields=("module", "recipient", "organization", "about_practitioners", "due_on", "kind"),
                name="training_reminder_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingrequirement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("effective_end__isnull", True),
                    ("effective_end__gte", models.F("effective_start")),
                    _connector="OR",
                ),
                name="training_requirement_span_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingrequirement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("audience", "line_of_business"), _negated=True),
                    ("line_of_business__isnull", False),
                    _connector="OR",
                ),
                name="training_requirement_lob_named",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingrequirement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("frequency", "yearly"), _negated=True),
                    models.Q(("due_month__gte", 1), ("due_month__lte", 12), ("due_day__gte", 1), ("due_day__lte", 31)),
                    _connector="OR",
                ),
                name="training_requirement_yearly_date",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingsection",
            constraint=models.UniqueConstraint(fields=("module", "position"), name="training_section_position"),
        ),
    ]
