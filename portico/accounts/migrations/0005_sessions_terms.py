"""Accounts: sessions and the privacy statement and terms of use."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_signin")]

    operations: list[migrations.operations.base.Operation] = []
