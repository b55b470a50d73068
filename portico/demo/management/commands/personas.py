"""``portico personas``: who to sign in as in the demo world, and what to try."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.models import Membership, User
from portico.demo.build import demo_world_loaded
from portico.demo.personas import DEMO_PASSWORD, DEMO_TOTP_SECRET, PERSONAS


class Command(BaseCommand):
    help = "List the demo personas: username, password, organizations and what to try."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        using: str = options["database"]
        build = demo_world_loaded(using=using)
        if build is None or not build.finished:
            raise CommandError(
                "The demo world is not loaded in this database. Build it first, e.g. "
                "`portico demo-data --members 10000 --seed 1`."
            )
        users = {u.username: u for u in User.objects.using(using).filter(username__in=[p.username for p in PERSONAS])}
        memberships: dict[int, list[str]] = {}
        for m in Membership.objects.using(using).filter(user__in=users.values()).select_related("organization"):
            memberships.setdefault(m.user_id, []).append(m.organization.legal_name)
        rows = [("persona", "username", "password", "organization(s)", "what to try")]
        for persona in PERSONAS:
            user = users.get(persona.username)
            if user is None:
                continue
            orgs = "; ".join(sorted(memberships.get(user.pk, []))) or "Cascadia Health (plan staff)"
            rows.append((persona.title, persona.username, DEMO_PASSWORD, orgs, persona.try_this))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write(
            f"Demo world: seed {build.seed}, {build.members:,} members, as of {build.as_of.isoformat()}. "
            "All people and organizations are fictional."
        )
        for index, row in enumerate(rows):
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])]
            self.stdout.write("  ".join([*cells, row[4]]).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in [*widths, len(row[4])]))
        self.stdout.write(
            "\nTwo-step verification: after the password the portal asks for a code. Print a persona's current "
            "code with `portico demo-code USERNAME`, or add the demo secret "
            f"{DEMO_TOTP_SECRET} (time-based, 6 digits, 30 s) to any authenticator app: every persona shares it. "
            "Demo only."
        )
