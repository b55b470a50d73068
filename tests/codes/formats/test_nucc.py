"""The NUCC provider taxonomy CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.nucc import read_taxonomy_csv
from tests.codes.formats.sources import codeset, write

HEADER = "Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,Section\n"


def test_taxonomy_251_holds_883_codes_with_family_medicine() -> None:
    code_file = read_taxonomy_csv(codeset("nucc_taxonomy/nucc_taxonomy_251.csv"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 883
    family = codes["207Q00000X"]
    assert family.short_description == "Family Medicine Physician"
    assert family.long_description.startswith("Family Medicine is the medical specialty")
    assert family.attributes == {
        "grouping": "Allopathic & Osteopathic Physicians",
        "classification": "Family Medicine",
        "specialization": "",
        "section": "Individual",
    }
    assert (code_file.release, code_file.release_effective, code_file.complete) == (
        "NUCC 25.1",
        dt.date(2025, 7, 1),
        True,
    )


def test_a_byte_order_mark_and_windows_1252_text_are_read(tmp_path: Path) -> None:
    row = (
        '207Q00000X,Physicians,Family Medicine,,"The patient\u2019s physician",,Family Medicine Physician,Individual\n'
    )
    with_bom = read_taxonomy_csv(write(tmp_path / "nucc_taxonomy_260.csv", "\ufeff" + HEADER + row))
    (record,) = with_bom.records
    assert record.code == "207Q00000X"
    assert with_bom.release_effective == dt.date(2026, 1, 1)
    windows = read_taxonomy_csv(write(tmp_path / "nucc_taxonomy_250.csv", HEADER + row, encoding="cp1252"))
    (record,) = windows.records
    assert record.long_description == "The patient\u2019s physician"


def test_problems_name_their_lines(tmp_path: Path) -> None:
    text = HEADER + (
        "207Q00000X,Physicians,Family Medicine,,,,Family Medicine Physician,Individual\n"
        "207Q00000X,Physicians,Family Medicine,,,,Again,Individual\n"
        ",Physicians,Nothing,,,,,Individual\n"
        "207Q0000,Physicians,Too short,,,,,Individual\n"
        "208D00000X,Physicians,General Practice\n"
    )
    with pytest.raises(CodeFileError) as error:
        read_taxonomy_csv(write(tmp_path / "nucc_taxonomy_251.csv", text))
    assert [problem.line for problem in error.value.problems] == [3, 4, 5, 6]
