"""FHIR Shorthand code systems: revenue codes, place of service, CARC and adjustment groups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.common import Problems
from portico.codes.formats.fsh import (
    parse_fsh,
    read_carc_fsh,
    read_group_fsh,
    read_pos_fsh,
    read_revenue_fsh,
)
from tests.codes.formats.sources import codeset, write


def test_revenue_codes_are_four_digits_with_a_readable_short_description() -> None:
    code_file = read_revenue_fsh(codeset("revenue_codes/CodeSystem-CLM-REV-CNTR-CD.fsh"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 539
    emergency = codes["0450"]
    assert emergency.display == "0450"
    assert emergency.short_description == "Emergency Room - General Classification"
    assert emergency.long_description == "EMERGENCY ROOM - GENERAL CLASSIFICATION"
    assert codes["0022"].short_description.startswith("Health Insurance - Prospective Payment System (HIPPS)")
    assert {"0513", "0900", "1001"} <= set(codes)
    assert code_file.complete
    assert code_file.release == "CLM-REV-CNTR-CD"


def test_place_of_service_skips_unassigned_numbers_and_the_tilde() -> None:
    code_file = read_pos_fsh(codeset("place_of_service/CodeSystem-CLM-POS-CD.fsh"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 52
    assert not {"00", "28", "~"} & set(codes)
    assert codes["02"].short_description == "Telehealth"
    assert codes["10"].short_description == "Telehealth"
    assert codes["10"].effective == dt.date(2022, 1, 1)
    assert codes["11"].short_description == "Office"
    assert codes["11"].effective is None
    assert codes["41"].short_description == "Ambulance—Land"  # a definition that lacks the " - " before it
    assert codes["66"].short_description == "Programs of All Inclusive Care for the Elderly (PACE) Center"


def test_carc_list_holds_numeric_and_lettered_reasons() -> None:
    code_file = read_carc_fsh(codeset("carc/CodeSystem-ANSI-RSN-CD.fsh"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 407
    assert codes["45"].short_description == "Charges exceed your contracted/legislated fee arrangement."
    assert codes["1"].short_description == "Deductible Amount"
    assert {"A1", "P32"} <= set(codes)
    assert all(len(record.short_description) <= 200 for record in codes.values())
    assert max(len(record.long_description) for record in codes.values()) > 200


def test_group_codes_split_the_name_from_the_definition() -> None:
    codes = {
        r.code: r for r in read_group_fsh(codeset("claim_adjustment_group_codes/CodeSystem-ANSI-GRP-CD.fsh")).records
    }
    assert sorted(codes) == ["CO", "CR", "OA", "PI", "PR"]
    assert codes["CO"].short_description == "Contractual Obligations"
    assert codes["CO"].long_description.startswith("Contractual Obligations -- this group code should be used when")
    assert codes["PR"].short_description == "Patient Responsibility"


FSH = '''CodeSystem: DEMO_CD
Id: DEMO-CD
Title: "A demo code system"
Description: """Spans
two lines"""
* ^url = "https://example.org/CodeSystem/DEMO-CD"
* ^version = "2026-01"
* ^content = #complete
// a comment
* #A1 "First" "The first code"
  * #A1X "Child of the first"
* #B2 "Second \\"quoted\\""
* #B2 ^definition = """A definition
  over two lines"""
* #"C 3" "A code with a space"
'''


def test_parser_reads_definitions_children_caret_rules_and_quoted_codes() -> None:
    problems = Problems()
    system = parse_fsh(FSH, problems)
    assert not problems
    assert (system.id, system.version, system.content, system.release) == (
        "DEMO-CD",
        "2026-01",
        "complete",
        "DEMO-CD 2026-01",
    )
    concepts = {concept.code: concept for concept in system.concepts}
    assert list(concepts) == ["A1", "A1X", "B2", "C 3"]
    assert concepts["A1"].definition == "The first code"
    assert concepts["A1X"].parent == "A1"
    assert concepts["B2"].display == 'Second "quoted"'
    assert concepts["B2"].definition == "A definition\nover two lines"
    assert (concepts["B2"].line, concepts["C 3"].line) == (12, 15)


def test_parser_stops_at_a_second_definition_in_the_file() -> None:
    system = parse_fsh(FSH + 'ValueSet: OTHER\n* #Z9 "Not a concept of the code system"\n', Problems())
    assert "Z9" not in [concept.code for concept in system.concepts]


def test_malformed_lines_and_duplicates_are_named_by_line(tmp_path: Path) -> None:
    text = (
        "CodeSystem: CLM_REV_CNTR_CD\n"
        '* #0100 "ALL INCLUSIVE RATE"\n'
        '* #0110 "ROOM & BOARD\n'
        "this line is not FSH\n"
        '* #0100 "ALL INCLUSIVE AGAIN"\n'
        '* #ABCD "NOT DIGITS"\n'
        '* #0120 "SEMI-PRIVATE" "definition" "one string too many"\n'
    )
    with pytest.raises(CodeFileError) as error:
        read_revenue_fsh(write(tmp_path / "CodeSystem-CLM-REV-CNTR-CD.fsh", text))
    found = [(problem.line, problem.message) for problem in error.value.problems]
    assert [line for line, _ in found] == [3, 4, 5, 7, 6]  # parsing first, then the revenue rules
    assert "appears twice (first on line 2)" in found[2][1]
    assert "not three or four digits" in found[4][1]


def test_a_file_without_codes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match="defines no codes"):
        read_carc_fsh(write(tmp_path / "empty.fsh", 'CodeSystem: X\nTitle: "Nothing"\n'))


def test_aliases_and_rule_sets_before_the_code_system_are_skipped() -> None:
    text = 'Alias: $pos = https://example.org/pos\nRuleSet: Common\n* ^status = #active\n* #R1 "not a code"\n' + FSH
    problems = Problems()
    system = parse_fsh(text, problems)
    assert not problems
    assert [concept.code for concept in system.concepts] == ["A1", "A1X", "B2", "C 3"]


def test_a_file_of_bare_concept_lines_is_read() -> None:
    system = parse_fsh('* #01 "Pharmacy"\n* #02 "Telehealth"\n', Problems())
    assert [(concept.code, concept.display) for concept in system.concepts] == [
        ("01", "Pharmacy"),
        ("02", "Telehealth"),
    ]
