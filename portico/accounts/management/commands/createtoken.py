from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portico.accounts.models import User
from portico.accounts.queries import memberships_of
from portico.accounts.services import api_token_create
from portico.common.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for USERNAME (acting for their first, or the named, organization)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--organization", type=int, help="organization id, if the user has several")
        parser.add_argument("--days", type=int, default=90, help="how long the token works: 30, 90, 180 or 365")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        memberships = list(memberships_of(user=user))
        if not memberships:
            raise CommandError("That user belongs to no organization; API tokens act for one.")
        organization_id = options["organization"] or memberships[0].organization_id
        try:
            _token, raw = api_token_create(
                user=user, organization_id=organization_id, name=options["name"], days=options["days"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
