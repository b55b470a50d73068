"""``portico codes``: load code files, list past loads, and load the demo world's code sets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.models import User
from portico.authorizations.demo import authorization_demo_ensure
from portico.claims.demo import claim_demo_ensure
from portico.codes.demo_sets import demo_code_sets_load
from portico.codes.loading import code_file_load
from portico.codes.models import CodeLoad, CodeSystem, EditFile, LoadSource
from portico.codes.ncci_loading import mue_file_load, ptp_file_load
from portico.common.errors import ValidationFailed
from portico.payments.demo import payment_demo_ensure


class Command(BaseCommand):
    help = (
        "Code sets: `load SYSTEM FILE`, `ncci-ptp FILE [--part P]`, `mue FILE [--effective YYYY-MM-DD]`, "
        "`history`, `demo [--from DIR]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="load one official code file into a code system")
        load.add_argument("system", choices=CodeSystem.values)
        load.add_argument("file", help="the file; for ICD-10-CM from the installed package, write `package`")
        load.add_argument("--format", dest="file_format", default=None, help="the file's format if not evident")
        load.add_argument("--user", default=None, help="username to record as the loader")
        ptp = actions.add_parser("ncci-ptp", help="load a CMS NCCI procedure-to-procedure file (ccipra-v322r0-f1.txt)")
        ptp.add_argument("file")
        ptp.add_argument(
            "--part", default=None, help="the part of the table the file is (default: from the name, e.g. ccipra-f1)"
        )
        ptp.add_argument("--user", default=None, help="username to record as the loader")
        mue = actions.add_parser(
            "mue", help="load a CMS medically unlikely edits file (MCR_MUE_..._Eff_07-01-2026.csv)"
        )
        mue.add_argument("file")
        mue.add_argument(
            "--effective", default=None, help="first date of service, YYYY-MM-DD (default: the Eff_ date in the name)"
        )
        mue.add_argument("--user", default=None, help="username to record as the loader")
        actions.add_parser("history", help="list past loads, newest first")
        demo = actions.add_parser("demo", help="load the demo world's code sets (skips what is already loaded)")
        demo.add_argument(
            "--from",
            dest="folder",
            default=None,
            help="a folder of official files laid out like shared/data/codesets (HCPCS, POS, revenue, CARC, ...)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "load":
            self._load(options)
        elif action in ("ncci-ptp", "mue"):
            self._load_edits(action, options)
        elif action == "history":
            self._history()
        else:
            folder = Path(options["folder"]) if options["folder"] else None
            for line in demo_code_sets_load(folder=folder):
                self.stdout.write(line)
            # The demo world's prior-authorization requests need these codes: made now if the world is there.
            if said := authorization_demo_ensure():
                self.stdout.write(said)
            if said := claim_demo_ensure():  # the demo claims, after the requests
                self.stdout.write(said)
            if said := payment_demo_ensure():  # past payment runs, after the claims
                self.stdout.write(said)

    def _load(self, options: dict[str, Any]) -> None:
        user = _user(options)
        path = Path(options["file"])
        try:
            loads = code_file_load(
                system=options["system"],
                path=path,
                file_format=options["file_format"],
                user=user,
                source=LoadSource.COMMAND,
            )
        except ValidationFailed as exc:
            lines = [f"  {where}: {message}" for where, messages in exc.errors.items() for message in messages]
            raise CommandError("The file was not loaded; nothing changed.\n" + "\n".join(lines[:50])) from exc
        for load in loads:
            self.stdout.write(self.style.SUCCESS(_describe(load)))

    def _load_edits(self, action: str, options: dict[str, Any]) -> None:
        user = _user(options)
        path = Path(options["file"])
        try:
            if action == "ncci-ptp":
                load = ptp_file_load(path=path, part=options["part"], user=user, source=LoadSource.COMMAND)
            else:
                load = mue_file_load(
                    path=path, effective=_date(options["effective"]), user=user, source=LoadSource.COMMAND
                )
        except ValidationFailed as exc:
            lines = [f"  {where}: {message}" for where, messages in exc.errors.items() for message in messages]
            raise CommandError("The file was not loaded; nothing changed.\n" + "\n".join(lines[:50])) from exc
        self.stdout.write(self.style.SUCCESS(_describe(load)))

    def _history(self) -> None:
        for load in CodeLoad.objects.select_related("loaded_by")[:50]:
            who = load.loaded_by.username if load.loaded_by else load.get_source_display()
            self.stdout.write(f"{load.loaded_at:%Y-%m-%d %H:%M}  {who:<12} {_describe(load)}")


def _user(options: dict[str, Any]) -> User | None:
    if not options["user"]:
        return None
    user = User.objects.filter(username=options["user"]).first()
    if user is None:
        raise CommandError(f"No user named {options['user']!r}.")
    return user


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--effective {text!r} is not a date YYYY-MM-DD.") from exc


def _describe(load: CodeLoad) -> str:
    label = EditFile(load.system).label if load.system in EditFile.values else CodeSystem(load.system).label
    return (
        f"{label}: {load.file_name} ({load.release or load.file_format}) — "
        f"{load.records:,} records: {load.added:,} added, {load.changed:,} changed, "
        f"{load.terminated:,} terminated, {load.unchanged:,} unchanged, in {load.seconds:.1f} s"
    )
