"""``portico claims adjudicate``: adjudicate every received claim still waiting, in batches (after an outage of the
task workers, or a bulk load of claims). Each submitted claim is normally adjudicated by its own task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portico.claims.adjudication.pipeline import BATCH_SIZE, claims_adjudicate, claims_waiting


class Command(BaseCommand):
    help = "Claims: `adjudicate [--batch N]` runs the adjudication pipeline on every received claim still waiting."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("adjudicate", help="adjudicate the received claims still waiting, oldest first")
        run.add_argument("--batch", type=int, default=BATCH_SIZE, help=f"claims per transaction ({BATCH_SIZE})")

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["batch"]
        if not 1 <= size <= 5000:
            raise CommandError(_("--batch: a number of claims from 1 to 5000."))
        done, after = 0, 0
        while ids := claims_waiting(limit=size, after=after):
            claims_adjudicate(claim_ids=ids)
            done += len(ids)
            after = ids[-1]
            if options["verbosity"] > 1:
                self.stdout.write(_("%(count)s adjudicated so far.") % {"count": done})
        self.stdout.write(
            ngettext("%(count)s claim adjudicated.", "%(count)s claims adjudicated.", done) % {"count": done}
        )
