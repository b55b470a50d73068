"""The demo world's secure messages: plan staff personas in their teams, every organization's provider relations
specialist, and a few threads in every state, written through the real services by the demo personas.

Threads (all dated from the demo world's as-of date, so they look the same whenever the loader ran):
Thimbleberry (``clinicadmin``) asks Claims about Maria Delgado-Ruiz's visit (CH100000001), waiting, due soon, not
taken yet; asks Utilization Management about a CPAP extension, answered within the target; and a remittance question
Claims answered that the clinic wrote back on, assigned to ``examiner`` and waiting again. Basalt Ridge
(``coordinator``, who holds the Messaging role) asks Provider Relations about adding a practitioner — past its
target, assigned to ``provrel`` — and had a closed thread with Provider Services answered late.

The services stamp everything with the real clock; each story's moments are then set to the story's days with
``_restamp``, and the due times computed again from them with the same business-day rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from portico.accounts.models import Membership, User
from portico.common.access import Actor
from portico.common.errors import ValidationFailed
from portico.common.models import Channel
from portico.messaging.threads.business_days import holidays_between, is_business_day, reply_due_at
from portico.messaging.threads.models import (
    Message,
    MessageThread,
    OrganizationContact,
    PlanTeam,
    ThreadRead,
    ThreadStatus,
)
from portico.messaging.threads.services import (
    thread_assign,
    thread_close,
    thread_reply,
    thread_staff_reply,
    thread_start,
)
from portico.messaging.threads.teams import plan_teams_ensure

# Demo staff personas and the teams whose inboxes they work.
TEAM_STAFF = {
    "claims": ("examiner",),
    "utilization-management": ("umnurse",),
    "provider-relations": ("provrel",),
    "provider-services": ("provrel",),
}
SPECIALIST = "provrel"
SPECIALIST_PHONE = "503-555-0188"


@dataclass(frozen=True)
class Step:
    who: str  # a persona's username
    text: str
    business_days_before: int  # before the as-of date
    hour: int = 10


def _moment(as_of: dt.date, business_days_before: int, hour: int) -> dt.datetime:
    """``hour`` o'clock (plan time) on the business day that many business days before ``as_of``."""
    holidays = holidays_between(as_of - dt.timedelta(days=60), as_of)
    day = as_of
    while business_days_before > 0 or not is_business_day(day, holidays):
        day -= dt.timedelta(days=1)
        if is_business_day(day, holidays):
            business_days_before -= 1
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_default_timezone())


def _restamp(thread: MessageThread, moments: list[dt.datetime]) -> None:
    """Give the thread's messages the story's moments (in order), compute each wait's due time again from them, and
    let each answered wait be answered by the next plan message (or the close)."""
    messages = list(Message.objects.filter(thread=thread).order_by("created_at", "id"))
    closed_at = moments[-1] + dt.timedelta(minutes=5)
    for message, moment in zip(messages, moments, strict=True):
        message.created_at = moment
        if message.due_at is not None:
            message.due_at = reply_due_at(received_at=moment, days=thread.team.reply_target_days)
    answers = [m for m in messages if m.from_plan]
    for message in messages:
        if message.due_at is not None and message.answered_at is not None:
            answer = next((a for a in answers if a.created_at > message.created_at), None)
            message.answered_at = answer.created_at if answer else closed_at
        message.save(update_fields=["created_at", "due_at", "answered_at"])
    waiting = [m for m in messages if m.due_at is not None and m.answered_at is None]
    thread.created_at = moments[0]
    thread.last_message_at = moments[-1]
    thread.due_at = waiting[-1].due_at if waiting and thread.status == ThreadStatus.OPEN else None
    thread.closed_at = closed_at if thread.closed_at is not None else None
    thread.save(update_fields=["created_at", "last_message_at", "due_at", "closed_at"])
    ThreadRead.objects.filter(thread=thread).update(read_at=moments[-1])


def messaging_demo_create(*, organization_ids: dict[str, int], as_of: dt.date) -> int:
    """Put the staff personas in their teams, give every demo organization its specialist, and tell the threads;
    returns the number of threads. Does nothing the second time (the demo threads are there)."""
    plan_teams_ensure()  # seeded by the migration; back if the database was emptied since
    people = {u.username: u for u in User.objects.filter(username__in=["clinicadmin", "coordinator", "examiner",
                                                                          "umnurse", "provrel"])}  # fmt: skip
    for key, usernames in TEAM_STAFF.items():
        team = PlanTeam.objects.get(key=key)
        team.staff.add(*[people[name] for name in usernames if name in people])
    if SPECIALIST in people:
        for organization_id in organization_ids.values():
            OrganizationContact.objects.update_or_create(
                organization_id=organization_id,
                defaults={"specialist": people[SPECIALIST], "phone": SPECIALIST_PHONE},
            )
    if MessageThread.objects.exists() or not {"clinicadmin", "coordinator", "examiner"} <= set(people):
        return 0
    thimbleberry, basalt = organization_ids["thimbleberry"], organization_ids["basalt-ridge"]

    def actor(username: str, organization_id: int) -> Actor:
        return Actor(user=people[username], organization_id=organization_id, channel=Channel.BATCH)

    def team_id_of(key: str) -> int:
        return PlanTeam.objects.values_list("pk", flat=True).get(key=key)

    def at(days: int, hour: int = 10) -> dt.datetime:
        return _moment(as_of, days, hour)

    made = 0
    # 1. Waiting, due soon, nobody has taken it: Claims, about a member.
    try:
        first = thread_start(
            actor=actor("clinicadmin", thimbleberry), team_id=team_id_of("claims"), topic="claim",
            subject="Office visit paid at the wrong rate",
            body="The 99214 visit last week was paid at the 99213 rate. Could you check the pricing?",
            link_kind="member", link_reference="CH100000001",
        )  # fmt: skip
    except ValidationFailed:  # the member is not on the clinic's panel in this world: the thread goes without
        first = thread_start(
            actor=actor("clinicadmin", thimbleberry), team_id=team_id_of("claims"), topic="claim",
            subject="Office visit paid at the wrong rate",
            body="The 99214 visit last week was paid at the 99213 rate. Could you check the pricing?",
        )  # fmt: skip
    _restamp(first, [at(1, 14)])
    made += 1

    # 2. Answered within the target: Utilization Management.
    um = PlanTeam.objects.get(key="utilization-management")
    if um.staff.exists():
        second = thread_start(
            actor=actor("clinicadmin", thimbleberry), team_id=um.pk, topic="authorization",
            subject="CPAP request: when will the extension end?",
            body="The CPAP request was extended. When should we expect the decision?",
        )  # fmt: skip
        thread_staff_reply(
            user=um.staff.first(),  # type: ignore[arg-type]
            thread_id=second.pk,
            body="The extension runs 14 days; we asked the sleep study for its report and will decide when it comes.",
        )
        _restamp(second, [at(6, 9), at(5, 15)])
        made += 1

    # 3. Answered, the clinic wrote back: waiting again, assigned to the examiner.
    third = thread_start(
        actor=actor("clinicadmin", thimbleberry), team_id=team_id_of("claims"), topic="claim",
        subject="Remittance shows an adjustment we do not understand",
        body="The last remittance has a CO-45 on two lines. What does it mean for us?",
    )  # fmt: skip
    thread_staff_reply(
        user=people["examiner"],
        thread_id=third.pk,
        body="CO-45 means the charge is above the fee schedule: the difference is written off, not billed.",
    )
    thread_reply(
        actor=actor("clinicadmin", thimbleberry), thread_id=third.pk,
        body="Thank you. Is the fee schedule for 2026 published in the document library?",
    )  # fmt: skip
    _restamp(third, [at(4, 9), at(3, 11), at(1, 9)])
    made += 1

    coordinator_in_basalt = Membership.objects.filter(user=people["coordinator"], organization_id=basalt).exists()
    if coordinator_in_basalt and "provrel" in people:
        # 4. Past its target, assigned to provider relations.
        fourth = thread_start(
            actor=actor("coordinator", basalt), team_id=team_id_of("provider-relations"), topic="contracting",
            subject="Adding a new cardiologist to our group",
            body="Dr. Ines Albrecht joins us next month. What do you need from us to add her?",
        )  # fmt: skip
        thread_assign(user=people["provrel"], thread_id=fourth.pk, action="take")
        _restamp(fourth, [at(5, 11)])
        # 5. Closed, answered late: Provider Services.
        fifth = thread_start(
            actor=actor("coordinator", basalt), team_id=team_id_of("provider-services"), topic="portal",
            subject="Portal access for a new front-desk hire",
            body="How does our new front-desk person get an account?",
        )  # fmt: skip
        thread_staff_reply(
            user=people["provrel"],
            thread_id=fifth.pk,
            body="Your administrator invites them under People & roles; the invitation link is valid for 7 days.",
        )
        thread_close(user=people["provrel"], thread_id=fifth.pk)
        _restamp(fifth, [at(10, 10), at(6, 16)])
        made += 2
    return made
