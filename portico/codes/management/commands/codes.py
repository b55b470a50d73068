"""``portico codes``: load code files, list past loads, and load the demo world's code sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.models import User
from portico.authorizations.demo import authorization_demo_ensure
from portico.claims.demo import claim_demo_ensure
from portico.codes.demo_sets import demo_code_sets_load
from portico.codes.loading import code_file_load
from portico.codes.models import CodeLoad, CodeSystem, LoadSource
from portico.common.errors import ValidationFailed
from portico.payments.demo import payment_demo_ensure


class Command(BaseCommand):
    help = "Code sets: `load SYSTEM FILE`, `history`, `demo [--from DIR]`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="load one official code file into a code system")
        load.add_argument("system", choices=CodeSystem.values)
        load.add_argument("file", help="the file; for ICD-10-CM from the installed package, write `package`")
        load.add_argument("--format", dest="file_format", default=None, help="the file's format if not evident")
        load.add_argument("--user", default=None, help="username to record as the loader")
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
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
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

    def _history(self) -> None:
        for load in CodeLoad.objects.select_related("loaded_by")[:50]:
            who = load.loaded_by.username if load.loaded_by else load.get_source_display()
            self.stdout.write(f"{load.loaded_at:%Y-%m-%d %H:%M}  {who:<12} {_describe(load)}")


def _describe(load: CodeLoad) -> str:
    return (
        f"{CodeSystem(load.system).label}: {load.file_name} ({load.release or load.file_format}) — "
        f"{load.records:,} records: {load.added:,} added, {load.changed:,} changed, "
        f"{load.terminated:,} terminated, {load.unchanged:,} unchanged, in {load.seconds:.1f} s"
    )
