"""``portico demo-data``: build the deterministic synthetic demo world."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from portico.authorizations.demo import authorization_demo_ensure
from portico.claims.demo import claim_demo_ensure
from portico.demo.build import DemoWorldError, demo_world_build, demo_world_loaded
from portico.demo.personas import DEMO_PASSWORD
from portico.payments.demo import payment_demo_ensure


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date like 2026-03-31, not {text!r}.") from exc


class Command(BaseCommand):
    help = (
        "Build the synthetic demo world (Cascadia Health, its providers, personas and N members) into an "
        "empty database. The same --seed, --members and --as-of always give the same world. All data is "
        "fictional."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=10_000, help="number of members (default 10,000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--as-of", type=_date, default=None, help="the world's 'today' (default: today)")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing if this demo world is already loaded (without --as-of, any as-of date matches)",
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        members: int = options["members"]
        seed: int = options["seed"]
        as_of: dt.date = options["as_of"] or timezone.localdate()
        using: str = options["database"]
        if options["if_missing"]:
            loaded = demo_world_loaded(using=using)
            if loaded is not None and loaded.finished:
                same = loaded.seed == seed and loaded.members == members
                if same and (options["as_of"] is None or loaded.as_of == as_of):
                    self.stdout.write(
                        f"The demo world is already loaded (seed {seed}, {members:,} members, as of "
                        f"{loaded.as_of.isoformat()}); nothing to do."
                    )
                    return
        self.stdout.write(f"Building the demo world: {members:,} members, seed {seed}, as of {as_of.isoformat()}.")

        def progress(done: int, total: int, elapsed: float) -> None:
            self.stdout.write(f"  members {done:>10,} / {total:,} ({100 * done / total:5.1f}%)  {elapsed:7.1f} s")

        try:
            build = demo_world_build(seed=seed, members=members, as_of=as_of, progress=progress, using=using)
        except DemoWorldError as exc:
            raise CommandError(exc.message) from exc
        rate = members / build.seconds if build.seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(f"Done in {build.seconds:.1f} s ({rate:,.0f} members/s). All data is synthetic.")
        )
        # The prior-authorization requests need the code sets: made here if they are loaded, else by `codes demo`.
        if using == DEFAULT_DB_ALIAS and (said := authorization_demo_ensure()):
            self.stdout.write(said)
        if using == DEFAULT_DB_ALIAS and (said := claim_demo_ensure()):  # the demo claims, after the requests
            self.stdout.write(said)
        if using == DEFAULT_DB_ALIAS and (said := payment_demo_ensure()):  # past payment runs, after the claims
            self.stdout.write(said)
        self.stdout.write(f"Sign in as frontdesk, biller, planadmin, ... with the password {DEMO_PASSWORD!r};")
        self.stdout.write("`portico personas` lists every persona and what to try.")
