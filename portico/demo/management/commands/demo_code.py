"""``portico demo-code USERNAME``: the current two-step code of a demo persona (demo worlds only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.demo.personas import demo_totp_code


class Command(BaseCommand):
    help = "Print a demo persona's current two-step verification code (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("portico demo-code does not run when PORTICO_ENV=production.")
        try:
            code, seconds_left = demo_totp_code(username=options["username"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(code)
        self.stderr.write(f"(valid for about {seconds_left} more seconds; each code works once)")
