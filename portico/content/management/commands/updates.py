"""``portico updates send-emails``: email recently published provider updates to the confirmed subscribers who have
not had them yet (cron; publishing already enqueues this for each update, so this only catches up after a mail
server failure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from portico.content.update_queries import updates_published
from portico.content.update_services import update_emails_send_run


class Command(BaseCommand):
    help = "Provider updates: `send-emails [--days N]` emails updates published in the last N days (default 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send-emails", help="email subscribers the updates they have not had yet")
        send.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")

    def handle(self, *args: Any, **options: Any) -> None:
        since = timezone.now() - dt.timedelta(days=max(1, options["days"]))
        total = 0
        for update_id in updates_published().filter(published_at__gte=since).values_list("pk", flat=True):
            total += update_emails_send_run(update_id=update_id)
        self.stdout.write(f"{total} update email(s) sent.")
