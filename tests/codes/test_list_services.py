"""Code list versions: upload (whole file checked, nothing saved on a bad line), differences, publish, discard,
history, and the demo lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portico.codes.list_demo import code_lists_demo_load
from portico.codes.list_queries import code_list_history, listed_codes, lists_in_force, version_diff
from portico.codes.list_services import (
    MAX_FILE_BYTES,
    ListErrorCode,
    code_list_file_parse,
    code_list_version_discard,
    code_list_version_publish,
    code_list_version_upload,
)
from portico.codes.models import CodeList, CodeListEntry, CodeListVersion, VersionStatus
from portico.codes.requirements import Outcome, ServiceLine, prior_auth_requirements
from portico.common.errors import DomainError, ValidationFailed
from tests import factories
from tests.codes.lists_support import codes_create, csv_bytes, lists_world_build, publish, summit_create

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def upload(lob, vendor, content: bytes, effective: dt.date = dt.date(2026, 6, 1)) -> CodeListVersion:  # type: ignore[no-untyped-def]
    return code_list_version_upload(
        line_of_business=lob, vendor=vendor, effective=effective, file_name="list.csv", content=content, user=None
    )


# ---- upload ---------------------------------------------------------------------------------------------------


def test_an_upload_saves_a_draft_with_every_code() -> None:
    lob = factories.LineOfBusinessFactory(name="North Coast CCO")

    version = upload(lob, None, csv_bytes([("99213", "", "Office visits", ""), ("E0601", "hcpcs", "", "A note")]))

    assert version.status == VersionStatus.DRAFT
    assert version.number == 1
    assert version.code_list.name == "North Coast CCO No-Auth list"
    entries = {(e.system, e.code, e.category, e.note) for e in version.entries.all()}
    assert entries == {("cpt", "99213", "Office visits", ""), ("hcpcs", "E0601", "", "A note")}


def test_versions_are_numbered_one_after_another() -> None:
    lob = factories.LineOfBusinessFactory()

    first = upload(lob, None, csv_bytes([("99213", "", "", "")]))
    second = upload(lob, None, csv_bytes([("99214", "", "", "")]), effective=dt.date(2026, 7, 1))

    assert (first.number, second.number) == (1, 2)
    assert first.code_list_id == second.code_list_id


def test_a_file_with_bad_lines_names_each_line_and_saves_nothing() -> None:
    lob = factories.LineOfBusinessFactory()
    summit = summit_create()
    content = csv_bytes(
        [
            ("70551", "cpt", "Diagnostic imaging", ""),  # line 2: fine
            ("", "", "Diagnostic imaging", ""),  # line 3: empty code
            ("70553", "icd", "Diagnostic imaging", ""),  # line 4: unknown system
            ("70551", "", "Diagnostic imaging", ""),  # line 5: duplicate of line 2
            ("70551-70553", "", "Diagnostic imaging", ""),  # line 6: a range
            ("95810", "", "", ""),  # line 7: no category on a vendor list
            ("J1100", "cpt", "Drugs", ""),  # line 8: not a CPT code
            ("ABC", "", "Drugs", ""),  # line 9: not written like a code
        ]
    )

    with pytest.raises(ValidationFailed) as caught:
        upload(lob, summit, content)

    problems = caught.value.errors["file"]
    assert [p.split(":")[0] for p in problems] == [f"Line {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert "the code is empty" in problems[0]
    assert "icd" in problems[1]
    assert "already on line 2" in problems[2]
    assert "range" in problems[3]
    assert "category is empty" in problems[4]
    assert "not written like a CPT" in problems[5]
    assert not CodeList.objects.exists()
    assert not CodeListVersion.objects.exists()
    assert not CodeListEntry.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "The file is empty"),
        (b"code,categroy\n99213,x\n", "unknown column"),
        (b"system,category\ncpt,x\n", "column. The first line"),
        (b"code,code\n99213,99213\n", "appears twice"),
        (b"code,system\n", "has no codes"),
        (b"code\n\x81\x8d\x8f\n", "not text"),
        (b"code,note\n99213,a,b\n", "a comma inside a note needs quotes"),
        (b"code\n99213-25\n", "without modifiers"),
        (b"code\n" + b"9" * (MAX_FILE_BYTES + 1), "larger than"),
    ],
)
def test_a_malformed_file_is_refused_with_the_reason(content: bytes, words: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        code_list_file_parse(content=content, vendor_list=False)

    assert words in " ".join(caught.value.errors["file"])


def test_a_spreadsheet_file_with_a_byte_order_mark_and_windows_lines_is_read() -> None:
    content = "\ufeffCode,System,Category,Note\r\n99213,CPT,Office visits,\r\n\r\ng0399,,Sleep,Home test\r\n".encode()

    rows = code_list_file_parse(content=content, vendor_list=True)

    assert [(r.line, r.system, r.code) for r in rows] == [(2, "cpt", "99213"), (4, "hcpcs", "G0399")]


def test_the_problems_of_a_long_bad_file_are_counted_beyond_fifty() -> None:
    with pytest.raises(ValidationFailed) as caught:
        code_list_file_parse(content=csv_bytes([("BAD", "", "", "")] * 60), vendor_list=False)

    problems = caught.value.errors["file"]
    assert len(problems) == 51
    assert "10 more problems" in problems[-1]


def test_an_effective_date_already_published_is_refused_on_upload() -> None:
    lob = factories.LineOfBusinessFactory()
    publish(lob=lob, vendor=None, effective=dt.date(2026, 6, 1), rows=[("99213", "", "", "")])

    with pytest.raises(ValidationFailed) as caught:
        upload(lob, None, csv_bytes([("99214", "", "", "")]), effective=dt.date(2026, 6, 1))

    assert "already published for 2026-06-01" in caught.value.errors["effective"][0]
    assert CodeListVersion.objects.count() == 1


def test_an_effective_date_out_of_range_and_a_long_note_are_named() -> None:
    lob = factories.LineOfBusinessFactory()

    with pytest.raises(ValidationFailed) as caught:
        code_list_version_upload(
            line_of_business=lob,
            vendor=None,
            effective=dt.date(1999, 12, 31),
            file_name="x.csv",
            content=csv_bytes([("99213", "", "", "")]),
            note="x" * 301,
            user=None,
        )

    assert set(caught.value.errors) == {"effective", "note"}


# ---- publish, discard, history ------------------------------------------------------------------------------


def test_publishing_makes_the_draft_the_list_from_its_effective_date() -> None:
    codes_create()
    lob = factories.LineOfBusinessFactory()
    editor = factories.UserFactory()
    draft = upload(lob, None, csv_bytes([("99213", "", "", "")]))
    line = [ServiceLine(code="99213")]

    assert prior_auth_requirements(line_of_business=lob, day=dt.date(2026, 6, 1), lines=line).lines[0].outcome == (
        Outcome.PLAN
    )
    published = code_list_version_publish(version=draft, user=editor)

    assert published.status == VersionStatus.PUBLISHED
    assert published.published_by == editor
    assert published.published_at is not None
    after = prior_auth_requirements(line_of_business=lob, day=dt.date(2026, 6, 1), lines=line)
    before = prior_auth_requirements(line_of_business=lob, day=dt.date(2026, 5, 31), lines=line)
    assert after.lines[0].outcome == Outcome.NO_AUTH
    assert before.lines[0].outcome == Outcome.PLAN


def test_only_a_draft_can_be_published_or_discarded() -> None:
    lob = factories.LineOfBusinessFactory()
    version = publish(lob=lob, vendor=None, effective=dt.date(2026, 6, 1), rows=[("99213", "", "", "")])

    with pytest.raises(DomainError) as publishing:
        code_list_version_publish(version=version, user=None)
    with pytest.raises(DomainError) as discarding:
        code_list_version_discard(version=version, user=None)

    assert publishing.value.code == discarding.value.code == ListErrorCode.NOT_DRAFT


def test_two_drafts_for_one_date_cannot_both_be_published() -> None:
    lob = factories.LineOfBusinessFactory()
    first = upload(lob, None, csv_bytes([("99213", "", "", "")]))
    second = upload(lob, None, csv_bytes([("99214", "", "", "")]))
    code_list_version_publish(version=first, user=None)

    with pytest.raises(DomainError) as caught:
        code_list_version_publish(version=second, user=None)

    assert caught.value.code == ListErrorCode.EFFECTIVE_TAKEN
    assert "Version 1 of this list is already published for 2026-06-01" in caught.value.message
    second.refresh_from_db()
    assert second.status == VersionStatus.DRAFT


def test_a_discarded_draft_is_kept_but_never_applies() -> None:
    codes_create()
    lob = factories.LineOfBusinessFactory()
    draft = upload(lob, None, csv_bytes([("99213", "", "", "")]))

    discarded = code_list_version_discard(version=draft, user=None)

    assert discarded.status == VersionStatus.DISCARDED
    assert discarded.entries.count() == 1
    assert lists_in_force(line_of_business=lob, day=dt.date(2026, 7, 1)).no_auth is None


def test_history_gives_each_published_version_its_span(db: None) -> None:
    world = lists_world_build()
    code_list = CodeList.objects.get(line_of_business=world.nc, kind="no_auth")
    upload(world.nc, None, csv_bytes([("99213", "", "", "")]), effective=dt.date(2026, 10, 1))

    rows = code_list_history(code_list=code_list)

    assert [(r.version.number, r.version.status, r.ends, r.codes) for r in rows] == [
        (3, VersionStatus.DRAFT, None, 1),
        (2, VersionStatus.PUBLISHED, None, 3),
        (1, VersionStatus.PUBLISHED, dt.date(2026, 7, 31), 2),
    ]
    assert [r.in_force_today for r in rows] == [False, False, True]


# ---- differences ----------------------------------------------------------------------------------------------


def test_the_difference_is_against_the_version_in_force_on_the_new_effective_date(db: None) -> None:
    world = lists_world_build()
    draft = upload(
        world.nc,
        world.summit,
        csv_bytes(
            [
                ("70551", "", "Diagnostic imaging", "Brain only"),  # note changed
                ("73721", "", "Imaging", ""),  # category changed
                ("97110", "", "MSK and physical medicine", ""),  # unchanged
                ("95810", "", "Sleep medicine", ""),  # unchanged
                ("27447", "", "MSK and physical medicine", ""),  # added
                ("12345", "", "Genetic testing", ""),  # added, not among the loaded codes
                ("99201", "", "Genetic testing", ""),  # added, terminated in 2020
            ]
        ),
        effective=dt.date(2026, 9, 1),
    )

    diff = version_diff(version=draft)

    assert diff.base is not None
    assert diff.base.effective == dt.date(2026, 5, 1)
    assert [e.code for e in diff.added] == ["12345", "27447", "99201"]
    assert [e.code for e in diff.removed] == ["0037U", "81162"]
    assert [(c.code, c.category_before, c.category_after, c.note_after) for c in diff.changed] == [
        ("70551", "Diagnostic imaging", "Diagnostic imaging", "Brain only"),
        ("73721", "Diagnostic imaging", "Imaging", ""),
    ]
    assert diff.unchanged == 2
    assert diff.total == 7
    warned = {w.code: w.message for w in diff.warnings}
    assert "not among the loaded" in warned["12345"]
    assert "terminated" in warned["99201"]
    assert any("New categories" in n and "Imaging" in n for n in diff.notices)
    assert diff.publishable


def test_a_first_version_is_all_new_and_a_past_date_is_pointed_out() -> None:
    lob = factories.LineOfBusinessFactory()

    diff = version_diff(version=upload(lob, None, csv_bytes([("99213", "", "", "")]), effective=dt.date(2026, 1, 1)))

    assert diff.base is None
    assert [e.code for e in diff.added] == ["99213"]
    assert any("past date" in n for n in diff.notices)
    assert any("No CPT procedure codes are loaded" in n for n in diff.notices)


def test_a_draft_blocked_by_a_published_version_for_its_date_is_not_publishable() -> None:
    lob = factories.LineOfBusinessFactory()
    first = upload(lob, None, csv_bytes([("99213", "", "", "")]))
    second = upload(lob, None, csv_bytes([("99214", "", "", "")]))
    code_list_version_publish(version=first, user=None)

    diff = version_diff(version=second)

    assert not diff.publishable
    assert diff.blocked_by == first


# ---- browsing -------------------------------------------------------------------------------------------------


def test_browsing_lists_every_code_once_with_what_it_means(db: None) -> None:
    world = lists_world_build()

    result = listed_codes(line_of_business=world.nc, day=dt.date(2026, 8, 15))

    by_code = {row.code: row for row in result.rows}
    assert by_code["97110"].kind == "no_auth"  # on both lists: the No-Auth list answers first
    assert by_code["70551"].kind == "vendor"
    assert by_code["70551"].vendor == world.summit
    assert by_code["G0399"].vendor == world.beacon
    assert by_code["70551"].description == "Brain MRI without contrast"
    assert result.total == len(result.rows) == 10


def test_browsing_before_a_vendor_starts_shows_it_waiting(db: None) -> None:
    world = lists_world_build()

    result = listed_codes(line_of_business=world.nc, day=dt.date(2026, 4, 30))

    assert {row.kind for row in result.rows} == {"no_auth"}
    assert {w.vendor.key for w in result.lists.waiting if w.vendor} == {"summit", "beacon"}


@pytest.mark.parametrize(
    ("q", "show", "codes"),
    [
        ("mri", "", ["70551", "73721"]),
        ("sleep", "", ["95806", "95810", "G0399"]),
        ("sleep", "vendor:beacon", ["95806", "G0399"]),
        ("", "no_auth", ["90834", "97110", "99213"]),
        ("7055", "", ["70551"]),
        ("genetic", "", ["0037U", "81162"]),
    ],
)
def test_browsing_searches_codes_and_words(db: None, q: str, show: str, codes: list[str]) -> None:
    world = lists_world_build()

    result = listed_codes(line_of_business=world.nc, day=dt.date(2026, 8, 15), q=q, show=show)

    assert [row.code for row in result.rows] == codes


# ---- the demo lists -----------------------------------------------------------------------------------------


def test_the_demo_lists_load_through_the_services_and_a_second_run_adds_nothing() -> None:
    codes_create()
    for code, name in (("NCCCO", "North Coast CCO"), ("WVCCO", "Willamette Valley CCO"), ("MGCCO", "Metro Gorge CCO")):
        factories.LineOfBusinessFactory(code=code, name=name)
    factories.LineOfBusinessFactory(code="CADSNP", name="Cascadia Advantage Dual")

    created = code_lists_demo_load()
    again = code_lists_demo_load()

    assert len(created) == 11
    assert again == []
    assert CodeList.objects.count() == 8
    nccco = CodeList.objects.get(line_of_business__code="NCCCO", kind="no_auth")
    assert nccco.versions.filter(status="published").count() == 3
    north_coast = nccco.line_of_business
    line = [ServiceLine(code="97110"), ServiceLine(code="70551"), ServiceLine(code="27447")]
    august = prior_auth_requirements(line_of_business=north_coast, day=dt.date(2026, 8, 31), lines=line)
    september = prior_auth_requirements(line_of_business=north_coast, day=dt.date(2026, 9, 1), lines=line)
    april = prior_auth_requirements(line_of_business=north_coast, day=dt.date(2026, 4, 30), lines=line)
    assert [x.outcome for x in august.lines] == [Outcome.VENDOR, Outcome.VENDOR, Outcome.PLAN]
    assert [x.outcome for x in september.lines] == [Outcome.NO_AUTH, Outcome.VENDOR, Outcome.PLAN]
    assert [x.outcome for x in april.lines] == [Outcome.PLAN, Outcome.PLAN, Outcome.PLAN]
