"""Content: the document library (forms, policies, manuals, fee schedules, code lists)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0001_alerts_updates")]

    operations: list[migrations.operations.base.Operation] = []
