"""The requirement engine: No-Auth, vendor, plan or invalid, by line of business and date of service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portico.codes.requirements import (
    Outcome,
    RequirementAnswer,
    Rule,
    ServiceLine,
    prior_auth_requirements,
    requirement_request_parse,
)
from portico.common.errors import ValidationFailed
from portico.plans.models import LineOfBusiness
from tests import factories
from tests.codes.lists_support import ListsWorld, lists_world_build

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


@pytest.fixture
def lists(db: None) -> ListsWorld:
    return lists_world_build()


def ask(lob: LineOfBusiness, day: str, *codes: str) -> RequirementAnswer:
    lines = [ServiceLine(code=code.split("-")[0], modifiers=tuple(code.split("-")[1:])) for code in codes]
    return prior_auth_requirements(line_of_business=lob, day=dt.date.fromisoformat(day), lines=lines)


def only(answer: RequirementAnswer):  # type: ignore[no-untyped-def]
    [line] = answer.lines
    return line


def test_a_code_on_the_no_auth_list_needs_no_authorization(lists: ListsWorld) -> None:
    line = only(ask(lists.nc, "2026-05-15", "99213"))

    assert line.outcome == Outcome.NO_AUTH
    assert line.rule == Rule.NO_AUTH_LIST
    assert line.decided_by is not None
    assert line.decided_by.version_number == 1
    assert line.decided_by.effective == dt.date(2026, 1, 1)
    assert line.submit_to is None
    assert "North Coast CCO No-Auth list, version 1" in line.explanation
    assert line.description == "Established patient office visit"


def test_a_code_on_the_vendor_list_goes_to_the_vendor_with_its_category(lists: ListsWorld) -> None:
    line = only(ask(lists.nc, "2026-05-15", "70551"))

    assert line.outcome == Outcome.VENDOR
    assert line.rule == Rule.VENDOR_LIST
    assert line.vendor == lists.summit
    assert line.category == "Diagnostic imaging"
    assert line.submit_to is not None
    assert line.submit_to.name == "Summit Specialty Review"
    assert line.submit_to.phone == "888-555-0177"
    assert line.decided_by is not None
    assert line.decided_by.vendor_key == "summit"
    assert line.outcome_label == "Send to Summit Specialty Review"


def test_a_code_on_no_list_goes_to_the_plan(lists: ListsWorld) -> None:
    line = only(ask(lists.nc, "2026-05-15", "27447"))

    assert line.outcome == Outcome.PLAN
    assert line.rule == Rule.NOT_LISTED
    assert line.decided_by is None
    assert line.submit_to is not None
    assert line.submit_to.name == "Cascadia Health"
    assert line.submit_to.phone
    assert line.submit_to.fax
    assert "on neither the No-Auth list nor a specialty vendor's list" in line.explanation


@pytest.mark.parametrize(
    ("day", "outcome", "rule"),
    [
        ("2026-04-30", Outcome.PLAN, Rule.VENDOR_NOT_STARTED),
        ("2026-05-01", Outcome.VENDOR, Rule.VENDOR_LIST),
        ("2026-05-02", Outcome.VENDOR, Rule.VENDOR_LIST),
    ],
)
def test_the_vendor_takes_dates_of_service_from_its_start_and_earlier_ones_stay_with_the_plan(
    lists: ListsWorld, day: str, outcome: Outcome, rule: Rule
) -> None:
    line = only(ask(lists.nc, day, "73721"))

    assert line.outcome == outcome
    assert line.rule == rule
    if outcome == Outcome.PLAN:
        assert line.submit_to is not None
        assert line.submit_to.name == "Cascadia Health"
        assert "reviews only dates of service from" in line.explanation
        assert line.category == "Diagnostic imaging"  # said, so the coordinator knows what changes on May 1


def test_lines_of_business_have_their_own_lists(lists: ListsWorld) -> None:
    nc = ask(lists.nc, "2026-05-15", "70551", "73721", "90834")
    dsnp = ask(lists.dsnp, "2026-05-15", "70551", "73721", "90834")

    assert [line.outcome for line in nc.lines] == [Outcome.VENDOR, Outcome.VENDOR, Outcome.NO_AUTH]
    assert [line.outcome for line in dsnp.lines] == [Outcome.NO_AUTH, Outcome.VENDOR, Outcome.PLAN]
    assert dsnp.lines[0].decided_by is not None
    assert dsnp.lines[0].decided_by.list_name == "Cascadia Advantage Dual No-Auth list"


@pytest.mark.parametrize(
    ("day", "outcome", "version"),
    [("2026-07-31", Outcome.VENDOR, 1), ("2026-08-01", Outcome.NO_AUTH, 2), ("2027-03-01", Outcome.NO_AUTH, 2)],
)
def test_a_code_moved_from_the_vendor_list_to_no_auth_follows_the_version_in_force(
    lists: ListsWorld, day: str, outcome: Outcome, version: int
) -> None:
    line = only(ask(lists.nc, day, "97110"))

    assert line.outcome == outcome
    assert line.decided_by is not None
    assert line.decided_by.version_number == version


def test_the_no_auth_list_in_force_names_its_last_day(lists: ListsWorld) -> None:
    answer = ask(lists.nc, "2026-07-31", "99213")

    assert answer.lines[0].decided_by is not None
    assert answer.lines[0].decided_by.ends == dt.date(2026, 7, 31)
    names = [item.list_name for item in answer.lists_checked]
    assert names == [
        "North Coast CCO No-Auth list",
        "North Coast CCO Beacon Sleep Partners list",
        "North Coast CCO Summit Specialty Review list",
    ]


def test_a_second_vendor_with_its_own_start_date_works_beside_the_first(lists: ListsWorld) -> None:
    before = ask(lists.nc, "2026-06-30", "G0399", "95810")
    after = ask(lists.nc, "2026-07-01", "G0399", "95810", "95806")

    assert [line.outcome for line in before.lines] == [Outcome.PLAN, Outcome.VENDOR]
    assert before.lines[0].rule == Rule.VENDOR_NOT_STARTED
    assert "Beacon Sleep Partners reviews only dates of service from" in before.lines[0].explanation
    assert [(line.outcome, line.vendor) for line in after.lines] == [
        (Outcome.VENDOR, lists.beacon),
        (Outcome.VENDOR, lists.summit),
        (Outcome.VENDOR, lists.beacon),
    ]
    assert {d.name for d in after.destinations} == {"Beacon Sleep Partners", "Summit Specialty Review"}


@pytest.mark.parametrize(
    ("code", "status", "words"),
    [
        ("99201", "terminated", "was terminated on"),
        ("80000", "not_billable", "is a header"),
        ("0999T", "not_yet_effective", "takes effect on"),
        ("12345", "invalid", "12345 is not"),
        ("F32.A", "invalid", "F32.A is not"),
        ("ZZZZZZ", "invalid", "ZZZZZZ is not"),
    ],
)
def test_codes_not_valid_on_the_date_are_invalid_with_the_reason(
    lists: ListsWorld, code: str, status: str, words: str
) -> None:
    line = only(ask(lists.nc, "2026-05-15", code))

    assert line.outcome == Outcome.INVALID
    assert line.rule == Rule.INVALID_CODE
    assert line.code_status == status
    assert words in line.explanation
    assert line.submit_to is None


def test_a_bad_modifier_makes_the_line_invalid(lists: ListsWorld) -> None:
    good = only(ask(lists.nc, "2026-05-15", "73721-RT"))
    bad = only(ask(lists.nc, "2026-05-15", "73721-Q9"))

    assert good.outcome == Outcome.VENDOR
    assert bad.outcome == Outcome.INVALID
    assert bad.rule == Rule.INVALID_MODIFIER
    assert "Q9" in bad.explanation


def test_a_listed_code_missing_from_the_loaded_code_sets_follows_the_list_with_a_warning(lists: ListsWorld) -> None:
    line = only(ask(lists.nc, "2026-05-15", "0037U"))

    assert line.outcome == Outcome.VENDOR
    assert line.category == "Genetic testing"
    assert "not among the loaded code sets" in line.warning


def test_without_any_list_every_valid_code_goes_to_the_plan(lists: ListsWorld) -> None:
    bare = factories.LineOfBusinessFactory(name="Metro Gorge CCO")

    line = only(ask(bare, "2026-05-15", "99213"))

    assert line.outcome == Outcome.PLAN
    assert "No No-Auth list is published" in line.explanation


def test_lines_keep_their_numbers_and_order(lists: ListsWorld) -> None:
    answer = ask(lists.nc, "2026-05-15", "99213", "70551", "27447", "99201")

    assert [line.number for line in answer.lines] == [1, 2, 3, 4]
    assert [answer.count(o) for o in Outcome] == [1, 1, 1, 1]


def test_a_draft_changes_nothing_until_published(lists: ListsWorld) -> None:
    from portico.codes.list_services import code_list_version_upload
    from tests.codes.lists_support import csv_bytes

    code_list_version_upload(
        line_of_business=lists.nc,
        vendor=None,
        effective=dt.date(2026, 5, 1),
        file_name="draft.csv",
        content=csv_bytes([("27447", "", "", "")]),
        user=lists.editor,
    )

    assert only(ask(lists.nc, "2026-05-15", "27447")).outcome == Outcome.PLAN


# ---- parsing the request ------------------------------------------------------------------------------------


def test_the_request_parser_names_each_bad_line_field(lists: ListsWorld) -> None:
    with pytest.raises(ValidationFailed) as caught:
        requirement_request_parse(
            {
                "line_of_business": "NCCCO",
                "date_of_service": "2026-05-15",
                "lines": [
                    {"code": "99213"},
                    {"code": ""},
                    {"code": "70551", "modifiers": ["RT", "TOOLONG"]},
                    {"code": "73721", "place_of_service": "OFFICE", "units": "0"},
                ],
            }
        )

    errors = caught.value.errors
    assert set(errors) == {"lines.1.code", "lines.2.modifiers", "lines.3.place_of_service", "lines.3.units"}


def test_the_request_parser_reads_modifiers_written_onto_the_code(lists: ListsWorld) -> None:
    parsed = requirement_request_parse(
        {"line_of_business": "nccco", "lines": [{"code": "73721-rt", "modifiers": "59", "units": ""}]}
    )

    assert parsed.lines[0] == ServiceLine(code="73721", modifiers=("RT", "59"), units=1)
    assert parsed.date_of_service == dt.date(2026, 5, 15)  # today when left out
    assert parsed.line_of_business == lists.nc


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"lines": [{"code": "99213"}]}, "line_of_business"),
        ({"line_of_business": "NOPE", "lines": [{"code": "99213"}]}, "line_of_business"),
        ({"line_of_business": "NCCCO", "date_of_service": "2020-01-01", "lines": [{"code": "1"}]}, "date_of_service"),
        ({"line_of_business": "NCCCO", "date_of_service": "15/05/2026", "lines": [{"code": "1"}]}, "date_of_service"),
        ({"line_of_business": "NCCCO", "lines": []}, "lines"),
        ({"line_of_business": "NCCCO", "lines": [{"code": "99213"}] * 51}, "lines"),
        ({"member_id": "CH1", "birth_date": "1980-01-01", "lines": [{"code": "99213"}]}, "member_id"),
        ({"member_id": "CH100000001", "lines": [{"code": "99213"}]}, "birth_date"),
    ],
)
def test_the_request_parser_names_the_bad_field(lists: ListsWorld, data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        requirement_request_parse(data)

    assert field in caught.value.errors
