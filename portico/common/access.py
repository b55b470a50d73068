"""Who is asking, and the one way their reads of member data are recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    return AccessEvent.objects.create(
        user=actor.user,
        organization_id=actor.organization_id,
        member_id=member_id,
        action=action,
        channel=actor.channel,
        detail=detail[:200],
        ip_address=actor.ip_address,
    )


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
