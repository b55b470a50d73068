"""``portico pricing``: load CMS's Medicare physician fee schedule files, add and publish fee schedule versions,
list the schedules, and make the demo world's schedules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.models import User
from portico.common.errors import DomainError, ValidationFailed
from portico.pricing.demo import fee_schedules_demo_load
from portico.pricing.models import FeeSchedule, MpfsRelease, PricingMethod
from portico.pricing.services import (
    fee_schedule_rates_parse,
    fee_schedule_version_create,
    fee_schedule_version_publish,
    mpfs_localities_load,
    mpfs_release_load,
)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name}: {value!r} is not a date like 2025-06-01.") from exc


class Command(BaseCommand):
    help = "Fee schedules: `mpfs DIR`, `load SLUG FILE`, `derive SLUG`, `list`, `demo`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        mpfs = actions.add_parser("mpfs", help="load PPRRVU*.csv, GPCI*.csv and *LOCCO.csv from a CMS folder")
        mpfs.add_argument("folder")
        mpfs.add_argument("--name", default=None, help="the release's name (default: from the PPRRVU file name)")
        mpfs.add_argument("--year", type=int, default=None, help="its calendar year (default: from the file name)")
        load = actions.add_parser(
            "load", help="add a version of flat rates from a CSV file (code,modifier,rate,description)"
        )
        load.add_argument("slug")
        load.add_argument("file")
        derive = actions.add_parser("derive", help="add a version of an MPFS-derived schedule")
        derive.add_argument("slug")
        derive.add_argument("--release", required=True, help="the MPFS release's name, e.g. RVU25D")
        derive.add_argument("--gpci-year", type=int, required=True)
        derive.add_argument("--percentage", required=True, help="percent of the Medicare amount, e.g. 110")
        derive.add_argument("--conversion-factor", default=None, help="instead of the release's")
        for sub in (load, derive):
            sub.add_argument("--effective", required=True, help="first date of service, YYYY-MM-DD")
            sub.add_argument("--end", default=None, help="last date of service (default: open-ended)")
            sub.add_argument("--note", default="")
            sub.add_argument("--publish", action="store_true", help="publish it at once")
            sub.add_argument("--user", default=None, help="username to record as the publisher")
        actions.add_parser("list", help="every schedule and its versions")
        actions.add_parser("demo", help="make the demo world's fee schedules (skips what is there)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"])(options)
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{k}: {', '.join(v)}" for k, v in exc.errors.items())) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _mpfs(self, options: dict[str, Any]) -> None:
        folder = Path(options["folder"])
        rvu_files = sorted(folder.glob("PPRRVU*.csv"))
        if not rvu_files:
            raise CommandError(f"No PPRRVU*.csv file in {folder}.")
        for path in rvu_files:
            stem = path.stem  # PPRRVU2025_Oct
            year = options["year"] or int(stem[6:10])
            name = options["name"] or stem
            release = mpfs_release_load(name=name, year=year, content=path.read_bytes(), source_file=path.name)
            self.stdout.write(
                f"{release.name}: {release.rvus.count()} code rows, conversion factor {release.conversion_factor}."
            )
        for path in sorted(folder.glob("GPCI*.csv")):
            year = int(path.stem[4:8])
            counties = next(iter(sorted(folder.glob(f"{str(year)[2:]}LOCCO.csv"))), None) or next(
                iter(sorted(folder.glob("*LOCCO.csv"))), None
            )
            count = mpfs_localities_load(
                content=path.read_bytes(), year=year, counties=counties.read_bytes() if counties else None
            )
            self.stdout.write(f"GPCIs {year}: {count} localities.")

    def _schedule(self, slug: str) -> FeeSchedule:
        schedule = FeeSchedule.objects.filter(slug=slug).first()
        if schedule is None:
            raise CommandError(f"No fee schedule {slug!r}; create it in the admin first (/admin/pricing/).")
        return schedule

    def _finish(self, version: Any, options: dict[str, Any]) -> None:
        self.stdout.write(f"Version {version.number} of {version.schedule.name} saved as a draft.")
        if options["publish"]:
            user = User.objects.filter(username=options["user"]).first() if options["user"] else None
            fee_schedule_version_publish(version=version, user=user)
            self.stdout.write(f"Published: dates of service from {version.effective_start}.")

    def _load(self, options: dict[str, Any]) -> None:
        schedule = self._schedule(options["slug"])
        if schedule.method != PricingMethod.FLAT:
            self.stdout.write("This schedule is MPFS-derived: these flat rates take precedence for their codes.")
        version = fee_schedule_version_create(
            schedule=schedule,
            effective_start=_date(options["effective"], "effective"),  # type: ignore[arg-type]
            effective_end=_date(options["end"], "end"),
            rates=fee_schedule_rates_parse(Path(options["file"]).read_bytes()),
            note=options["note"],
        )
        self._finish(version, options)

    def _derive(self, options: dict[str, Any]) -> None:
        schedule = self._schedule(options["slug"])
        release = MpfsRelease.objects.filter(name=options["release"]).first()
        if release is None:
            raise CommandError(f"No MPFS release {options['release']!r}; load it with `portico pricing mpfs DIR`.")
        try:
            percentage = Decimal(options["percentage"])
            factor = Decimal(options["conversion_factor"]) if options["conversion_factor"] else None
        except InvalidOperation as exc:
            raise CommandError("--percentage and --conversion-factor are numbers, like 110 and 32.3465.") from exc
        version = fee_schedule_version_create(
            schedule=schedule,
            effective_start=_date(options["effective"], "effective"),  # type: ignore[arg-type]
            effective_end=_date(options["end"], "end"),
            mpfs_release=release,
            gpci_year=options["gpci_year"],
            percentage=percentage,
            conversion_factor=factor,
            note=options["note"],
        )
        self._finish(version, options)

    def _list(self, options: dict[str, Any]) -> None:
        for schedule in FeeSchedule.objects.order_by("name"):
            self.stdout.write(f"{schedule.slug}: {schedule.name} ({schedule.get_method_display()})")
            for v in schedule.versions.order_by("effective_start"):
                end = v.effective_end.isoformat() if v.effective_end else "open"
                self.stdout.write(f"  v{v.number} {v.status} {v.effective_start} to {end} {v.note}")

    def _demo(self, options: dict[str, Any]) -> None:
        for line in fee_schedules_demo_load() or ["The demo fee schedules are already there."]:
            self.stdout.write(line)
