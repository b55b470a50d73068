"""HCPCS Level II: CMS's fixed-width text, spreadsheet and CSV; procedures and modifiers in one file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord
from portico.codes.formats.hcpcs import (
    COLUMNS,
    FIXED_WIDTH,
    MODIFIER,
    PROCEDURE,
    read_hcpcs_csv,
    read_hcpcs_txt,
    read_hcpcs_xlsx,
)
from tests.codes.formats.sources import codeset, write

DEMO = Path(__file__).resolve().parents[3] / "portico" / "codes" / "demo" / "hcpcs_demo.csv"


def by_code(code_file: CodeFile) -> dict[tuple[str, str], CodeRecord]:
    return {(record.system, record.code): record for record in code_file.records}


@pytest.fixture(scope="module")
def hcpcs_2020() -> CodeFile:
    return read_hcpcs_txt(codeset("hcpcs/HCPC2020_ANWEB_w_disclaimer.txt"))


@pytest.fixture(scope="module")
def hcpcs_2025() -> CodeFile:
    return read_hcpcs_xlsx(codeset("hcpcs/HCPC2025_OCT_ANWEB.xlsx"))


def test_fixed_width_2020_file_holds_its_procedures_and_modifiers(hcpcs_2020: CodeFile) -> None:
    assert Counter(record.system for record in hcpcs_2020.records) == {PROCEDURE: 6710, MODIFIER: 369}
    assert (hcpcs_2020.release, hcpcs_2020.release_effective, hcpcs_2020.complete) == (
        "HCPCS 2020", dt.date(2020, 1, 1), False,
    )  # fmt: skip


def test_fixed_width_joins_continuation_lines_into_the_long_description(hcpcs_2020: CodeFile) -> None:
    supervision = by_code(hcpcs_2020)[(MODIFIER, "AD")]
    assert supervision.long_description == (
        "Medical supervision by a physician: more than four concurrent anesthesia procedures"
    )
    assert supervision.short_description == "Md supervision, >4 anes proc"


def test_fixed_width_reads_dates_and_attributes_from_their_columns(hcpcs_2020: CodeFile) -> None:
    codes = by_code(hcpcs_2020)
    garment = codes[(PROCEDURE, "A4466")]
    assert (garment.effective, garment.terminated) == (dt.date(2010, 1, 1), dt.date(2016, 12, 31))
    assert garment.attributes["action_effective"] == "2017-01-01"
    dexamethasone = codes[(PROCEDURE, "J1100")]
    assert dexamethasone.attributes == {
        "betos": "O1E", "coverage": "D", "action": "N", "multiple_pricing": "A", "pricing_indicators": ["51"],
        "action_effective": "2001-01-01",
    }  # fmt: skip
    assert sum(1 for record in hcpcs_2020.records if record.terminated) == 615


def test_spreadsheet_holds_8463_procedures_and_383_modifiers(hcpcs_2025: CodeFile) -> None:
    assert Counter(record.system for record in hcpcs_2025.records) == {PROCEDURE: 8463, MODIFIER: 383}
    assert (hcpcs_2025.release, hcpcs_2025.release_effective) == ("HCPCS 2025 October", dt.date(2025, 10, 1))
    assert sum(1 for r in hcpcs_2025.records if r.system == PROCEDURE and r.terminated) == 1205


def test_spreadsheet_codes_carry_descriptions_dates_and_modifiers(hcpcs_2025: CodeFile) -> None:
    codes = by_code(hcpcs_2025)
    dexamethasone = codes[(PROCEDURE, "J1100")]
    assert dexamethasone.long_description == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert dexamethasone.effective == dt.date(1982, 1, 1)
    assert dexamethasone.terminated is None
    separate_encounter = codes[(MODIFIER, "XE")]  # right-aligned "   XE" in the file
    assert separate_encounter.display == "XE"
    assert separate_encounter.short_description == "Separate encounter"
    for modifier in ("GT", "LT", "RT", "TC", "GA", "GY", "GZ", "KX", "HE", "HO", "U1"):
        assert (MODIFIER, modifier) in codes


def test_a_discontinued_code_starts_on_its_add_date_not_its_last_action(hcpcs_2025: CodeFile) -> None:
    compounded = by_code(hcpcs_2025)[(MODIFIER, "JF")]
    assert (compounded.effective, compounded.terminated) == (dt.date(2015, 4, 1), dt.date(2015, 6, 30))
    assert compounded.attributes["action_effective"] == "2015-07-01"


def test_spreadsheet_dates_stored_as_numbers_are_read(hcpcs_2025: CodeFile) -> None:
    codes = by_code(hcpcs_2025)
    assert codes[(PROCEDURE, "C9301")].effective == dt.date(2025, 4, 1)  # ADD DT is a number in this row
    assert codes[(PROCEDURE, "C9088")].terminated == dt.date(2025, 9, 30)


def test_csv_export_reads_like_the_spreadsheet() -> None:
    code_file = read_hcpcs_csv(codeset("hcpcs/HCPC2026_OCT_ANWEB.excerpt.csv"))
    codes = by_code(code_file)
    assert len(list(code_file.records)) == 35
    assert {record.system for record in code_file.records} == {MODIFIER}
    assert codes[(MODIFIER, "AC")].effective == dt.date(2026, 7, 1)
    assert sum(1 for record in code_file.records if record.terminated) == 5
    assert code_file.release == "HCPCS 2026 October"


def test_demo_file_shows_an_ended_code_and_one_not_yet_valid() -> None:
    codes = by_code(read_hcpcs_csv(DEMO))
    assert codes[(PROCEDURE, "G2012")].terminated == dt.date(2024, 12, 31)
    assert codes[(PROCEDURE, "E0150")].effective == dt.date(2027, 1, 1)
    assert codes[(PROCEDURE, "E0601")].short_description == "CPAP machine"
    assert codes[(MODIFIER, "GT")].system == MODIFIER
    assert all(len(record.short_description) <= 28 for record in codes.values())


# Small files written by the tests


def fixed_width(code: str, recid: str, description: str, **fields: str) -> str:
    if recid in "48":
        return f"{code:>5}00200{recid}{description}".rstrip()
    line = [" "] * 320
    values = {"HCPC": f"{code:>5}", "SEQNUM": "00100", "RECID": recid, "LONG DESCRIPTION": description}
    values |= {"SHORT DESCRIPTION": description[:28], "ADD DT": "20200101", "ACT EFF DT": "20200101"}
    values |= {"ACTION CD": "N"} | fields
    for name, value in values.items():
        first, last = FIXED_WIDTH[name]
        line[first - 1 : last] = value.ljust(last - first + 1)[: last - first + 1]
    return "".join(line)


DISCLAIMER = "Note regarding coverage and payment indicators\n\nIf specific Medicare coverage ...\n"


def test_fixed_width_file_skips_the_disclaimer_and_reads_records(tmp_path: Path) -> None:
    lines = [
        fixed_width("E0601", "3", "Continuous positive airway pressure device and everything that goes with it"),
        fixed_width("E0601", "4", "when used at home"),
        fixed_width("XE", "7", "Separate encounter", **{"TERM DT": "20301231"}),
    ]
    path = write(tmp_path / "HCPC2026_JAN_ANWEB.txt", DISCLAIMER + "\r\n".join(lines) + "\r\n")
    code_file = read_hcpcs_txt(path)
    codes = by_code(code_file)
    assert codes[(PROCEDURE, "E0601")].long_description.endswith("goes with it when used at home")
    assert codes[(MODIFIER, "XE")].terminated == dt.date(2030, 12, 31)
    assert (code_file.release, code_file.release_effective) == ("HCPCS 2026 January", dt.date(2026, 1, 1))


def test_fixed_width_problems_name_their_lines(tmp_path: Path) -> None:
    lines = [
        fixed_width("A0001", "3", "Good record"),
        fixed_width("A0002", "3", "Cut short")[:150],
        fixed_width("A0002", "4", "its continuation line is skipped without a second problem"),
        fixed_width("A0003", "4", "Continuation without its first line"),
        fixed_width("A0004", "3", "Bad date", **{"ADD DT": "20201399"}),
        fixed_width("A0001", "3", "Same code again"),
        fixed_width("A00!5", "3", "Malformed code"),
    ]
    path = write(tmp_path / "HCPC2026_JAN_ANWEB.txt", DISCLAIMER + "\n".join(lines) + "\n")
    with pytest.raises(CodeFileError) as error:
        read_hcpcs_txt(path)
    found = [(problem.line, problem.message) for problem in error.value.problems]
    assert [line for line, _ in found] == [5, 7, 8, 9, 10]
    assert "cut short: 150 characters" in found[0][1]
    assert "does not follow its first line" in found[1][1]
    assert "ADD DT" in found[2][1]
    assert "appears twice (first on line 4)" in found[3][1]
    assert "not a HCPCS record" in found[4][1]


def csv_file(rows: list[dict[str, str]], drop_last_column_on: int | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, values in enumerate(rows):
        row = [values.get(column, "") for column in COLUMNS]
        writer.writerow(row[:-1] if number == drop_last_column_on else row)
    return out.getvalue()


def row(code: str, recid: str = "3", **fields: str) -> dict[str, str]:
    values = {"HCPC": code, "SEQNUM": "0010", "RECID": recid, "LONG DESCRIPTION": f"Description of {code}"}
    return values | {"SHORT DESCRIPTION": code, "ADD DT": "20200101", "ACTION CD": "N"} | fields


def test_csv_problems_name_their_lines(tmp_path: Path) -> None:
    text = csv_file(
        [
            row("J1100"),
            row("J1200", **{"TERM DT": "2020-13-01"}),
            row(""),
            row("J1100"),
            row("J1300"),
            row("   XE", "7", **{"ADD DT": "20200101", "TERM DT": "20191231"}),
        ],
        drop_last_column_on=4,
    )
    with pytest.raises(CodeFileError) as error:
        read_hcpcs_csv(write(tmp_path / "HCPC2026_JAN_ANWEB.csv", text))
    found = [(problem.line, problem.message) for problem in error.value.problems]
    assert [line for line, _ in found] == [3, 4, 5, 6, 7]
    assert "TERM DT" in found[0][1]
    assert "code is empty" in found[1][1]
    assert "appears twice (first on line 2)" in found[2][1]
    assert "47 columns where the header has 48" in found[3][1]
    assert "ends 2019-12-31, before it starts 2020-01-01" in found[4][1]


def test_csv_without_the_hcpcs_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_hcpcs_csv(write(tmp_path / "codes.csv", "code,description\nJ1100,Dexamethasone\n"))
    assert error.value.problems[0].line == 1
    assert "HCPC" in error.value.problems[0].message


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match=r"not a readable \.xlsx workbook"):
        read_hcpcs_xlsx(write(tmp_path / "HCPC2026_JAN_ANWEB.xlsx", "not a zip"))
