"""Content: website feedback."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0003_training")]

    operations: list[migrations.operations.base.Operation] = []
