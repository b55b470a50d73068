"""The PCP roster query: who is on it, eligibility on the date, the month flags, filters, sorts, audit, cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from portico.members.models import Member
from portico.members.rosters import RosterParams, roster_date_bounds, roster_for, roster_params_parse
from portico.plans.models import BenefitPlan
from portico.providers.models import Practitioner, ServiceLocation
from tests import factories
from tests.conftest import World

TODAY = dt.date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def _plan(world: World) -> BenefitPlan:
    return BenefitPlan.objects.get(name="North Coast CCO Plan")


def _practitioner(location: ServiceLocation) -> Practitioner:
    return Practitioner.objects.get(affiliations__location=location)


def _assigned(
    world: World,
    *,
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date | None = None,
    location: ServiceLocation | None = None,
    coverage: tuple[dt.date, dt.date | None] | None = (dt.date(2024, 1, 1), None),
    benefit_plan: BenefitPlan | None = None,
    **member: object,
) -> Member:
    """A member assigned to a PCP at ``location`` (A's by default), covered over ``coverage``."""
    location = location or world.location_a
    new_member = factories.MemberFactory(**member)
    if coverage is not None:
        factories.CoverageFactory(
            member=new_member, benefit_plan=benefit_plan or _plan(world), start=coverage[0], end=coverage[1]
        )
    factories.PcpAssignmentFactory(
        member=new_member, practitioner=_practitioner(location), location=location, start=start, end=end
    )
    return new_member


def _roster_ids(world: World, **kwargs: object) -> list[int]:
    kwargs.setdefault("location_id", world.location_a.pk)
    roster = roster_for(actor=world.actor(), as_of=kwargs.pop("as_of", TODAY), **kwargs)  # type: ignore[arg-type]
    return [row.member_id for row in roster.rows]


def test_roster_lists_the_members_assigned_to_the_location_on_the_date(world: World) -> None:
    roster = roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk)

    assert [row.member_id for row in roster.rows] == [world.member_a.pk]
    row = roster.rows[0]
    assert row.member_number == world.member_a.member_number
    assert (row.last_name, row.first_name, row.birth_date) == (
        world.member_a.last_name,
        world.member_a.first_name,
        world.member_a.birth_date,
    )
    assert row.line_of_business == "North Coast CCO"
    assert row.assignment_start == dt.date(2020, 1, 1)
    assert row.eligible_on_date is True
    assert roster.organization_name == world.org_a.legal_name
    assert roster.subject_name == "Alder Street Clinic"
    assert roster.synthetic is True


def test_roster_of_own_location_does_not_list_another_organizations_member(world: World) -> None:
    assert world.member_b.pk not in _roster_ids(world)


def test_only_assignments_active_on_the_date_are_listed(world: World) -> None:
    ended = _assigned(world, start=dt.date(2025, 1, 1), end=dt.date(2026, 5, 14))
    future = _assigned(world, start=dt.date(2026, 5, 16))
    last_day = _assigned(world, start=dt.date(2025, 1, 1), end=TODAY)
    first_day = _assigned(world, start=TODAY)

    listed = _roster_ids(world)

    assert ended.pk not in listed
    assert future.pk not in listed
    assert {last_day.pk, first_day.pk, world.member_a.pk} == set(listed)


def test_a_past_date_shows_the_roster_as_it_was(world: World) -> None:
    moved_away = _assigned(world, start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 31))

    assert moved_away.pk in _roster_ids(world, as_of=dt.date(2026, 1, 15))
    assert moved_away.pk not in _roster_ids(world)


def test_eligibility_on_the_date_comes_from_coverage_covering_it(world: World) -> None:
    lapsed = _assigned(world, coverage=(dt.date(2024, 1, 1), dt.date(2026, 4, 30)))
    not_started = _assigned(world, coverage=(dt.date(2026, 6, 1), None))
    never = _assigned(world, coverage=None)
    dual_plan = factories.BenefitPlanFactory(line_of_business__name="Cascadia Advantage Dual")
    dual = _assigned(world, benefit_plan=dual_plan)

    rows = {
        row.member_id: row for row in roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk).rows
    }

    for member in (lapsed, not_started, never):
        assert rows[member.pk].eligible_on_date is False
        assert rows[member.pk].line_of_business == ""
    assert rows[dual.pk].eligible_on_date is True
    assert rows[dual.pk].line_of_business == "Cascadia Advantage Dual"


def test_members_whose_assignment_began_this_month_are_new(world: World) -> None:
    new = _assigned(world, start=dt.date(2026, 5, 1))
    last_month = _assigned(world, start=dt.date(2026, 4, 30))

    rows = {r.member_id: r for r in roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk).rows}

    assert rows[new.pk].new_this_month is True
    assert rows[last_month.pk].new_this_month is False
    assert rows[world.member_a.pk].new_this_month is False


def test_a_member_moving_between_practitioners_of_one_location_is_not_new_there(world: World) -> None:
    member = _assigned(world, start=dt.date(2023, 3, 1), end=dt.date(2026, 5, 4))
    other = factories.PractitionerFactory()
    factories.AffiliationFactory(practitioner=other, location=world.location_a)
    factories.PcpAssignmentFactory(
        member=member, practitioner=other, location=world.location_a, start=dt.date(2026, 5, 5)
    )

    location_row = next(
        r
        for r in roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk).rows
        if r.member_id == member.pk
    )
    practitioner_row = roster_for(actor=world.actor(), as_of=TODAY, practitioner_id=other.pk).rows[0]

    assert (location_row.new_this_month, location_row.assignment_start) == (False, dt.date(2023, 3, 1))
    assert location_row.practitioner_name == other.display_name
    assert (practitioner_row.new_this_month, practitioner_row.assignment_start) == (True, dt.date(2026, 5, 5))


def test_assignment_ending_this_month_is_flagged_unless_it_continues(world: World) -> None:
    ending = _assigned(world, end=dt.date(2026, 5, 31))
    next_month = _assigned(world, end=dt.date(2026, 6, 1))
    continues = _assigned(world, end=dt.date(2026, 5, 31))
    factories.PcpAssignmentFactory(
        member=continues,
        practitioner=_practitioner(world.location_a),
        location=world.location_a,
        start=dt.date(2026, 6, 1),
    )

    rows = {r.member_id: r for r in roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk).rows}

    assert rows[ending.pk].assignment_ends_this_month is True
    assert rows[ending.pk].assignment_end == dt.date(2026, 5, 31)
    assert rows[next_month.pk].assignment_ends_this_month is False
    assert rows[continues.pk].assignment_ends_this_month is False
    assert rows[continues.pk].assignment_end is None
    assert rows[world.member_a.pk].assignment_ends_this_month is False


def test_coverage_ending_this_month_is_flagged_unless_coverage_continues(world: World) -> None:
    ending = _assigned(world, coverage=(dt.date(2024, 1, 1), dt.date(2026, 5, 31)))
    renewed = _assigned(world, coverage=(dt.date(2024, 1, 1), dt.date(2026, 5, 31)))
    factories.CoverageFactory(member=renewed, benefit_plan=_plan(world), start=dt.date(2026, 6, 1))
    later = _assigned(world, coverage=(dt.date(2024, 1, 1), dt.date(2026, 7, 31)))

    rows = {r.member_id: r for r in roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk).rows}

    assert rows[ending.pk].coverage_ends_this_month is True
    assert rows[ending.pk].coverage_end == dt.date(2026, 5, 31)
    assert rows[renewed.pk].coverage_ends_this_month is False
    assert rows[later.pk].coverage_ends_this_month is False
    assert rows[later.pk].coverage_end == dt.date(2026, 7, 31)


def test_filters_by_line_of_business_eligibility_and_flag(world: World) -> None:
    dual_plan = factories.BenefitPlanFactory(line_of_business__name="Cascadia Advantage Dual")
    dual = _assigned(world, benefit_plan=dual_plan)
    lapsed = _assigned(world, coverage=(dt.date(2024, 1, 1), dt.date(2026, 4, 30)))
    new = _assigned(world, start=dt.date(2026, 5, 2))
    ending = _assigned(world, end=dt.date(2026, 5, 20))

    assert _roster_ids(world, line_of_business=dual_plan.line_of_business.code) == [dual.pk]
    assert lapsed.pk not in _roster_ids(world, eligible_only=True)
    assert len(_roster_ids(world, eligible_only=True)) == 4
    assert _roster_ids(world, flag="new") == [new.pk]
    assert _roster_ids(world, flag="ending") == [ending.pk]


def test_search_finds_members_by_name_or_member_id(world: World) -> None:
    wanted = _assigned(world, last_name="Okafor-Lind", first_name="Ada", member_number="CH900000123")

    assert _roster_ids(world, search="okafor lind") == [wanted.pk]
    assert _roster_ids(world, search="Ada Okafor") == [wanted.pk]
    assert _roster_ids(world, search="900000123") == [wanted.pk]
    assert _roster_ids(world, search="nobody") == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Avila", "Baker", "Chen"]),
        ("-name", ["Chen", "Baker", "Avila"]),
        ("birth_date", ["Chen", "Avila", "Baker"]),
        ("-birth_date", ["Baker", "Avila", "Chen"]),
        ("member_id", ["Baker", "Chen", "Avila"]),
        ("assignment_start", ["Baker", "Avila", "Chen"]),
    ],
)
def test_sorts_the_roster(world: World, sort: str, expected: list[str]) -> None:
    world.member_a.pcp_assignments.all().delete()
    _assigned(world, last_name="Chen", birth_date=dt.date(1950, 1, 1), member_number="CH2", start=dt.date(2025, 1, 1))
    _assigned(world, last_name="Avila", birth_date=dt.date(1970, 1, 1), member_number="CH3", start=dt.date(2024, 6, 1))
    _assigned(world, last_name="Baker", birth_date=dt.date(1990, 1, 1), member_number="CH1", start=dt.date(2024, 1, 1))

    roster = roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk, sort=sort)

    assert [row.last_name for row in roster.rows] == expected


def test_practitioner_roster_lists_only_assignments_at_the_organizations_own_locations(world: World) -> None:
    practitioner = _practitioner(world.location_a)
    factories.AffiliationFactory(practitioner=practitioner, location=world.location_b)
    at_b = factories.MemberFactory()
    factories.PcpAssignmentFactory(
        member=at_b, practitioner=practitioner, location=world.location_b, start=dt.date(2024, 1, 1)
    )

    roster_a = roster_for(actor=world.actor(), as_of=TODAY, practitioner_id=practitioner.pk)
    roster_b = roster_for(actor=world.actor(world.user_b), as_of=TODAY, practitioner_id=practitioner.pk)

    assert [row.member_id for row in roster_a.rows] == [world.member_a.pk]
    assert roster_a.subject_kind == "practitioner"
    assert [row.member_id for row in roster_b.rows] == [at_b.pk]


def test_outsider_cannot_see_roster_of_another_organizations_location(world: World) -> None:
    with pytest.raises(NotFound) as out_of_scope:
        roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_b.pk)
    with pytest.raises(NotFound) as missing:
        roster_for(actor=world.actor(), as_of=TODAY, location_id=999_999)

    assert out_of_scope.value.message == missing.value.message
    denied = AccessEvent.objects.filter(action=AccessAction.ROSTER_DENIED, user=world.user_a)
    assert denied.count() == 2
    assert not AccessEvent.objects.filter(member_id=world.member_b.pk).exists()


def test_outsider_cannot_see_roster_of_another_organizations_practitioner(world: World) -> None:
    with pytest.raises(NotFound):
        roster_for(actor=world.actor(), as_of=TODAY, practitioner_id=_practitioner(world.location_b).pk)

    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_DENIED).count() == 1
    assert not AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW).exists()


def test_each_listed_member_is_recorded_once(world: World) -> None:
    others = [_assigned(world) for _ in range(3)]

    roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk)

    events = AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW)
    assert sorted(e.member_id for e in events) == sorted([world.member_a.pk, *(m.pk for m in others)])
    assert {e.user_id for e in events} == {world.user_a.pk}
    assert all(e.detail == f"location {world.location_a.pk} as of 2026-05-15" for e in events)


def test_downloads_are_recorded_as_exports(world: World) -> None:
    roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk, action=AccessAction.ROSTER_EXPORT)

    assert list(AccessEvent.objects.values_list("action", "member_id")) == [
        (AccessAction.ROSTER_EXPORT.value, world.member_a.pk)
    ]


def test_a_page_of_the_roster_records_only_the_members_on_that_page(world: World) -> None:
    for _ in range(11):
        _assigned(world)

    page = roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk, page=2, page_size=5)
    beyond = roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk, page=9, page_size=5)

    assert (page.total, page.page, page.page_count, len(page.rows)) == (12, 2, 3, 5)
    assert (page.first_index, page.last_index) == (6, 10)
    assert (beyond.page, len(beyond.rows)) == (3, 2)
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW).count() == 7


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"as_of": dt.date(2025, 5, 14)}, "as_of"),
        ({"as_of": dt.date(2026, 7, 1)}, "as_of"),
        ({"location_id": None}, "location_id"),
        ({"practitioner_id": 1}, "location_id"),
        ({"sort": "favourite"}, "sort"),
        ({"flag": "vip"}, "flag"),
        ({"page_size": 0}, "page_size"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(world: World, kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"as_of": TODAY, "location_id": world.location_a.pk, **kwargs}

    with pytest.raises(ValidationFailed) as failure:
        roster_for(actor=world.actor(), **arguments)  # type: ignore[arg-type]

    assert field in failure.value.errors
    assert not AccessEvent.objects.exists()


def test_the_date_may_go_back_twelve_months_and_through_the_end_of_next_month() -> None:
    assert roster_date_bounds() == (dt.date(2025, 5, 15), dt.date(2026, 6, 30))


def test_query_parameters_are_parsed_with_every_problem_named() -> None:
    with pytest.raises(ValidationFailed) as failure:
        roster_params_parse({"location_id": "abc", "as_of": "15 May", "sort": "x"})

    assert set(failure.value.errors) == {"location_id", "as_of", "sort"}
    assert roster_params_parse(
        {"practitioner_id": "7", "as_of": "05/01/2026", "eligible_only": "on", "q": "  Ada   Okafor ", "page": "2"}
    ) == RosterParams(as_of=dt.date(2026, 5, 1), practitioner_id=7, eligible_only=True, search="Ada Okafor", page=2)
    assert roster_params_parse({"location_id": "3"}).as_of == TODAY


def test_roster_is_read_in_a_fixed_number_of_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    practitioner = _practitioner(world.location_a)
    for index in range(60):
        member = _assigned(world, start=dt.date(2026, 5, 1) if index % 2 else dt.date(2024, 1, 1))
        factories.PcpAssignmentFactory(
            member=member,
            practitioner=practitioner,
            location=world.location_a,
            start=dt.date(2022, 1, 1),
            end=dt.date(2023, 12, 31),
        )

    # organization, location, assignments, coverages, one insert of access events (+ savepoint slack)
    with django_assert_max_num_queries(7):
        roster = roster_for(actor=world.actor(), as_of=TODAY, location_id=world.location_a.pk)
    with django_assert_max_num_queries(7):
        roster_for(actor=world.actor(), as_of=TODAY, practitioner_id=practitioner.pk)

    assert roster.total == 61
    assert roster.counts.new_this_month == 30
