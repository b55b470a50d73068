"""Who qualifies for what, and when: programs in force by their effective dates, the line of business of the
member's coverage on the day it is needed, the season, coverage that ended not long ago — and the reason when not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from portico.members.resources.models import ResourceProgram
from portico.members.resources.rules import in_season, program_in_force, programs_in_force, qualification, season_label
from tests import factories
from tests.members.resources.conftest import SUMMER_DAY, WINTER_DAY, ResourceWorld

pytestmark = pytest.mark.django_db


def program(key: str, day: dt.date = SUMMER_DAY) -> ResourceProgram:
    found = program_in_force(key=key, on=day)
    assert found is not None
    return found


def test_the_catalog_offers_six_programs_each_from_its_start(rw: ResourceWorld) -> None:
    assert [p.key for p in programs_in_force(on=SUMMER_DAY)] == [
        "coverage-help", "interpreter", "rides", "climate-devices", "housing-supports", "nutrition-supports",
    ]  # fmt: skip
    assert "climate-devices" not in [p.key for p in programs_in_force(on=dt.date(2024, 2, 29))]
    assert "nutrition-supports" not in [p.key for p in programs_in_force(on=dt.date(2024, 12, 31))]


def test_a_later_version_replaces_the_earlier_from_its_start_and_an_ended_program_is_not_offered(
    rw: ResourceWorld,
) -> None:
    first = program("rides")
    ResourceProgram.objects.create(
        key="rides", kind=first.kind, name="Ride to an appointment (new broker)", description=first.description,
        eligible_programs=first.eligible_programs, form_fields=first.form_fields, optional_fields=first.optional_fields,
        min_notice_days=1, effective_start=dt.date(2026, 8, 1),
    )  # fmt: skip
    assert program("rides").min_notice_days == 2
    assert program("rides", dt.date(2026, 8, 1)).min_notice_days == 1
    ResourceProgram.objects.filter(key="housing-supports").update(effective_end=dt.date(2026, 7, 31))
    assert program_in_force(key="housing-supports", on=dt.date(2026, 8, 1)) is None


def test_a_medicaid_member_qualifies_for_a_climate_device_in_season(rw: ResourceWorld) -> None:
    found = qualification(
        program=program("climate-devices"), member_id=rw.world.member_a.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY
    )
    assert found.qualifies
    assert found.line_of_business is not None
    assert found.line_of_business.name == "North Coast CCO"


def test_climate_devices_are_not_offered_out_of_season_and_say_when_they_are(rw: ResourceWorld) -> None:
    climate = program("climate-devices", WINTER_DAY)
    found = qualification(program=climate, member_id=rw.world.member_a.pk, needed_on=WINTER_DAY, today=WINTER_DAY)
    assert not found.qualifies
    assert "May 1 to October 31" in found.reason
    assert season_label(climate) == "May 1 to October 31"


def test_a_dsnp_member_does_not_qualify_for_hrsn_supports_and_is_told_why(rw: ResourceWorld) -> None:
    for key in ("climate-devices", "housing-supports", "nutrition-supports"):
        found = qualification(program=program(key), member_id=rw.dsnp_member.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY)
        assert not found.qualifies
        assert "Medicaid" in found.reason
        assert "Test Advantage Dual" in found.reason
        assert "Medicare Advantage" in found.reason


@pytest.mark.parametrize("key", ["rides", "interpreter", "coverage-help"])
def test_a_dsnp_member_qualifies_for_rides_interpreters_and_coverage_help(rw: ResourceWorld, key: str) -> None:
    found = qualification(program=program(key), member_id=rw.dsnp_member.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY)
    assert found.qualifies, found.reason


def test_eligibility_follows_the_coverage_on_the_day_it_is_needed(rw: ResourceWorld) -> None:
    member = factories.MemberFactory()
    plan = rw.world.member_a.coverages.get().benefit_plan
    factories.CoverageFactory(member=member, benefit_plan=plan, start=dt.date(2026, 1, 1), end=dt.date(2026, 7, 31))
    rides = program("rides")
    assert qualification(program=rides, member_id=member.pk, needed_on=dt.date(2026, 7, 31), today=SUMMER_DAY).qualifies
    later = qualification(program=rides, member_id=member.pk, needed_on=dt.date(2026, 8, 3), today=SUMMER_DAY)
    assert not later.qualifies
    assert "no coverage with the plan on 08/03/2026" in later.reason


def test_coverage_help_reaches_members_whose_coverage_ended_within_ninety_days(rw: ResourceWorld) -> None:
    plan = rw.world.member_a.coverages.get().benefit_plan
    recent, long_ago = factories.MemberFactory(), factories.MemberFactory()
    factories.CoverageFactory(member=recent, benefit_plan=plan, start=dt.date(2024, 1, 1), end=dt.date(2026, 5, 31))
    factories.CoverageFactory(member=long_ago, benefit_plan=plan, start=dt.date(2024, 1, 1), end=dt.date(2026, 3, 31))
    help_ = program("coverage-help")
    found = qualification(program=help_, member_id=recent.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY)
    assert found.qualifies
    assert "ended on 05/31/2026" in found.reason
    assert not qualification(program=help_, member_id=long_ago.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY).qualifies
    # The 90 days are the program's, not the code's: rides give no such grace.
    assert not qualification(
        program=program("rides"), member_id=recent.pk, needed_on=SUMMER_DAY, today=SUMMER_DAY
    ).qualifies


@pytest.mark.parametrize(
    ("start", "end", "day", "inside"),
    [
        ("05-01", "10-31", dt.date(2026, 5, 1), True),
        ("05-01", "10-31", dt.date(2026, 10, 31), True),
        ("05-01", "10-31", dt.date(2026, 11, 1), False),
        ("05-01", "10-31", dt.date(2026, 4, 30), False),
        ("11-01", "02-28", dt.date(2026, 12, 15), True),  # a season across the new year
        ("11-01", "02-28", dt.date(2026, 1, 15), True),
        ("11-01", "02-28", dt.date(2026, 6, 15), False),
        ("", "", dt.date(2026, 6, 15), True),
    ],
)
def test_seasons_recur_every_year(start: str, end: str, day: dt.date, inside: bool) -> None:
    assert in_season(ResourceProgram(season_start=start, season_end=end), day) is inside


def test_the_catalog_rejects_unknown_fields_and_programs_in_the_back_office(rw: ResourceWorld) -> None:
    bad = ResourceProgram(
        key="x", kind="housing", name="X", description="X", eligible_programs=["tricare"], form_fields=["shoe_size"],
        optional_fields=["hat"], season_start="13-01", season_end="02-30", effective_start=SUMMER_DAY,
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        bad.full_clean()
    assert set(raised.value.message_dict) >= {"form_fields", "optional_fields", "eligible_programs", "season_start"}
