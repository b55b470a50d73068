"""Providers: applications to join the network and their credentialing."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The credentialing checklist every application starts with (data: provider relations may add, reword or retire
# items in the admin without a release).
CHECKLIST = [
    ("license_verified", "Each practitioner's license verified with the state board", 10),
    ("npi_verified", "NPIs verified against the NPPES registry (format and check digit already pass)", 20),
    ("w9_received", "W-9 received and the TIN matches it", 30),
    ("sanctions_checked", "Sanctions check recorded (OIG exclusions list, SAM.gov, state Medicaid)", 40),
    ("insurance_verified", "Malpractice insurance certificate current", 50),
]


def checklist_seed(apps, schema_editor):
    ChecklistItem = apps.get_model("providers", "ChecklistItem")
    for code, label, position in CHECKLIST:
        ChecklistItem.objects.get_or_create(code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0001_initial'),
        ('providers', '0002_directory'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChecklistItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True)),
                ('label', models.CharField(max_length=200)),
                ('help_text', models.CharField(blank=True, max_length=300)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('required', models.BooleanField(default=True, help_text='Approval waits until this is recorded.')),
                ('active', models.BooleanField(default=True)),
            ],
            options={
                'ordering': ['position', 'code'],
            },
        ),
        migrations.CreateModel(
            name='NetworkApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=16, unique=True)),
                ('token_hash', models.CharField(help_text="SHA-256 of the resume link's secret.", max_length=64, unique=True)),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted: in credentialing'), ('questions', "Waiting for the applicant's answer"), ('approved', 'Approved'), ('declined', 'Declined')], default='draft', max_length=20)),
                ('contact_name', models.CharField(max_length=200)),
                ('contact_email', models.EmailField(max_length=254)),
                ('contact_phone', models.CharField(blank=True, max_length=20)),
                ('legal_name', models.CharField(max_length=200)),
                ('tin', models.CharField(blank=True, max_length=9)),
                ('group_npi', models.CharField(blank=True, max_length=10)),
                ('kind', models.CharField(blank=True, max_length=30)),
                ('taxonomy_code', models.CharField(blank=True, max_length=10)),
                ('address_line1', models.CharField(blank=True, max_length=200)),
                ('city', models.CharField(blank=True, max_length=100)),
                ('state', models.CharField(blank=True, max_length=2)),
                ('postal_code', models.CharField(blank=True, max_length=10)),
                ('phone', models.CharField(blank=True, max_length=20)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decline_reason', models.TextField(blank=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('lines_of_business', models.ManyToManyField(blank=True, related_name='+', to='plans.lineofbusiness')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='providers.providerorganization')),
            ],
            options={
                'ordering': ['-submitted_at', '-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('asked_at', models.DateTimeField(auto_now_add=True)),
                ('text', models.TextField()),
                ('answer', models.TextField(blank=True)),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
                ('asked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='providers.networkapplication')),
            ],
            options={
                'ordering': ['asked_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationPractitioner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('npi', models.CharField(max_length=10)),
                ('first_name', models.CharField(max_length=100)),
                ('last_name', models.CharField(max_length=100)),
                ('credentials', models.CharField(blank=True, max_length=40)),
                ('taxonomy_code', models.CharField(blank=True, max_length=10)),
                ('license_state', models.CharField(max_length=2)),
                ('license_number', models.CharField(max_length=40)),
                ('license_expires', models.DateField()),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='practitioners', to='providers.networkapplication')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('w9', 'W-9'), ('license', 'License'), ('insurance', 'Malpractice insurance certificate'), ('other', 'Other')], max_length=20)),
                ('name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=60)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('stored_name', models.CharField(max_length=64, unique=True)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='providers.networkapplication')),
            ],
            options={
                'ordering': ['uploaded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('done_at', models.DateTimeField(auto_now_add=True)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('done_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='providers.checklistitem')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='providers.networkapplication')),
            ],
        ),
        migrations.AddIndex(
            model_name='networkapplication',
            index=models.Index(fields=['status', 'submitted_at'], name='application_queue'),
        ),
        migrations.AddConstraint(
            model_name='applicationquestion',
            constraint=models.CheckConstraint(condition=models.Q(('answered_at__isnull', True), models.Q(('answer', ''), _negated=True), _connector='OR'), name='application_answer_has_text'),
        ),
        migrations.AddConstraint(
            model_name='applicationpractitioner',
            constraint=models.UniqueConstraint(fields=('application', 'npi'), name='application_practitioner_once'),
        ),
        migrations.AddConstraint(
            model_name='applicationcheck',
            constraint=models.UniqueConstraint(fields=('application', 'item'), name='application_check_once'),
        ),
        migrations.RunPython(checklist_seed, migrations.RunPython.noop),
    ]
