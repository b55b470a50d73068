"""The one access model for member data.

A provider organization sees a member only through a relationship the system can name:
(a) an eligibility inquiry with matching identifiers, which opens the member for a configurable time;
(b) the member on one of the organization's PCP panels;
(c) a claim or an authorization linking the two — apps that hold those register a relationship check
    here (``relationship_register``), so this module never imports them.
Everything else is "not found", the same answer as for a member who does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from portico.members.models import MemberAccessGrant, PcpAssignment

# A relationship check takes (organization_id, member_id) and says whether a relationship exists.
RelationshipCheck = Callable[[int, int], bool]
_relationship_checks: dict[str, RelationshipCheck] = {}


def relationship_register(*, name: str, check: RelationshipCheck) -> None:
    """Let another domain (claims, authorizations) vouch for an organization's relationship to a member."""
    _relationship_checks[name] = check


# A repeat inquiry within this long of the last one does not rewrite the grant (saves a write per inquiry).
GRANT_REFRESH = dt.timedelta(hours=1)


def grant_open(*, organization_id: int, member_id: int) -> None:
    """Open (or extend) the member to the organization after an inquiry with matching identifiers."""
    now = timezone.now()
    expires = now + dt.timedelta(days=settings.PORTICO["ELIGIBILITY_ACCESS_DAYS"])
    refreshed = MemberAccessGrant.objects.filter(
        organization_id=organization_id, member_id=member_id, granted_at__gte=now - GRANT_REFRESH
    ).exists()
    if refreshed:
        return
    MemberAccessGrant.objects.update_or_create(
        organization_id=organization_id,
        member_id=member_id,
        defaults={"granted_at": now, "expires_at": expires},
    )


def on_pcp_panel(*, organization_id: int, member_id: int, as_of: dt.date | None = None) -> bool:
    day = as_of or timezone.localdate()
    return PcpAssignment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=day),
        member_id=member_id,
        location__organization_id=organization_id,
        start__lte=day,
    ).exists()


def relationship_of(*, organization_id: int | None, member_id: int) -> str | None:
    """The name of the relationship that lets the organization see the member, or None."""
    if organization_id is None:
        return None
    if MemberAccessGrant.objects.filter(
        organization_id=organization_id, member_id=member_id, expires_at__gt=timezone.now()
    ).exists():
        return "eligibility_inquiry"
    if on_pcp_panel(organization_id=organization_id, member_id=member_id):
        return "pcp_panel"
    for name, check in _relationship_checks.items():
        if check(organization_id, member_id):
            return name
    return None
