"""``portico accounts reset-mfa USERNAME``: the help desk's reset of a person's two-step verification."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.mfa import mfa_reset
from portico.accounts.models import User


class Command(BaseCommand):
    help = (
        "People's accounts: `reset-mfa USERNAME [--reason TEXT]` removes the person's authenticator app and "
        "recovery codes (after you have confirmed who is asking); their next direct sign-in sets up a new one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        reset = actions.add_parser("reset-mfa", help="remove a person's two-step verification devices")
        reset.add_argument("username")
        reset.add_argument("--reason", default="", help="why (recorded in the security event; no secrets)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reset-mfa":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No user named {options['username']!r}.")
            removed = mfa_reset(user=user, reason=options["reason"][:200])
            self.stdout.write(
                f"Two-step verification reset for {user.username} ({removed} device record(s) removed). "
                "Their next direct sign-in will set up a new authenticator app and new recovery codes."
            )
