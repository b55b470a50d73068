"""Messaging: secure message threads between provider organizations and plan teams."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_notification_topics")]

    operations: list[migrations.operations.base.Operation] = []
