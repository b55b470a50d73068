"""A message thread may be about one of the organization's claims, named by its ICN; it goes to the Claims team."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from portico.claims.queries import access_claim
from portico.common.access import Actor
from portico.messaging.threads.links import Link, LinkKind, link_kind_register


def claim_link_resolve(actor: Actor, reference: str) -> Link:
    """One of the organization's own claims, by its ICN (access_claim records the attempt either way)."""
    found = access_claim(actor=actor, icn=reference)
    return Link(kind="claim", object_id=found.pk, label=found.icn or "", member_id=found.member_id)


link_kind_register(
    LinkKind(
        key="claim",
        label=gettext_lazy("Claim"),
        field_label=gettext_lazy("Claim number (ICN)"),
        resolve=claim_link_resolve,
    )
)
