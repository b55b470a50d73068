"""Providers: directory changes proposed by organizations, the 90-day attestation, the public directory."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('providers', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectoryAttestation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('attested_at', models.DateTimeField()),
                ('locations', models.PositiveIntegerField(default=0)),
                ('practitioners', models.PositiveIntegerField(default=0)),
            ],
            options={
                'ordering': ['-attested_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DirectoryChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(choices=[('location', 'Service location'), ('practitioner', 'Practitioner')], max_length=20)),
                ('status', models.CharField(choices=[('pending', 'Waiting for provider relations'), ('applied', 'Applied'), ('partly_applied', 'Partly applied'), ('returned', 'Returned to the organization')], default='pending', max_length=20)),
                ('note', models.TextField(blank=True, help_text="The organization's note to provider relations.")),
                ('proposed_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('staff_note', models.TextField(blank=True, help_text="Provider relations' note back (required to return).")),
            ],
            options={
                'ordering': ['-proposed_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='DirectoryChangeField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=40)),
                ('old_value', models.JSONField(blank=True, null=True)),
                ('new_value', models.JSONField(blank=True, null=True)),
                ('decision', models.CharField(choices=[('pending', 'Not decided'), ('applied', 'Applied'), ('not_applied', 'Not applied')], default='pending', max_length=20)),
            ],
            options={
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='DirectoryReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField()),
                ('stage', models.CharField(choices=[('upcoming', 'Due soon'), ('overdue', 'Overdue')], max_length=20)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('recipients', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name='practitioner',
            name='accepting_new_patients',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='practitioner',
            name='languages',
            field=models.JSONField(blank=True, default=list, help_text='Languages the practitioner speaks.'),
        ),
        migrations.AddField(
            model_name='practitioner',
            name='telehealth',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='servicelocation',
            name='accessibility',
            field=models.JSONField(blank=True, default=list, help_text='Accessibility features (AccessibilityFeature values).'),
        ),
        migrations.AddField(
            model_name='servicelocation',
            name='telehealth',
            field=models.BooleanField(default=False, help_text='Visits by video or phone are offered.'),
        ),
        migrations.AddIndex(
            model_name='practitioner',
            index=models.Index(fields=['last_name', 'first_name'], name='practitioner_name'),
        ),
        migrations.AddIndex(
            model_name='practitioner',
            index=models.Index(fields=['taxonomy_code'], name='practitioner_taxonomy'),
        ),
        migrations.AddIndex(
            model_name='servicelocation',
            index=models.Index(fields=['city'], name='location_city'),
        ),
        migrations.AddIndex(
            model_name='servicelocation',
            index=models.Index(fields=['postal_code'], name='location_postal_code'),
        ),
        migrations.AddField(
            model_name='directoryattestation',
            name='attested_by',
            field=models.ForeignKey(blank=True, help_text='Empty for an attestation recorded outside the portal (on paper, or imported).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='directoryattestation',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='directory_attestations', to='providers.providerorganization'),
        ),
        migrations.AddField(
            model_name='directorychange',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='directorychange',
            name='location',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='providers.servicelocation'),
        ),
        migrations.AddField(
            model_name='directorychange',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='directory_changes', to='providers.providerorganization'),
        ),
        migrations.AddField(
            model_name='directorychange',
            name='practitioner',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='providers.practitioner'),
        ),
        migrations.AddField(
            model_name='directorychange',
            name='proposed_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='directorychangefield',
            name='change',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fields', to='providers.directorychange'),
        ),
        migrations.AddField(
            model_name='directoryreminder',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='providers.providerorganization'),
        ),
        migrations.AddIndex(
            model_name='directoryattestation',
            index=models.Index(fields=['organization', 'attested_at'], name='directory_attestation_latest'),
        ),
        migrations.AddIndex(
            model_name='directorychange',
            index=models.Index(fields=['status', 'proposed_at'], name='directory_change_queue'),
        ),
        migrations.AddConstraint(
            model_name='directorychange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('location__isnull', False), ('practitioner__isnull', True), ('target', 'location')), models.Q(('location__isnull', True), ('practitioner__isnull', False), ('target', 'practitioner')), _connector='OR'), name='directory_change_one_target'),
        ),
        migrations.AddConstraint(
            model_name='directorychange',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('location',), name='directory_change_one_pending_location'),
        ),
        migrations.AddConstraint(
            model_name='directorychange',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('practitioner', 'organization'), name='directory_change_one_pending_practitioner'),
        ),
        migrations.AddConstraint(
            model_name='directorychangefield',
            constraint=models.UniqueConstraint(fields=('change', 'field'), name='directory_change_field_once'),
        ),
        migrations.AddConstraint(
            model_name='directoryreminder',
            constraint=models.UniqueConstraint(fields=('organization', 'due_on', 'stage'), name='directory_reminder_once'),
        ),
    ]
