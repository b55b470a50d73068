"""Sending a request and working it: each program's required fields with a message per field, the member resolved
only when the organization may see them (and recorded), eligibility with its reason, duplicates, and the status
transitions with their timeline and notifications."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portico.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from portico.members.resources import services
from portico.members.resources.fields import FIELDS
from portico.members.resources.models import ResourceEvent, ResourceEventKind, ResourceRequest, ResourceStatus
from portico.members.resources.queries import access_resource_request, provider_events
from portico.members.resources.rules import programs_in_force
from portico.messaging.models import Notification, NotificationTopic
from tests import factories
from tests.members.resources.conftest import CLIMATE, SUMMER_DAY, WINTER_DAY, ResourceWorld, at, ride

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["coverage-help", "interpreter", "rides", "climate-devices", "housing-supports",
                                 "nutrition-supports"])  # fmt: skip
def test_each_program_names_every_required_field_it_misses(rw: ResourceWorld, key: str) -> None:
    program = next(p for p in programs_in_force(on=SUMMER_DAY) if p.key == key)
    with pytest.raises(ValidationFailed) as raised:
        rw.submit(key, {})
    required = [k for k in program.form_fields if k not in program.optional_fields]
    assert sorted(raised.value.errors) == sorted(required)
    for field in required:
        assert raised.value.errors[field] == [str(FIELDS[field].required_message)]
    assert ResourceRequest.objects.count() == 0


def test_a_climate_device_needs_the_attestation_a_listed_device_and_a_confirmed_address(rw: ResourceWorld) -> None:
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("climate-devices", {"condition_attestation": "", "device": "hot_tub", "delivery_address": "other"})
    errors = raised.value.errors
    assert errors["condition_attestation"] == [
        "Confirm the member's qualifying health condition: a climate device needs it."
    ]
    assert errors["device"] == ["Choose one of the listed answers for device."]
    assert errors["delivery_address"] == ["Type the address, or choose the address on file."]
    row = rw.submit("climate-devices", {**CLIMATE, "delivery_address": "other", "delivery_address_text": "12 Elm St"})
    assert row.details == {
        "condition_attestation": True, "device": "air_conditioner", "delivery_address": "other",
        "delivery_address_text": "12 Elm St",
    }  # fmt: skip


def test_a_ride_needs_notice_a_future_date_and_a_real_time(rw: ResourceWorld) -> None:
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("rides", {**ride(SUMMER_DAY + dt.timedelta(days=1)), "appointment_time": "half past ten"})
    assert "needs 2 days' notice" in raised.value.errors["appointment_date"][0]
    assert "07/16/2026" in raised.value.errors["appointment_date"][0]
    assert raised.value.errors["appointment_time"] == [
        "Enter the time as HH:MM on a 24-hour clock, such as 09:30 or 14:30."
    ]
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("rides", ride(SUMMER_DAY - dt.timedelta(days=1)))
    assert raised.value.errors == {"appointment_date": ["The appointment date has passed."]}
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("rides", {**ride(), "appointment_date": "21/07/2026"})
    assert raised.value.errors == {"appointment_date": ["Enter the appointment date as a date, YYYY-MM-DD."]}


def test_a_request_keeps_the_appointment_day_and_the_coverage_it_qualified_through(rw: ResourceWorld) -> None:
    row = rw.submit("rides", {**ride(), "rider_notes": "", "ignored": "x"})
    assert row.status == ResourceStatus.SUBMITTED
    assert row.needed_on == dt.date(2026, 7, 21)
    assert row.line_of_business.name == "North Coast CCO"
    assert "ignored" not in row.details
    assert "rider_notes" not in row.details
    assert list(row.events.values_list("kind", "status")) == [("submitted", "submitted")]
    assert row.reference == f"MR-{row.pk:06d}"


def test_a_member_the_organization_may_not_see_answers_like_one_that_does_not_exist(rw: ResourceWorld) -> None:
    messages = []
    for member_number in (rw.world.member_b.member_number, "CH999999999"):
        with pytest.raises(ValidationFailed) as raised:
            rw.submit("climate-devices", CLIMATE, member=factories.MemberFactory.build(member_number=member_number))
        messages.append(raised.value.errors["member_id"][0].replace(member_number, "#"))
    assert (
        messages[0]
        == messages[1]
        == "No member # that your organization can see. Check the ID, or check eligibility first."
    )
    denied = AccessEvent.objects.filter(action=AccessAction.MEMBER_DENIED)
    assert denied.filter(member_id=rw.world.member_b.pk).count() == 1
    assert denied.filter(member_id__isnull=True).count() == 1
    assert ResourceRequest.objects.count() == 0


def test_a_member_who_does_not_qualify_is_refused_with_the_reason(rw: ResourceWorld) -> None:
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("climate-devices", CLIMATE, member=rw.dsnp_member)
    assert "is for members covered by Medicaid" in raised.value.errors["member_id"][0]
    with time_machine.travel(at(WINTER_DAY)), pytest.raises(ValidationFailed) as raised:
        rw.submit("climate-devices", CLIMATE)
    assert "today is outside that season" in raised.value.errors["member_id"][0]
    assert ResourceRequest.objects.count() == 0


def test_a_second_open_request_for_the_same_member_and_program_is_refused(rw: ResourceWorld) -> None:
    first = rw.submit("climate-devices", CLIMATE)
    with pytest.raises(ValidationFailed) as raised:
        rw.submit("climate-devices", {**CLIMATE, "device": "air_filter"})
    assert first.reference in raised.value.errors["member_id"][0]
    rw.submit("rides", ride(dt.date(2026, 7, 21)))
    rw.submit("rides", ride(dt.date(2026, 7, 28)))  # another appointment: another ride
    services.resource_request_withdraw(actor=rw.world.actor(), request_id=first.pk)
    rw.submit("climate-devices", CLIMATE)  # the first one is withdrawn


def test_a_request_goes_from_sent_to_completed_with_a_timeline_and_the_provider_hears_each_step(
    rw: ResourceWorld,
) -> None:
    row = rw.submit("climate-devices", CLIMATE)
    coordinator, actor = rw.coordinator, rw.world.actor()
    services.resource_request_take(user=coordinator, request_id=row.pk)
    services.resource_request_ask(user=coordinator, request_id=row.pk, question="Is the member's window a sliding one?")
    row.refresh_from_db()
    assert row.status == ResourceStatus.NEEDS_INFORMATION
    services.resource_request_answer(actor=actor, request_id=row.pk, answer="Yes, a sliding window.")
    services.resource_request_arrange(
        user=coordinator, request_id=row.pk, arrangement="Cool Homes NW, order 4471", scheduled_for="2026-07-18"
    )
    services.resource_request_complete(user=coordinator, request_id=row.pk, note="Delivered and installed.")
    row.refresh_from_db()
    assert row.status == ResourceStatus.COMPLETED
    assert row.closed_at is not None
    assert row.scheduled_for == dt.date(2026, 7, 18)
    assert list(row.events.values_list("kind", "status")) == [
        ("submitted", "submitted"), ("assigned", "in_review"), ("question", "needs_information"),
        ("answer", "in_review"), ("arranged", "arranged"), ("completed", "completed"),
    ]  # fmt: skip
    told = Notification.objects.filter(recipient=rw.world.user_a, topic=NotificationTopic.MEMBER_RESOURCES)
    assert [n.text for n in told.order_by("id")] == [
        f"Member resource request {row.reference}: the plan asks a question. Answer in the portal.",
        f"Member resource request {row.reference}: approved and arranged.",
        f"Member resource request {row.reference}: completed.",
    ]
    assert all(n.link == f"/member-resources/{row.pk}/" for n in told)
    heard = Notification.objects.get(recipient=coordinator)
    assert heard.text == f"Member resource request {row.reference}: the provider answered your question."
    for note in Notification.objects.all():  # never the member
        assert rw.world.member_a.member_number not in note.text
        assert rw.world.member_a.last_name not in note.text


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["deny"], ["withdraw", "arrange", "complete", "ask", "deny"]),
        (["withdraw"], ["withdraw", "arrange", "complete", "ask", "deny", "answer"]),
        (["arrange"], ["withdraw", "arrange", "ask", "deny", "answer"]),
        (["arrange", "complete"], ["withdraw", "arrange", "complete", "ask", "deny"]),
        ([], ["complete", "answer"]),
    ],
)
def test_only_the_allowed_status_changes_happen(rw: ResourceWorld, path: list[str], refused: list[str]) -> None:
    row = rw.submit("rides", ride())
    coordinator, actor = rw.coordinator, rw.world.actor()
    steps = {
        "deny": lambda: services.resource_request_deny(user=coordinator, request_id=row.pk, reason="No covered visit."),
        "withdraw": lambda: services.resource_request_withdraw(actor=actor, request_id=row.pk),
        "arrange": lambda: services.resource_request_arrange(
            user=coordinator, request_id=row.pk, arrangement="Cascadia Rides #88", scheduled_for="2026-07-21"
        ),
        "complete": lambda: services.resource_request_complete(user=coordinator, request_id=row.pk),
        "ask": lambda: services.resource_request_ask(user=coordinator, request_id=row.pk, question="Attendant?"),
        "answer": lambda: services.resource_request_answer(actor=actor, request_id=row.pk, answer="No."),
    }
    for step in path:
        steps[step]()
    before = (ResourceRequest.objects.get(pk=row.pk).status, ResourceEvent.objects.count())
    for step in refused:
        with pytest.raises(DomainError):
            steps[step]()
    assert (ResourceRequest.objects.get(pk=row.pk).status, ResourceEvent.objects.count()) == before


def test_a_denial_needs_a_reason_and_arranging_needs_what_and_when(rw: ResourceWorld) -> None:
    row = rw.submit("rides", ride())
    with pytest.raises(ValidationFailed) as raised:
        services.resource_request_deny(user=rw.coordinator, request_id=row.pk, reason="  ")
    assert list(raised.value.errors) == ["reason"]
    with pytest.raises(ValidationFailed) as raised:
        services.resource_request_arrange(user=rw.coordinator, request_id=row.pk, arrangement="", scheduled_for="soon")
    assert sorted(raised.value.errors) == ["arrangement", "scheduled_for"]
    with pytest.raises(ValidationFailed) as raised:
        services.resource_request_arrange(
            user=rw.coordinator, request_id=row.pk, arrangement="Cascadia Rides", scheduled_for="2026-07-01"
        )
    assert "cannot be before the request was sent" in raised.value.errors["scheduled_for"][0]
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.SUBMITTED


def test_a_note_for_coordinators_stays_off_the_providers_timeline(rw: ResourceWorld) -> None:
    row = rw.submit("rides", ride())
    services.resource_request_note(
        user=rw.coordinator, request_id=row.pk, note="Called the broker.", for_provider=False
    )
    services.resource_request_note(
        user=rw.coordinator, request_id=row.pk, note="The van has a lift.", for_provider=True
    )
    notes = [e.note for e in provider_events(request=row) if e.kind == ResourceEventKind.NOTE]
    assert notes == ["The van has a lift."]
    assert Notification.objects.filter(recipient=rw.world.user_a).count() == 1


def test_only_care_coordinators_work_requests(rw: ResourceWorld) -> None:
    row = rw.submit("rides", ride())
    examiner = factories.UserFactory(staff_roles=["claims_examiner"])
    with pytest.raises(PermissionDenied):
        services.resource_request_take(user=examiner, request_id=row.pk)
    with pytest.raises(PermissionDenied):
        services.resource_request_deny(user=examiner, request_id=row.pk, reason="No.")
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.SUBMITTED


def test_another_organization_cannot_read_answer_or_withdraw_a_request(rw: ResourceWorld) -> None:
    row = rw.submit("rides", ride())
    other = rw.world.actor(rw.world.user_b)
    with pytest.raises(NotFound):
        access_resource_request(actor=other, request_id=row.pk)
    with pytest.raises(NotFound):
        services.resource_request_withdraw(actor=other, request_id=row.pk)
    with pytest.raises(NotFound):
        services.resource_request_answer(actor=other, request_id=row.pk, answer="x")
    denied = AccessEvent.objects.filter(action=AccessAction.MEMBER_DENIED, member_id=rw.world.member_a.pk)
    assert denied.count() == 3
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.SUBMITTED


def test_the_submitter_hears_while_they_hold_the_role_and_the_organization_otherwise(rw: ResourceWorld) -> None:
    row = rw.submit("rides", ride())
    colleague = factories.MembershipFactory(organization=rw.world.org_a, roles=["administrator"]).user
    services.resource_request_ask(user=rw.coordinator, request_id=row.pk, question="Attendant?")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [rw.world.user_a.pk]
    rw.world.membership_a.roles = ["claims"]
    rw.world.membership_a.save()
    services.resource_request_note(user=rw.coordinator, request_id=row.pk, note="Any news?", for_provider=True)
    assert Notification.objects.latest("id").recipient_id == colleague.pk
