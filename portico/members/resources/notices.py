"""Who hears of what happens to a member resource request, in the portal (and by an email that says only that
there is something to read, for those who asked). Texts carry the request's reference only — never the member,
the program's details or anyone's words — and are translated when read."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from portico.accounts.models import User
from portico.members.resources.models import ResourceRequest
from portico.members.resources.queries import resource_people
from portico.messaging.models import Notification, NotificationTopic
from portico.messaging.services import notification_send

QUESTION = gettext_noop("Member resource request %(reference)s: the plan asks a question. Answer in the portal.")
ARRANGED = gettext_noop("Member resource request %(reference)s: approved and arranged.")
DENIED = gettext_noop("Member resource request %(reference)s: denied. The reason is in the portal.")
COMPLETED = gettext_noop("Member resource request %(reference)s: completed.")
NOTE = gettext_noop("Member resource request %(reference)s: the plan added a note.")
ANSWERED = gettext_noop("Member resource request %(reference)s: the provider answered your question.")
WITHDRAWN = gettext_noop("Member resource request %(reference)s: the provider withdrew it.")


def provider_people(row: ResourceRequest) -> list[User]:
    """The person who sent the request, while they may still send requests for its organization; otherwise
    everyone who may (so a question never goes unheard when the sender has left)."""
    people = resource_people(organization_id=row.organization_id)
    own = [u for u in people if u.pk == row.submitted_by_id]
    return own or people


def to_provider(row: ResourceRequest, message: str, *, by: User) -> list[Notification]:
    return notification_send(
        recipients=[u for u in provider_people(row) if u.pk != by.pk],
        topic=NotificationTopic.MEMBER_RESOURCES,
        message=message,
        params={"reference": row.reference},
        link=reverse("resources:detail", args=[row.pk]),
        organization_id=row.organization_id,
    )


def to_plan(row: ResourceRequest, message: str, *, by: User) -> list[Notification]:
    """The care coordinator holding the request; while nobody does, none (the queue shows it)."""
    if row.assignee_id is None or row.assignee is None:
        return []
    return notification_send(
        recipients=[row.assignee] if row.assignee_id != by.pk else [],
        topic=NotificationTopic.MEMBER_RESOURCES,
        message=message,
        params={"reference": row.reference},
        link=reverse("resources:work", args=[row.pk]),
    )
