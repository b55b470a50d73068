"""RARC codes from pyx12's codes.xml: codes without descriptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.pyx12 import read_rarc_pyx12_xml
from tests.codes.formats.sources import codeset, write


def test_remark_codes_are_read_without_descriptions() -> None:
    code_file = read_rarc_pyx12_xml(codeset("rarc/codes.xml"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 998
    assert {"M1", "MA130", "N725"} <= set(codes)
    assert codes["N725"].short_description == ""
    assert codes["N725"].attributes == {"description_available": False}
    assert not code_file.complete
    assert code_file.release == "pyx12 Remark Code"


def test_other_code_sets_in_the_file_are_left_out() -> None:
    codes = {record.code for record in read_rarc_pyx12_xml(codeset("rarc/codes.xml")).records}
    assert "CA" not in codes  # a state
    assert "11" not in codes  # a place of service


CODESETS = """<codesets>
  <codeset>
    <id>remark_code</id>
    <name>Remark Code</name>
    <version>
      <code>M1</code>
      <code>M1</code>
      <code>12</code>
    </version>
  </codeset>
</codesets>
"""


def test_duplicates_and_malformed_codes_are_named_by_line(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_rarc_pyx12_xml(write(tmp_path / "codes.xml", CODESETS))
    assert [(p.line, p.message) for p in error.value.problems] == [
        (7, "code M1 appears twice (first on line 6)"),
        (8, "remark code '12' is not letters followed by digits"),
    ]


def test_a_file_without_remark_codes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match="no code set with id 'remark_code'"):
        read_rarc_pyx12_xml(write(tmp_path / "codes.xml", CODESETS.replace("remark_code", "states")))
