"""``portico organizations remind``: remind administrators of the quarterly people attestation now (cron), or
enqueue the task for a worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portico.accounts.people.attestation import attestation_reminders_run
from portico.accounts.people.tasks import attestation_reminders_send


class Command(BaseCommand):
    help = "Organizations: `remind [--enqueue]` reminds administrators who have not attested their people."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="remind administrators of this quarter's people attestation")
        remind.add_argument("--enqueue", action="store_true", help="hand the reminders to a task worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = attestation_reminders_send.enqueue()
            self.stdout.write(f"Enqueued reminders {result.id}.")
            return
        reminded = attestation_reminders_run()
        self.stdout.write(f"{reminded} organization(s) reminded.")
