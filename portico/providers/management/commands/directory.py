"""``portico directory remind``: send the 90-day directory attestation reminders now (cron), or enqueue the task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portico.providers.directory.attestation import directory_reminders_run
from portico.providers.tasks import directory_reminders_send


class Command(BaseCommand):
    help = "Directory data: `remind [--enqueue]` reminds administrators whose 90-day confirmation is due or late."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="remind of directory confirmations due within 14 days or late")
        remind.add_argument("--enqueue", action="store_true", help="hand the reminders to a task worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = directory_reminders_send.enqueue()
            self.stdout.write(f"Enqueued directory reminders {result.id}.")
            return
        sent = directory_reminders_run()
        self.stdout.write(f"{sent} reminder(s) sent.")
