"""``portico payments schedule``: queue the weekly payment run in the task queue (each run queues the next).
``portico payments run``: make a payment run now (or from cron), or enqueue one for a worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.payments.models import RunTrigger
from portico.payments.services import payment_run_execute
from portico.payments.tasks import payment_run_can_schedule, payment_run_schedule, payment_run_weekly


class Command(BaseCommand):
    help = (
        "Payments: `schedule` queues the weekly payment run (once; each run queues the next); "
        "`run [--enqueue] [--date YYYY-MM-DD]` pays every finalized claim not yet paid, by payee, now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="pay finalized claims not yet paid; never pays a claim twice")
        run.add_argument("--enqueue", action="store_true", help="hand the run to a task worker instead")
        run.add_argument("--date", help="the payment date (default: today)")
        actions.add_parser("schedule", help="queue the weekly run for a task worker, unless one is queued already")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            self._schedule()
            return
        if options["enqueue"]:
            result = payment_run_weekly.enqueue()
            self.stdout.write(_("Enqueued payment run %(id)s.") % {"id": result.id})
            return
        try:
            as_of = dt.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("--date: enter a date like 2026-06-01.")) from exc
        done = payment_run_execute(as_of=as_of, trigger=RunTrigger.SCHEDULED)
        claims = ngettext("%(count)s claim", "%(count)s claims", done.claim_count) % {"count": done.claim_count}
        payments = ngettext("%(count)s payment", "%(count)s payments", done.payment_count) % {
            "count": done.payment_count
        }
        self.stdout.write(
            _("Payment run %(run)s: %(claims)s, %(payments)s, total %(total)s.")
            % {"run": done.pk, "claims": claims, "payments": payments, "total": done.total_amount}
        )

    def _schedule(self) -> None:
        if not payment_run_can_schedule():
            raise CommandError(
                _(
                    "The task backend cannot hold a run until its day (TASKS_BACKEND must be "
                    "django_tasks_db.DatabaseBackend); run `portico payments run` from cron instead."
                )
            )
        at = timezone.localtime(payment_run_schedule())
        self.stdout.write(
            _("The weekly payment run is queued for %(when)s (%(zone)s); a task worker starts it then.")
            % {"when": date_format(at, "l, F j, Y, H:i"), "zone": timezone.get_current_timezone_name()}
        )
