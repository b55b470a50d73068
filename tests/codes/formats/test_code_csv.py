"""CARC, RARC and modifier lists as plain CSV: code, description, optional start and stop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.code_csv import read_carc_csv, read_modifier_csv, read_rarc_csv
from tests.codes.formats.sources import write


def test_carc_csv_reads_start_and_stop_dates(tmp_path: Path) -> None:
    text = (
        "Code,Description,Start,Stop\n"
        "45,Charge exceeds fee schedule/maximum allowable.,01/01/1995,\n"
        "a1,Claim/Service denied.,1995-01-01,2030-12-31\n"
    )
    code_file = read_carc_csv(write(tmp_path / "carc.csv", text))
    first, second = code_file.records
    assert (first.code, first.effective, first.terminated) == ("45", dt.date(1995, 1, 1), None)
    assert (second.code, second.terminated) == ("A1", dt.date(2030, 12, 31))
    assert not code_file.complete


def test_rarc_and_modifier_csv_need_only_code_and_description(tmp_path: Path) -> None:
    rarc = read_rarc_csv(write(tmp_path / "rarc.csv", "code,description\nN725,A remark.\nMA130,Another.\n"))
    assert [record.code for record in rarc.records] == ["N725", "MA130"]
    modifiers = read_modifier_csv(write(tmp_path / "modifiers.csv", "modifier,description\n25,Separate visit\n"))
    (modifier,) = modifiers.records
    assert modifier.short_description == "Separate visit"


def test_problems_name_their_lines(tmp_path: Path) -> None:
    text = (
        "code,description,start,stop\n"
        "N1,Fine,,\n"
        "N2,Bad date,2020-02-30,\n"
        ",No code,,\n"
        "N1,Again,,\n"
        "N3,Too few\n"
        "N4,,,\n"
        "N5,Ends before it starts,2021-01-01,2020-12-31\n"
        "125,Not a remark code,,\n"
    )
    with pytest.raises(CodeFileError) as error:
        read_rarc_csv(write(tmp_path / "rarc.csv", text))
    assert [problem.line for problem in error.value.problems] == [3, 4, 5, 6, 7, 8, 9]
    assert "appears twice (first on line 2)" in error.value.problems[2].message


def test_a_header_without_a_description_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_carc_csv(write(tmp_path / "carc.csv", "code,amount\n45,10\n"))
    assert error.value.problems[0].line == 1
    assert "'description'" in error.value.problems[0].message
