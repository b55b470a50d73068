"""``portico authorizations sweep``: record deadline reminders and escalations now (cron), or enqueue the task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portico.authorizations.sweep import authorization_deadlines_sweep_run
from portico.authorizations.tasks import authorization_deadlines_sweep


class Command(BaseCommand):
    help = "Prior authorizations: `sweep [--enqueue]` reminds of near-due lines and escalates overdue ones."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sweep = actions.add_parser("sweep", help="remind and escalate by due time; never decides")
        sweep.add_argument("--enqueue", action="store_true", help="hand the sweep to a task worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = authorization_deadlines_sweep.enqueue()
            self.stdout.write(f"Enqueued sweep {result.id}.")
            return
        done = authorization_deadlines_sweep_run()
        self.stdout.write(f"{done.reminders} reminder(s), {done.escalations} escalation(s) recorded.")
