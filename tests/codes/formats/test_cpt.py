"""CPT from a plan's CSV, and the demo's own file of plain-language descriptions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.cpt import CPT, MODIFIER, read_cpt_csv
from tests.codes.formats.sources import write

DEMO = Path(__file__).resolve().parents[3] / "portico" / "codes" / "demo" / "cpt_demo.csv"


def test_demo_file_holds_cpt_codes_and_cpt_modifiers() -> None:
    code_file = read_cpt_csv(DEMO)
    counts = Counter(record.system for record in code_file.records)
    assert 80 <= counts[CPT] <= 120
    assert counts[MODIFIER] == 15
    assert not code_file.complete
    codes = {(record.system, record.code): record for record in code_file.records}
    for code in ("99213", "93306", "70553", "97110", "95810", "81162", "0037U", "90837", "80053", "27447"):
        assert (CPT, code) in codes, code
    assert codes[(MODIFIER, "25")].short_description
    assert all(record.short_description and len(record.short_description) <= 60 for record in codes.values())


@pytest.mark.parametrize(
    "header",
    [
        "code,short_description,long_description,effective,terminated",
        "CPT Code,Short Descriptor,Long Descriptor,Effective Date,Termination Date",
        "Code,Description,Long Description,Start,End",
    ],
)
def test_header_names_are_recognized_in_their_usual_spellings(tmp_path: Path, header: str) -> None:
    rows = "99213,Office visit,Office visit for a returning patient,2021-01-01,\n0042T,Brain scan,,,2030-12-31\n"
    text = f"{header}\n{rows}"
    code_file = read_cpt_csv(write(tmp_path / "cpt_2026.csv", text))
    visit, scan = code_file.records
    assert (visit.code, visit.system, visit.effective, visit.terminated) == ("99213", CPT, dt.date(2021, 1, 1), None)
    assert visit.long_description == "Office visit for a returning patient"
    assert (scan.code, scan.long_description, scan.terminated) == ("0042T", "Brain scan", dt.date(2030, 12, 31))
    assert code_file.release == "CPT 2026"


def test_a_file_without_a_descriptor_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match="descriptor column"):
        read_cpt_csv(write(tmp_path / "cpt.csv", "code,price\n99213,100\n"))


def test_a_file_without_a_code_column_is_refused_at_line_1(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_cpt_csv(write(tmp_path / "cpt.csv", "procedure,description\n99213,Visit\n"))
    assert error.value.problems[0].line == 1


def test_problems_name_their_lines(tmp_path: Path) -> None:
    text = (
        "code,short_description,effective\n"
        "99213,Office visit,2021-01-01\n"
        "99214,Office visit,01-2021\n"
        ",No code,\n"
        "99213,Again,\n"
        "992,Too short,\n"
        "99215,Too many,,columns\n"
        "99211,,\n"
    )
    with pytest.raises(CodeFileError) as error:
        read_cpt_csv(write(tmp_path / "cpt.csv", text))
    found = [(problem.line, problem.message) for problem in error.value.problems]
    assert [line for line, _ in found] == [3, 4, 5, 6, 7, 8]
    assert "is not a date" in found[0][1]
    assert "code is empty" in found[1][1]
    assert "appears twice (first on line 2)" in found[2][1]
    assert "neither a CPT code" in found[3][1]
    assert "4 columns where the header has 3" in found[4][1]
    assert "no description" in found[5][1]


def test_problems_stop_after_fifty(tmp_path: Path) -> None:
    text = "code,description\n" + "".join(f"9921{n % 10},Visit\n" for n in range(200))
    with pytest.raises(CodeFileError) as error:
        read_cpt_csv(write(tmp_path / "cpt.csv", text))
    assert len(error.value.problems) == 51
    assert error.value.problems[-1].message == "stopped reading after 50 problems"
