"""``portico notifications send``: email everyone whose notifications wait for email (a cron safety net beside
the task worker, which sends them as they come)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portico.messaging.services import notification_emails_send_run


class Command(BaseCommand):
    help = "Notifications: `send` emails what waits for email (one email per person, no PHI in it)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("send", help="send the waiting notification emails now")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = notification_emails_send_run()
        self.stdout.write(f"{sent} email(s) sent.")
