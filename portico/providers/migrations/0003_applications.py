"""Providers: applications to join the network and their credentialing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("providers", "0002_directory")]

    operations: list[migrations.operations.base.Operation] = []
