"""Providers: directory changes proposed by organizations, the 90-day attestation, the public directory."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = []
