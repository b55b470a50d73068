"""Who is asking, and the one way their reads of member data are recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
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


def access_record(*, actor: Actor, action: AccessAction, member_id: int | None = None, detail: str = "") -> AccessEvent:
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
    # One hand-written INSERT: this runs on every read of member data, and the ORM's insert path costs more
    # than the statement itself on this hot path. The model still defines the table and its constraints.
    table = AccessEvent._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (occurred_at, user_id, organization_id, member_id, action, channel, detail, "  # noqa: S608 - table from the model, values bound
            "ip_address) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            [
                adapt(event.occurred_at), event.user_id, event.organization_id, event.member_id,
                event.action, event.channel, event.detail, event.ip_address,
            ],
        )  # fmt: skip
        event.pk = cursor.fetchone()[0]
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
