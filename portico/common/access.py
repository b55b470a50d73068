"""Who is asking, and the one way their reads of member data are recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from portico.common.models import AccessAction, AccessEvent, Channel

if TYPE_CHECKING:
    from portico.accounts.models import User


@dataclass(frozen=True)
class Actor:
    """A signed-in person acting for one organization (or as plan staff) through one channel."""

    user: User
    organization_id: int | None
    channel: Channel
    ip_address: str | None = None


# A write that must commit together with an access event: SQL and its parameters.
Statement = tuple[str, list[Any]]


def access_record(
    *,
    actor: Actor,
    action: AccessAction,
    member_id: int | None = None,
    detail: str = "",
    together_with: Statement | None = None,
) -> AccessEvent:
    """Record one access event; ``together_with`` is a write that commits with it or not at all.

    On PostgreSQL the write and the event are one statement (a data-modifying WITH), so one round trip and
    no separate transaction; elsewhere they share a transaction.
    """
    event = AccessEvent(
        occurred_at=timezone.now(),
        user=actor.user,
        organization_id=actor.organization_id,
        member_id=member_id,
        action=action,
        channel=actor.channel,
        detail=detail[:200],
        ip_address=actor.ip_address,
    )
    # Hand-written: this runs on every read of member data, and the ORM's insert path costs more than the
    # statement itself. The model still defines the table and its constraints.
    insert = (
        f"INSERT INTO {AccessEvent._meta.db_table} (occurred_at, user_id, organization_id, member_id, action, "  # noqa: S608 - table from the model, values bound
        "channel, detail, ip_address) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
    )
    values: list[Any] = [
        connection.ops.adapt_datetimefield_value(event.occurred_at), event.user_id, event.organization_id,
        event.member_id, event.action, event.channel, event.detail, event.ip_address,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if together_with is None:
            cursor.execute(insert, values)
            event.pk = cursor.fetchone()[0]
        elif connection.vendor == "postgresql":
            cursor.execute(f"WITH together AS ({together_with[0]}) {insert}", [*together_with[1], *values])
            event.pk = cursor.fetchone()[0]
        else:
            with transaction.atomic():
                cursor.execute(*together_with)
                cursor.execute(insert, values)
                event.pk = cursor.fetchone()[0]  # before the savepoint closes: SQLite insists
    return event


def access_record_many(*, actor: Actor, action: AccessAction, member_ids: Iterable[int], detail: str = "") -> int:
    events = [
        AccessEvent(
            user=actor.user,
            organization_id=actor.organization_id,
            member_id=member_id,
            action=action,
            channel=actor.channel,
            detail=detail[:200],
            ip_address=actor.ip_address,
        )
        for member_id in member_ids
    ]
    AccessEvent.objects.bulk_create(events, batch_size=500)
    return len(events)
