"""Password sign-in that also asks: may this person act for anyone? A provider person whose every membership has
been disabled by their organizations' administrators cannot sign in. (A session already open acts for no one:
the organization middleware offers only active memberships, and API tokens check theirs on every call.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from portico.accounts.people.access import person_may_sign_in


class PersonBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not person_may_sign_in(user):
            return None
        return user
