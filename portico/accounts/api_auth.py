"""Bearer-token authentication for the JSON API, with the role check done at the door.

``TokenAuth()`` lets in any live token; ``TokenAuth(ProviderRole.ELIGIBILITY, ...)`` also requires the token's
person to hold one of those roles (or the administrator role) in the token's organization *now* — read in the
same query as the token. The check runs before the request body is validated, so a person without the role
gets 403 whatever they send, never a validation answer that reveals the operation's rules.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from portico.accounts.models import ProviderRole
from portico.accounts.services import api_token_authenticate
from portico.common.errors import PermissionDenied


class TokenAuth(HttpBearer):
    def __init__(self, *roles: ProviderRole) -> None:
        super().__init__()
        self.roles = roles

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_authenticate(raw=token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        if self.roles:
            held = getattr(api_token, "membership_roles", None) or []
            if ProviderRole.ADMINISTRATOR.value not in held and not any(r.value in held for r in self.roles):
                names = " / ".join(str(r.label) for r in self.roles)
                raise PermissionDenied(_("Your role in this organization does not include %(role)s.") % {"role": names})
        return api_token
