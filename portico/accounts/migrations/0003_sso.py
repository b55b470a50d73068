"""Accounts: SAML single sign-on (the hub's identity provider, linked identities)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_security_events")]

    operations: list[migrations.operations.base.Operation] = []
