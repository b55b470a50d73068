"""Accounts: organizations that register and administer themselves (registration, invitations, attestation)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_sessions_terms")]

    operations: list[migrations.operations.base.Operation] = []
