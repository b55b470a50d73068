"""Reads of member data. Each one checks access and records an access event; nothing else reads members."""

from __future__ import annotations

from portico.common.access import Actor, access_record
from portico.common.errors import NotFound
from portico.common.models import AccessAction
from portico.members.access import relationship_of
from portico.members.models import Member

MEMBER_NOT_FOUND = "Member not found."


def access_member(*, actor: Actor, member_id: int, action: AccessAction = AccessAction.MEMBER_VIEW) -> Member:
    """The member, if the actor's organization has a relationship with them; otherwise NotFound.

    Both outcomes are recorded. A member who does not exist and one out of scope look the same.
    """
    member = Member.objects.filter(pk=member_id).first()
    relationship = relationship_of(organization_id=actor.organization_id, member_id=member.pk) if member else None
    if member is None or relationship is None:
        access_record(
            actor=actor,
            action=AccessAction.MEMBER_DENIED,
            member_id=member.pk if member else None,
            detail=f"requested member {member_id}",
        )
        raise NotFound(MEMBER_NOT_FOUND)
    access_record(actor=actor, action=action, member_id=member.pk, detail=f"via {relationship}")
    return member
