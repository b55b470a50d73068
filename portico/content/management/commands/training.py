"""``portico training remind [--enqueue]``: remind of training due soon or overdue now (cron), or enqueue the task;
``portico training install``: load or refresh the shipped training modules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portico.content.training_services import training_catalog_install, training_reminders_send
from portico.content.training_tasks import training_reminders


class Command(BaseCommand):
    help = "Training: `remind [--enqueue]` sends due-soon and overdue reminders; `install` loads the modules."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="notify people and administrators of training due or overdue")
        remind.add_argument("--enqueue", action="store_true", help="hand the run to a task worker instead")
        actions.add_parser("install", help="create or refresh the shipped modules (keeps the plan's requirements)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "install":
            modules = training_catalog_install()
            self.stdout.write(f"{len(modules)} training module(s) installed.")
            return
        if options["enqueue"]:
            result = training_reminders.enqueue()
            self.stdout.write(f"Enqueued training reminders {result.id}.")
            return
        done = training_reminders_send()
        self.stdout.write(f"{done.people} reminder(s) to people, {done.administrators} to administrators.")
