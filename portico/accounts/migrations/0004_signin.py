"""Accounts: direct sign-in (passwords, two-step verification, throttling)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sso")]

    operations: list[migrations.operations.base.Operation] = []
