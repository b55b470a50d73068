"""Submitting a request: every line routed, due times, idempotency, drafts, validation, duplicates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portico.authorizations.models import (
    AuthorizationEvent,
    AuthorizationLine,
    AuthorizationRequest,
    DeadlineUnit,
    DecisionDeadline,
)
from portico.authorizations.services import (
    DuplicateSuspected,
    authorization_draft_save,
    authorization_submit,
)
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from portico.members.access import relationship_of
from tests.authorizations.support import AuthWorld

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


def lines(*rows: tuple[str, str]) -> list[dict[str, object]]:
    return [{"code": code, "units": 1, "start": day} for code, day in rows]


def test_a_mixed_request_routes_each_line_to_no_auth_vendor_and_plan(auth: AuthWorld) -> None:
    data = auth.payload(lines=lines(("99213", "2026-06-01"), ("70551", "2026-06-01"), ("27447", "2026-06-02")))
    result = authorization_submit(actor=auth.actor(), data=data, idempotency_key="k1")
    row = result.request
    assert result.created
    assert row.status == "submitted"
    assert row.number == f"PA-{row.submitted_at.astimezone(LA).year}-{row.pk:06d}"
    assert row.line_of_business == auth.lists.nc
    no_auth, vendor, plan = row.lines.order_by("number")
    assert (no_auth.route, no_auth.status, no_auth.due_at) == ("not_required", "not_required", None)
    assert no_auth.routed_by is not None
    assert no_auth.routed_by.code_list.kind == "no_auth"
    assert (vendor.route, vendor.status, vendor.vendor, vendor.category) == (
        "vendor", "in_review", auth.lists.summit, "Diagnostic imaging",
    )  # fmt: skip
    assert "Summit Specialty Review" in vendor.route_reason
    assert (plan.route, plan.status, plan.vendor) == ("plan", "in_review", None)
    assert vendor.due_at == plan.due_at is not None
    kinds = list(row.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "routed", "routed", "routed"]


def test_a_request_whose_every_line_needs_no_authorization_is_final_at_once(auth: AuthWorld) -> None:
    data = auth.payload(lines=lines(("99213", "2026-06-01")))
    row = authorization_submit(actor=auth.actor(), data=data, idempotency_key="all-no-auth").request
    assert row.status == "decided"
    assert list(row.lines.values_list("status", "due_at")) == [("not_required", None)]


@pytest.mark.parametrize(
    ("day", "route"),
    [("2026-04-30", "plan"), ("2026-05-01", "vendor")],
)
def test_the_vendor_takes_its_lines_from_the_cutover_date(auth: AuthWorld, day: str, route: str) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=lines(("73721", day)))).request
    line = row.lines.get()
    assert line.route == route
    if route == "plan":
        assert "reviews only dates of service from" in line.route_reason
        assert line.routed_by is not None  # the vendor list named the code, but not for this date


@pytest.mark.parametrize(
    ("received", "urgency", "due"),
    [
        # 72 elapsed hours; across the spring-forward night the local clock shows one hour more.
        (dt.datetime(2026, 3, 7, 12, 0, tzinfo=LA), "expedited", dt.datetime(2026, 3, 10, 13, 0, tzinfo=LA)),
        # 7 calendar days: the same local time a week later, whatever the clocks did (167 elapsed hours).
        (dt.datetime(2026, 3, 5, 10, 0, tzinfo=LA), "standard", dt.datetime(2026, 3, 12, 10, 0, tzinfo=LA)),
        (dt.datetime(2026, 10, 30, 9, 30, tzinfo=LA), "standard", dt.datetime(2026, 11, 6, 9, 30, tzinfo=LA)),
        # Across a month end (and a year end).
        (dt.datetime(2026, 1, 29, 16, 0, tzinfo=LA), "standard", dt.datetime(2026, 2, 5, 16, 0, tzinfo=LA)),
        (dt.datetime(2026, 12, 30, 23, 0, tzinfo=LA), "expedited", dt.datetime(2027, 1, 2, 23, 0, tzinfo=LA)),
    ],
)
def test_due_times_count_from_receipt(auth: AuthWorld, received: dt.datetime, urgency: str, due: dt.datetime) -> None:
    with time_machine.travel(received, tick=False):
        data = auth.payload(urgency=urgency, expedited_attested=True, lines=lines(("27447", "2026-06-01")))
        row = authorization_submit(actor=auth.actor(), data=data).request
    line = row.lines.get()
    assert row.submitted_at == received
    assert line.due_at == due
    if urgency == "expedited":
        assert line.due_at - received == dt.timedelta(hours=72)


def test_deadlines_are_data_with_effective_dates_per_line_of_business(auth: AuthWorld) -> None:
    DecisionDeadline.objects.create(
        urgency="standard", amount=14, unit=DeadlineUnit.DAYS, effective=dt.date(2020, 1, 1)
    )
    DecisionDeadline.objects.create(
        line_of_business=auth.lists.nc,
        urgency="standard",
        amount=5,
        unit=DeadlineUnit.DAYS,
        effective=dt.date(2026, 3, 1),
    )
    before = dt.datetime(2026, 2, 2, 9, 0, tzinfo=LA)
    after = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LA)
    with time_machine.travel(before, tick=False):
        first = authorization_submit(actor=auth.actor(), data=auth.payload()).request.lines.get()
    with time_machine.travel(after, tick=False):
        later = auth.payload(lines=lines(("27447", "2026-07-01")))
        second = authorization_submit(actor=auth.actor(), data=later).request.lines.get()
    assert first.due_at == before + dt.timedelta(days=14)  # the plan-wide row; the LOB's starts later
    assert second.due_at == after + dt.timedelta(days=5)


def test_a_repeated_submit_returns_the_first_request(auth: AuthWorld) -> None:
    first = authorization_submit(actor=auth.actor(), data=auth.payload(), idempotency_key="same-key")
    again = authorization_submit(actor=auth.actor(), data=auth.payload(), idempotency_key="same-key")
    assert first.created
    assert not again.created
    assert again.request.pk == first.request.pk
    assert again.request.number == first.request.number
    assert AuthorizationRequest.objects.count() == 1
    assert AuthorizationLine.objects.count() == 1


def test_the_same_key_in_another_organization_is_another_request(auth: AuthWorld) -> None:
    mine = authorization_submit(actor=auth.actor(), data=auth.payload(), idempotency_key="k").request
    member_b = auth.world.member_b
    data_b = auth.payload(member_id=member_b.member_number, requesting_npi=auth.npi_b)
    theirs = authorization_submit(actor=auth.actor("b"), data=data_b, idempotency_key="k").request
    assert mine.pk != theirs.pk


def test_a_draft_is_saved_resumed_and_submitted_once(auth: AuthWorld) -> None:
    partial = {"member_id": auth.world.member_a.member_number, "lines": lines(("70551", ""))}
    draft = authorization_draft_save(actor=auth.actor(), data=partial, idempotency_key="form-1")
    again = authorization_draft_save(actor=auth.actor(), data=partial, idempotency_key="form-1")  # double click
    assert draft.status == "draft"
    assert draft.number is None
    assert draft.member is None
    assert again.pk == draft.pk
    assert AuthorizationRequest.objects.count() == 1
    assert draft.lines.get().code == "70551"
    resumed = authorization_draft_save(
        actor=auth.actor(), data=auth.payload(lines=lines(("70551", "2026-06-01"))), request_id=draft.pk
    )
    assert resumed.pk == draft.pk
    assert resumed.birth_date_given == auth.world.member_a.birth_date
    result = authorization_submit(
        actor=auth.actor(), data=auth.payload(lines=lines(("70551", "2026-06-01"))), request_id=draft.pk
    )
    twice = authorization_submit(
        actor=auth.actor(), data=auth.payload(lines=lines(("70551", "2026-06-01"))), request_id=draft.pk
    )
    assert result.created
    assert result.request.pk == draft.pk
    assert result.request.status == "submitted"
    assert not twice.created
    assert twice.request.number == result.request.number
    assert result.request.lines.get().route == "vendor"
    assert AuthorizationEvent.objects.filter(request=draft, kind="created").count() == 1


def test_another_organizations_draft_cannot_be_changed_or_submitted(auth: AuthWorld) -> None:
    draft = authorization_draft_save(actor=auth.actor("b"), data={"member_id": "CH999999"})
    with pytest.raises(NotFound):
        authorization_draft_save(actor=auth.actor(), data={}, request_id=draft.pk)
    with pytest.raises(NotFound):
        authorization_submit(actor=auth.actor(), data=auth.payload(), request_id=draft.pk)
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED, user=auth.world.user_a).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"member_id": ""}, "member_id"),
        ({"member_id": "no!"}, "member_id"),
        ({"member_id": "CH000000000"}, "member_id"),  # no such member: "could not confirm"
        ({"birth_date": "1980-13-45"}, "birth_date"),
        ({"birth_date": "1999-01-01"}, "member_id"),  # identifiers do not match
        ({"setting": "spa"}, "setting"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"urgency": "expedited", "expedited_attested": False}, "expedited_attested"),
        ({"requesting_npi": ""}, "requesting_npi"),
        ({"requesting_npi": "123"}, "requesting_npi"),
        ({"servicing_location_id": "999999"}, "servicing_location_id"),
        ({"diagnoses": []}, "diagnoses.0"),
        ({"diagnoses": ["M17.11", "M17"]}, "diagnoses.1"),  # a header, not billable
        ({"diagnoses": ["M17.11", "XYZ"]}, "diagnoses.1"),
        ({"diagnoses": ["M17.11", "Z99.89"]}, "diagnoses.1"),  # not a loaded code
        ({"lines": []}, "lines.0.code"),
        ({"lines": [{"code": "27447", "start": ""}]}, "lines.0.start"),
        ({"lines": [{"code": "27447", "start": "2026-06-02", "end": "2026-06-01"}]}, "lines.0.end"),
        ({"lines": [{"code": "27447", "start": "2026-06-01", "units": "0"}]}, "lines.0.units"),
        ({"lines": [{"code": "27447", "start": "2026-06-01", "modifiers": "R"}]}, "lines.0.modifiers"),
        ({"lines": [{"code": "27447", "start": "2026-06-01", "place_of_service": "X"}]}, "lines.0.place_of_service"),
        (
            {"lines": [{"code": "27447", "start": "2026-06-01"}, {"code": "99201", "start": "2026-06-01"}]},
            "lines.1.code",
        ),
        ({"lines": [{"code": "27447", "start": "2030-01-01"}]}, "lines.0.start"),
        ({"clinical_notes": "x" * 20001}, "clinical_notes"),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_saved(auth: AuthWorld, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        authorization_submit(actor=auth.actor(), data=auth.payload(**changes), idempotency_key="k")
    assert field in caught.value.errors, caught.value.errors
    assert AuthorizationRequest.objects.count() == 0
    assert AuthorizationLine.objects.count() == 0


def test_a_member_not_covered_on_the_first_date_of_service_is_refused(auth: AuthWorld) -> None:
    coverage = auth.world.member_a.coverages.get()
    coverage.end = dt.date(2026, 5, 31)
    coverage.save()
    with pytest.raises(ValidationFailed) as caught:
        authorization_submit(actor=auth.actor(), data=auth.payload())
    assert "not covered on 2026-06-01" in caught.value.errors["member_id"][0]
    assert AuthorizationRequest.objects.count() == 0


def test_an_open_request_for_the_same_member_code_and_dates_is_a_warning(auth: AuthWorld) -> None:
    week = [{"code": "27447", "start": "2026-06-01", "end": "2026-06-07"}]
    first = authorization_submit(actor=auth.actor(), data=auth.payload(lines=week)).request
    overlapping = [{"code": "27447", "start": "2026-06-05"}]
    with pytest.raises(DuplicateSuspected) as caught:
        authorization_submit(actor=auth.actor(), data=auth.payload(lines=overlapping))
    assert caught.value.warnings[0].other_number == first.number
    assert AuthorizationRequest.objects.count() == 1
    confirmed = authorization_submit(
        actor=auth.actor(), data=auth.payload(lines=overlapping), acknowledge_duplicates=True
    )
    assert confirmed.created
    assert confirmed.warnings[0].other_id == first.pk
    later = [{"code": "27447", "start": "2026-06-08"}]
    assert authorization_submit(actor=auth.actor(), data=auth.payload(lines=later)).warnings == []


def test_a_withdrawn_request_is_no_duplicate(auth: AuthWorld) -> None:
    first = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    AuthorizationRequest.objects.filter(pk=first.pk).update(status="withdrawn")
    assert authorization_submit(actor=auth.actor(), data=auth.payload()).created


def test_a_submitted_request_links_the_organization_to_the_member(auth: AuthWorld) -> None:
    member = auth.world.member_b
    authorization_draft_save(actor=auth.actor(), data={"member_id": member.member_number})
    assert relationship_of(organization_id=auth.world.org_a.pk, member_id=member.pk) is None
    data = auth.payload(member_id=member.member_number)
    authorization_submit(actor=auth.actor(), data=data)
    # The submit itself went through eligibility (a grant); without it, the request still links the two.
    from portico.members.models import MemberAccessGrant

    MemberAccessGrant.objects.all().delete()
    assert relationship_of(organization_id=auth.world.org_a.pk, member_id=member.pk) == "authorization"
