"""Accounts: API tokens expire. Tokens made before this get 90 days from their creation (at least a week from now,
so no system stops working the moment this is deployed)."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def _expiry_for_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    token_model = apps.get_model("accounts", "ApiToken")
    floor = timezone.now() + dt.timedelta(days=7)
    for token in token_model.objects.filter(expires_at__isnull=True):
        token.expires_at = max(token.created_at + dt.timedelta(days=90), floor)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_organizations")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, help_text="The token stops working then; a new one is made to go on."),
        ),
        migrations.RunPython(_expiry_for_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(help_text="The token stops working then; a new one is made to go on."),
        ),
    ]
