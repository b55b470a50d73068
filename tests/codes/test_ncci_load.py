"""Loading CMS's NCCI files: the real excerpts load with their dates; bad rows are named by line and change
nothing; loading again replaces, never duplicates; the read side answers by date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portico.codes.demo_sets import _load_ncci
from portico.codes.models import CodeLoad, LoadSource, ModifierIndicator, MueEdit, MueIndicator, PtpEdit
from portico.codes.ncci import mue_for, ptp_pairs
from portico.codes.ncci_loading import mue_file_load, ptp_file_load, ptp_part
from portico.common.errors import ValidationFailed
from tests.codes.formats.sources import codeset, write

pytestmark = pytest.mark.django_db

PTP_FILE = "ncci/ccipra-v322r0-f1.excerpt.txt"
MUE_FILE = "ncci/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
HEADER = (
    "CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t\r\n"
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n"
)
MUE_HEADER = (
    '"Notice, with a comma\nand a line break"\r\n'
    '"HCPCS/\nCPT Code",MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n'
)


def ptp(path: Path, *rows: str) -> Path:
    return write(path, HEADER + "".join(row + "\r\n" for row in rows), encoding="latin-1")


def mue(path: Path, *rows: str) -> Path:
    return write(path, MUE_HEADER + "".join(row + "\r\n" for row in rows), encoding="latin-1")


def test_the_practitioner_ptp_excerpt_loads_every_edit_with_its_dates_and_indicator() -> None:
    load = ptp_file_load(path=codeset(PTP_FILE))
    assert (load.system, load.records, load.added, load.release) == ("ncci_ptp", 154, 154, "v32.2r0 f1")
    assert PtpEdit.objects.count() == 154
    assert set(PtpEdit.objects.values_list("part", flat=True)) == {"ccipra-f1"}
    open_ended = PtpEdit.objects.get(column1="0001U", column2="0030U")
    assert (open_ended.effective_start, open_ended.effective_end, open_ended.modifier_indicator) == (
        dt.date(2018, 7, 1), None, ModifierIndicator.ALLOWED,
    )  # fmt: skip
    assert open_ended.rationale == "Misuse of Column Two code with Column One code"
    deleted = PtpEdit.objects.get(column1="0001A", column2="36591")
    assert (deleted.effective_start, deleted.effective_end, deleted.modifier_indicator) == (
        dt.date(2022, 1, 1), dt.date(2023, 12, 31), ModifierIndicator.NOT_ALLOWED,
    )  # fmt: skip
    assert PtpEdit.objects.filter(effective_end__isnull=True).count() == 66


def test_the_deletion_date_is_the_last_day_an_edit_applies() -> None:
    ptp_file_load(path=codeset(PTP_FILE))
    # 0001U/0029U: effective 2018-07-01, deleted 2026-06-30.
    assert [p.column2 for p in ptp_pairs(codes=["0001U", "0029U"], on=dt.date(2026, 6, 30))] == ["0029U"]
    assert ptp_pairs(codes=["0001U", "0029U"], on=dt.date(2026, 7, 1)) == []
    assert ptp_pairs(codes=["0001U", "0029U"], on=dt.date(2018, 7, 1)) != []
    assert ptp_pairs(codes=["0001U", "0029U"], on=dt.date(2018, 6, 30)) == []


def test_an_edit_with_modifier_indicator_9_is_kept_but_never_applied() -> None:
    ptp_file_load(path=codeset(PTP_FILE))
    assert PtpEdit.objects.get(column1="0001A", column2="90473").modifier_indicator == "9"
    assert ptp_pairs(codes=["0001A", "90473"], on=dt.date(2022, 1, 1)) == []


def test_the_mue_excerpt_loads_from_the_date_in_its_name() -> None:
    load = mue_file_load(path=codeset(MUE_FILE))
    assert (load.system, load.records, load.release) == ("mue", 44, "Eff 2026-07-01")
    assert MueEdit.objects.count() == 44
    edit = MueEdit.objects.get(code="0009U")
    assert (edit.units, edit.indicator, edit.effective_start, edit.effective_end) == (
        2, MueIndicator.DATE_CLINICAL, dt.date(2026, 7, 1), None,
    )  # fmt: skip
    assert MueEdit.objects.get(code="0001U").indicator == MueIndicator.DATE_POLICY
    assert mue_for(codes=["0009U", "99213"], on=dt.date(2026, 7, 1))["0009U"].units == 2
    assert mue_for(codes=["0009U"], on=dt.date(2026, 6, 30)) == {}


def test_loading_the_same_files_again_replaces_their_rows_and_says_nothing_changed() -> None:
    ptp_file_load(path=codeset(PTP_FILE))
    mue_file_load(path=codeset(MUE_FILE))
    again = ptp_file_load(path=codeset(PTP_FILE))
    mue_again = mue_file_load(path=codeset(MUE_FILE))
    assert (again.added, again.changed, again.terminated, again.unchanged) == (0, 0, 0, 154)
    assert (mue_again.added, mue_again.unchanged) == (0, 44)
    assert (PtpEdit.objects.count(), MueEdit.objects.count()) == (154, 44)
    assert set(PtpEdit.objects.values_list("load", flat=True)) == {again.pk}
    assert CodeLoad.objects.filter(system__in=["ncci_ptp", "mue"]).count() == 4


def test_a_newer_ptp_file_of_the_same_part_replaces_the_old_rows_and_counts_deletions(tmp_path: Path) -> None:
    ptp_file_load(path=ptp(tmp_path / "ccipra-v321r0-f1.txt", "99214\t99213\t\t20200101\t*\t0\tMutually exclusive"))
    ptp_file_load(path=ptp(tmp_path / "ccipra-v321r0-f2.txt", "G0001\t99213\t\t20200101\t*\t1\tOther part"))
    newer = ptp_file_load(
        path=ptp(tmp_path / "ccipra-v322r0-f1.txt", "99214\t99213\t\t20200101\t20251231\t0\tMutually exclusive")
    )
    assert (newer.added, newer.terminated) == (0, 1)
    assert PtpEdit.objects.get(column1="99214").effective_end == dt.date(2025, 12, 31)
    assert PtpEdit.objects.filter(part="ccipra-f2").count() == 1  # the other part is untouched


def test_a_newer_mue_file_ends_the_older_one_the_day_before(tmp_path: Path) -> None:
    mue_file_load(path=mue(tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "99213,1,1 Line Edit,X"))
    later = mue_file_load(
        path=mue(tmp_path / "mue-october.csv", "99213,2,2 Date of Service Edit: Policy,X"),
        effective=dt.date(2026, 10, 1),
    )
    assert (later.changed, later.release) == (1, "Eff 2026-10-01")
    july = MueEdit.objects.get(code="99213", effective_start=dt.date(2026, 7, 1))
    assert july.effective_end == dt.date(2026, 9, 30)
    assert mue_for(codes=["99213"], on=dt.date(2026, 9, 30))["99213"].units == 1
    assert mue_for(codes=["99213"], on=dt.date(2026, 10, 1))["99213"].units == 2


def test_bad_ptp_rows_are_named_by_line_and_nothing_is_written(tmp_path: Path) -> None:
    ptp_file_load(path=codeset(PTP_FILE))
    bad = ptp(
        tmp_path / "ccipra-v322r0-f1.txt",
        "99214\t99213\t\t20200101\t*\t0\tFine",
        "99214\t99215\t\t2020-01-01\t*\t1\tDate with dashes",
        "99214\t99212\t\t20200101\t*\t7\tNo such indicator",
        "99214\t99211\t\t20200101\t20191231\t1\tDeleted before it started",
        "99214\t99213\t\t20200101\t*\t0\tTwice",
    )
    with pytest.raises(ValidationFailed) as caught:
        ptp_file_load(path=bad)
    errors = caught.value.errors
    assert set(errors) == {"line 4", "line 5", "line 6", "line 7"}
    assert "Effective date '2020-01-01'" in errors["line 4"][0]
    assert "Modifier indicator '7'" in errors["line 5"][0]
    assert "before the effective date" in errors["line 6"][0]
    assert "also on line 3" in errors["line 7"][0]
    assert PtpEdit.objects.count() == 154  # the excerpt loaded before is still all there
    assert not PtpEdit.objects.filter(column1="99214").exists()
    assert CodeLoad.objects.filter(system="ncci_ptp").count() == 1


def test_bad_mue_rows_are_named_by_line_and_nothing_is_written(tmp_path: Path) -> None:
    bad = mue(
        tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv",
        "99213,1,1 Line Edit,Fine",
        "99214,two,1 Line Edit,Not a number",
        "99215,1,4 Something,No such indicator",
    )
    with pytest.raises(ValidationFailed) as caught:
        mue_file_load(path=bad)
    errors = caught.value.errors
    assert set(errors) == {"line 6", "line 7"}  # the notice and the header take lines 1-4
    assert "MUE value 'two'" in errors["line 6"][0]
    assert "does not start with 1, 2 or 3" in errors["line 7"][0]
    assert not MueEdit.objects.exists()
    assert not CodeLoad.objects.exists()


def test_an_mue_file_without_a_date_needs_one(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        mue_file_load(path=mue(tmp_path / "mue.csv", "99213,1,1 Line Edit,X"))
    assert "effective" in caught.value.errors


def test_a_file_that_is_not_an_mue_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        mue_file_load(path=codeset(PTP_FILE), effective=dt.date(2026, 7, 1))
    assert "HCPCS" in caught.value.errors["file"][0]


def test_the_part_comes_from_the_cms_file_name() -> None:
    assert ptp_part(Path("ccipra-v322r0-f1.excerpt.txt")) == ("ccipra-f1", "v32.2r0 f1")
    assert ptp_part(Path("ccioph-v321r1-f4.txt")) == ("ccioph-f4", "v32.1r1 f4")
    assert ptp_part(Path("Our Edits.txt")) == ("our edits", "")


def test_the_command_loads_both_files_and_reports_bad_lines(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("codes", "ncci-ptp", str(codeset(PTP_FILE)))
    call_command("codes", "mue", str(codeset(MUE_FILE)), "--effective", "2026-07-01")
    out = capsys.readouterr().out
    assert "NCCI procedure-to-procedure edits: ccipra-v322r0-f1.excerpt.txt" in out
    assert "154 records: 154 added" in out
    assert "44 records: 44 added" in out
    bad = ptp(tmp_path / "ccipra-v322r0-f2.txt", "99214\t99213\t\t20200101\t*\t5\tX")
    with pytest.raises(CommandError, match=r"nothing changed\.\n  line 3: Modifier indicator '5'"):
        call_command("codes", "ncci-ptp", str(bad))
    with pytest.raises(CommandError, match="not a date"):
        call_command("codes", "mue", str(codeset(MUE_FILE)), "--effective", "July")
    call_command("codes", "history")
    assert "medically unlikely edits" in capsys.readouterr().out


def test_the_demo_loads_the_ncci_files_of_the_official_folder_once(tmp_path: Path) -> None:
    folder = codeset(PTP_FILE).parents[1]
    said = list(_load_ncci(folder))
    assert any("154 edits loaded" in line for line in said)
    assert any("44 edits loaded" in line for line in said)
    assert all("already loaded" in line for line in _load_ncci(folder))
    assert CodeLoad.objects.filter(source=LoadSource.DEMO).count() == 2
