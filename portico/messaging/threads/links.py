"""What a thread may be about: one member, authorization request or (once claims exist) claim that the sender
may see. Each kind registers a resolver; a thread stores only the kind, the object's id, a short reference and
the member it concerns.

A resolver turns what the sender typed (a member ID, a request number) into a ``Link`` through that domain's own
access-scoped query — ``members.queries.access_member``, ``authorizations.queries.access_authorization`` — so
what the organization may not see answers "not found" and the attempt is recorded there, as everywhere else.

Claims plug in later with one call, from the claims app::

    link_kind_register(LinkKind(key="claim", label=_("Claim"), field_label=_("Claim number (ICN)"),
                                resolve=claim_link_resolve))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.authorizations.models import AuthorizationRequest
from portico.authorizations.queries import access_authorization
from portico.common.access import Actor
from portico.common.errors import NotFound, ValidationFailed
from portico.members.lookup import member_number_normalize
from portico.members.models import Member
from portico.members.queries import access_member

LINK_FIELD = "link_reference"


@dataclass(frozen=True)
class Link:
    kind: str
    object_id: int
    label: str  # the reference shown on the thread: a member ID, a request number — never a name
    member_id: int | None


# What the sender typed -> the link, or NotFound (out of scope or nonexistent: the same).
Resolver = Callable[[Actor, str], Link]


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str | Promise
    field_label: str | Promise
    resolve: Resolver


_KINDS: dict[str, LinkKind] = {}


def link_kind_register(kind: LinkKind) -> None:
    _KINDS[kind.key] = kind


def link_kinds() -> list[LinkKind]:
    return list(_KINDS.values())


def link_kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return str(kind.label) if kind else key


def link_resolve(*, actor: Actor, kind: str, reference: str) -> Link | None:
    """The link the sender asked for, or None when they asked for none. Raises ValidationFailed naming the field
    for an unknown kind, an empty reference, or anything the organization may not see."""
    kind = (kind or "").strip()
    reference = (reference or "").strip()
    if not kind:
        if reference:
            raise ValidationFailed({"link_kind": [_("Choose what the number you typed is.")]})
        return None
    found = _KINDS.get(kind)
    if found is None:
        raise ValidationFailed({"link_kind": [_("Choose what the message is about from the list.")]})
    if not reference:
        raise ValidationFailed({LINK_FIELD: [_("Type the %(what)s.") % {"what": str(found.field_label).lower()}]})
    try:
        return found.resolve(actor, reference)
    except NotFound:
        raise ValidationFailed(
            {
                LINK_FIELD: [
                    _("No %(what)s %(reference)s that your organization can see.")
                    % {"what": str(found.label).lower(), "reference": reference[:40]}
                ]
            }
        ) from None


def member_link_resolve(actor: Actor, reference: str) -> Link:
    """A member the organization can reach (a relationship ``access_member`` names), by plan member ID."""
    number = member_number_normalize(reference)
    pk = Member.objects.filter(member_number=number).values_list("pk", flat=True).first() if number else None
    # access_member records the attempt either way; a number that names nobody is denied like one out of scope.
    member = access_member(actor=actor, member_id=pk or 0)
    return Link(kind="member", object_id=member.pk, label=member.member_number, member_id=member.pk)


def authorization_link_resolve(actor: Actor, reference: str) -> Link:
    """One of the organization's own prior-authorization requests, by its number."""
    number = reference.strip().upper()
    pk = AuthorizationRequest.objects.filter(number=number).values_list("pk", flat=True).first()
    found = access_authorization(actor=actor, request_id=pk or 0)
    return Link(kind="authorization", object_id=found.pk, label=str(found), member_id=found.member_id)


link_kind_register(
    LinkKind(
        key="member",
        label=gettext_lazy("Member"),
        field_label=gettext_lazy("Member ID"),
        resolve=member_link_resolve,
    )
)
link_kind_register(
    LinkKind(
        key="authorization",
        label=gettext_lazy("Authorization request"),
        field_label=gettext_lazy("Authorization request number"),
        resolve=authorization_link_resolve,
    )
)
