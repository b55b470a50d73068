"""The demo world's member resource requests: Thimbleberry's front desk (``frontdesk``) and administrator
(``clinicadmin``) ask for the well-known members, and the care coordinator (``carecoord``) works them — through the
real services, dated from the as-of date so they read the same whenever the loader ran.

Maria Torres (CH100000001, prefers Spanish): an interpreter, **arranged**; and a climate device — **waiting** in the
queue when the as-of date is in the season (May to October), otherwise delivered last summer (**completed**).
Harold Jensen (CH100000002, D-SNP): a wheelchair ride, the coordinator **asks a question** (answer it as
``frontdesk``). Kevin Walsh (CH100000003, coverage ended last month): help renewing, **sent**, nobody has taken it.
Aisha Mohamed (CH100000004): rent assistance, **in review** with the coordinator. Sofia Ramirez (CH100000007): a
fruit and vegetable prescription, **denied** with the reason. Walter Price (CH100000008): a ride, **withdrawn**.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from portico.accounts.models import User
from portico.common.access import Actor
from portico.common.errors import DomainError
from portico.common.models import Channel
from portico.members.eligibility import EligibilityInquiry, eligibility_check
from portico.members.models import Member
from portico.members.resources.catalog import resource_catalog_ensure
from portico.members.resources.models import ResourceRequest
from portico.members.resources.rules import in_season, program_in_force
from portico.members.resources.services import (
    resource_request_arrange,
    resource_request_ask,
    resource_request_complete,
    resource_request_deny,
    resource_request_note,
    resource_request_submit,
    resource_request_take,
    resource_request_withdraw,
)

COORDINATOR = "carecoord"
PEOPLE = ("frontdesk", "clinicadmin", COORDINATOR)


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_default_timezone())


def _restamp(row: ResourceRequest, moments: list[dt.datetime]) -> None:
    """Give the request's events the story's moments, in order, and the request its sent, changed and closed
    times from them."""
    events = list(row.events.order_by("id"))
    for event, moment in zip(events, moments, strict=True):
        event.at = moment
        event.save(update_fields=["at"])
    row.refresh_from_db()
    row.submitted_at = moments[0]
    row.updated_at = moments[-1]
    row.closed_at = moments[-1] if row.closed_at is not None else None
    row.save(update_fields=["submitted_at", "updated_at", "closed_at"])


def _sent_at(row: ResourceRequest, moment: dt.datetime) -> None:
    """Date the request before the coordinator works it (an arrangement may not be dated before the request)."""
    ResourceRequest.objects.filter(pk=row.pk).update(submitted_at=moment)


def _last_summer_day(as_of: dt.date) -> dt.date:
    """July 15 of the latest summer on or before ``as_of``."""
    day = dt.date(as_of.year, 7, 15)
    return day if day <= as_of else dt.date(as_of.year - 1, 7, 15)


def resources_demo_create(*, organization_ids: dict[str, int], as_of: dt.date) -> int:
    """Tell the stories above; returns the number of requests made. Does nothing the second time, or without
    the personas; a story whose program is not offered on the as-of date (a world dated before 2025) is left out."""
    resource_catalog_ensure()
    people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
    if ResourceRequest.objects.exists() or set(PEOPLE) - set(people):
        return 0
    thimbleberry = organization_ids["thimbleberry"]
    members = {m.member_number: m for m in Member.objects.filter(member_number__startswith="CH10000000")}
    coordinator = people[COORDINATOR]

    def actor(username: str) -> Actor:
        return Actor(user=people[username], organization_id=thimbleberry, channel=Channel.BATCH)

    def day(offset: int) -> dt.date:
        return as_of + dt.timedelta(days=offset)

    def submit(username: str, number: str, program: str, values: dict[str, Any], today: dt.date) -> ResourceRequest:
        return resource_request_submit(
            actor=actor(username), program_key=program, member_reference=number, values=values, today=today
        )

    made = 0

    def story(tell: Callable[[], None]) -> None:
        nonlocal made
        try:
            tell()
        except DomainError:
            return  # the program is not offered then, or the member not reachable in this world
        made += 1

    def interpreter() -> None:
        appointment = day(6)
        row = submit("frontdesk", "CH100000001", "interpreter", {
            "language": "Spanish", "interpretation_mode": "in_person",
            "appointment_date": appointment.isoformat(), "appointment_time": "09:30",
        }, as_of)  # fmt: skip
        _sent_at(row, _moment(day(-3), 10))
        resource_request_take(user=coordinator, request_id=row.pk)
        resource_request_arrange(
            user=coordinator, request_id=row.pk, scheduled_for=appointment,
            arrangement="Cascadia Health language services: a certified Spanish interpreter, booking LS-20417",
        )  # fmt: skip
        _restamp(row, [_moment(day(-3), 10), _moment(day(-2), 9), _moment(day(-2), 11)])

    def ride_with_question() -> None:
        row = submit("frontdesk", "CH100000002", "rides", {
            "appointment_date": day(5).isoformat(), "appointment_time": "14:00",
            "pickup_address": "The member's home (address on file)",
            "destination": "Thimbleberry Family Medicine - Keizer, 5120 River Rd N, Keizer, OR",
            "mobility_needs": "wheelchair",
        }, as_of)  # fmt: skip
        _sent_at(row, _moment(day(-2), 15))
        resource_request_take(user=coordinator, request_id=row.pk)
        resource_request_ask(
            user=coordinator, request_id=row.pk,
            question="Will Mr. Jensen travel with an attendant, and does his wheelchair fold?",
        )  # fmt: skip
        _restamp(row, [_moment(day(-2), 15), _moment(day(-1), 9), _moment(day(-1), 9)])

    def coverage_help() -> None:
        # The front desk checked his eligibility first (coverage ended last month): that opens him to the clinic.
        kevin = members["CH100000003"]
        eligibility_check(
            actor=actor("frontdesk"),
            inquiry=EligibilityInquiry(birth_date=kevin.birth_date, date_of_service=as_of, member_id="CH100000003"),
            throttle=False,
        )
        row = submit("frontdesk", "CH100000003", "coverage-help", {
            "help_needed": "renew",
            "help_details": "His OHP ended when he moved; he is back in Salem and wants to re-apply.",
        }, as_of)  # fmt: skip
        _restamp(row, [_moment(day(-1), 11)])

    def housing() -> None:
        row = submit("clinicadmin", "CH100000004", "housing-supports", {
            "hrsn_attestation": True, "housing_support": "rent_utilities",
            "need_described": "Behind two months on rent after a hospital stay; an eviction notice came last week.",
        }, as_of)  # fmt: skip
        _sent_at(row, _moment(day(-4), 13))
        resource_request_take(user=coordinator, request_id=row.pk)
        resource_request_note(
            user=coordinator, request_id=row.pk, for_provider=False,
            note="Referred to the housing navigator; waiting for their assessment.",
        )  # fmt: skip
        _restamp(row, [_moment(day(-4), 13), _moment(day(-3), 10), _moment(day(-3), 10)])

    def nutrition_denied() -> None:
        row = submit("clinicadmin", "CH100000007", "nutrition-supports", {
            "hrsn_attestation": True, "nutrition_support": "produce",
            "need_described": "The family runs short of food at the end of the month.",
        }, as_of)  # fmt: skip
        _sent_at(row, _moment(day(-10), 10))
        resource_request_deny(
            user=coordinator, request_id=row.pk,
            reason="A fruit and vegetable prescription needs a diet-related health condition in the record, and "
            "none was named. We referred the family to SNAP and the local food bank. Send a new request if the "
            "clinician documents one.",
        )  # fmt: skip
        _restamp(row, [_moment(day(-10), 10), _moment(day(-8), 14)])

    def ride_withdrawn() -> None:
        row = submit("clinicadmin", "CH100000008", "rides", {
            "appointment_date": day(9).isoformat(), "appointment_time": "10:15",
            "pickup_address": "The member's home (address on file)",
            "destination": "Thimbleberry Family Medicine - West Salem, 1290 Edgewater St NW, Salem, OR",
            "mobility_needs": "assistance", "rider_notes": "Uses a walker.",
        }, as_of)  # fmt: skip
        resource_request_withdraw(
            actor=actor("clinicadmin"), request_id=row.pk, reason="The visit moved to telehealth."
        )
        _restamp(row, [_moment(day(-1), 16), _moment(as_of, 8)])

    def climate_device() -> None:
        values = {"condition_attestation": True, "device": "air_conditioner", "delivery_address": "on_file"}
        climate = program_in_force(key="climate-devices", on=as_of)
        if climate is not None and in_season(climate, as_of):
            row = submit("frontdesk", "CH100000001", "climate-devices", values, as_of)
            _restamp(row, [_moment(day(-1), 14)])
            return
        summer = _last_summer_day(as_of)
        row = submit("frontdesk", "CH100000001", "climate-devices", values, summer)
        _sent_at(row, _moment(summer, 10))
        resource_request_take(user=coordinator, request_id=row.pk)
        resource_request_arrange(
            user=coordinator, request_id=row.pk, arrangement="Cool Homes Northwest, order CH-5531",
            scheduled_for=summer + dt.timedelta(days=7),
        )  # fmt: skip
        resource_request_complete(user=coordinator, request_id=row.pk, note="Delivered and installed.")
        _restamp(row, [
            _moment(summer, 10), _moment(summer + dt.timedelta(days=1), 9), _moment(summer + dt.timedelta(days=2), 11),
            _moment(summer + dt.timedelta(days=7), 16),
        ])  # fmt: skip

    for tell in (interpreter, ride_with_question, coverage_help, housing, nutrition_denied, ride_withdrawn,
                 climate_device):  # fmt: skip
        story(tell)
    return made
