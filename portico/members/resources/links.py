"""A secure message may be about a member resource request: the organization's own, by its reference (MR-000123),
resolved through ``access_resource_request`` so another organization's request answers "not found" (and the attempt
is recorded), as everywhere else. Registered with messaging when the members app is ready."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from portico.common.access import Actor
from portico.members.resources.queries import access_resource_request
from portico.messaging.threads.links import Link, LinkKind, link_kind_register

KIND = "member_resource"


def resource_link_resolve(actor: Actor, reference: str) -> Link:
    text = "".join(reference.split()).upper()
    number = text.removeprefix("MR-").removeprefix("MR")
    found = access_resource_request(actor=actor, request_id=int(number) if number.isdigit() else 0)
    return Link(kind=KIND, object_id=found.pk, label=found.reference, member_id=found.member_id)


def resource_link_register() -> None:
    link_kind_register(
        LinkKind(
            key=KIND,
            label=gettext_lazy("Member resource request"),
            field_label=gettext_lazy("Member resource request number"),
            resolve=resource_link_resolve,
        )
    )
