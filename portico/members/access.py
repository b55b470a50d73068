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
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from portico.common.access import Statement
from portico.members.models import MemberAccessGrant, PcpAssignment

# A relationship check takes (organization_id, member_id) and says whether a relationship exists.
RelationshipCheck = Callable[[int, int], bool]
_relationship_checks: dict[str, RelationshipCheck] = {}


def relationship_register(*, name: str, check: RelationshipCheck) -> None:
    """Let another domain (claims, authorizations) vouch for an organization's relationship to a member."""
    _relationship_checks[name] = check


# A repeat inquiry within this long of the last one does not rewrite the grant (saves a row version per
# inquiry on the hottest path; the expiry moves by at most this much).
GRANT_REFRESH = dt.timedelta(hours=1)


def grant_statement(*, organization_id: int, member_id: int) -> Statement:
    """The write that opens (or extends) the member to the organization after a matching inquiry.

    One statement on SQLite and PostgreSQL alike: insert, or extend a grant older than GRANT_REFRESH. It is
    recorded with the inquiry's access event (``access_record(together_with=...)``): neither stands alone.
    """
    now = timezone.now()
    expires = now + dt.timedelta(days=settings.PORTICO["ELIGIBILITY_ACCESS_DAYS"])
    table = MemberAccessGrant._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"INSERT INTO {table} (organization_id, member_id, granted_at, expires_at) VALUES (%s, %s, %s, %s) "  # noqa: S608 - table name from the model, values bound
        f"ON CONFLICT (organization_id, member_id) DO UPDATE "
        f"SET granted_at = excluded.granted_at, expires_at = excluded.expires_at "
        f"WHERE {table}.granted_at < %s"
    )
    return sql, [organization_id, member_id, adapt(now), adapt(expires), adapt(now - GRANT_REFRESH)]


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
