"""Place of service from HL7's FHIR CodeSystem XML of CMS's list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.fhir_xml import read_pos_fhir_xml
from tests.codes.formats.sources import codeset, write


def test_place_of_service_codes_include_both_telehealth_codes() -> None:
    code_file = read_pos_fhir_xml(codeset("place_of_service/cs-CMS-PlaceofServiceCodes.xml"))
    codes = {record.code: record for record in code_file.records}
    assert len(codes) == 52
    assert codes["02"].short_description == "Telehealth Provided Other than in Patient\u2019s Home"
    assert codes["10"].short_description == "Telehealth Provided in Patient\u2019s Home"
    assert codes["10"].long_description.startswith("The location where health services")
    assert (code_file.release, code_file.complete) == ("CMS Place of Service 20240502", True)


@pytest.mark.parametrize(
    ("code", "effective"),
    [
        ("02", dt.date(2017, 1, 1)),  # "(Effective January 1, 2017) (Description change effective January 1, 2022 …)"
        ("10", dt.date(2022, 1, 1)),  # "(This code is effective January 1, 2022, and available to Medicare …)"
        ("01", dt.date(2003, 10, 1)),  # "(Effective October 1, 2003) (Revised, effective October 1, 2005)"
        ("17", dt.date(2010, 5, 1)),  # "(This code is available for use immediately with a final effective date of …)"
        ("11", None),
    ],
)
def test_effective_dates_come_from_the_definition_notes(code: str, effective: dt.date | None) -> None:
    codes = {r.code: r for r in read_pos_fhir_xml(codeset("place_of_service/cs-CMS-PlaceofServiceCodes.xml")).records}
    assert codes[code].effective == effective


CODE_SYSTEM = """<?xml version="1.0" encoding="UTF-8"?>
<CodeSystem xmlns="http://hl7.org/fhir">
  <version value="20240502"/>
  <content value="complete"/>
  <concept>
    <code value="11"/>
    <display value="Office"/>
    <definition value="Location where the health professional routinely provides care."/>
  </concept>
  <concept>
    <code value="11"/>
    <display value="Office again"/>
  </concept>
  <concept>
    <code value="1"/>
    <display value="One digit"/>
  </concept>
</CodeSystem>
"""


def test_duplicates_and_malformed_codes_are_named_by_line(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_pos_fhir_xml(write(tmp_path / "pos.xml", CODE_SYSTEM))
    assert [(p.line, p.message) for p in error.value.problems] == [
        (10, "code 11 appears twice (first on line 5)"),
        (14, "place-of-service code '1' is not two digits"),
    ]


def test_xml_that_is_not_well_formed_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        read_pos_fhir_xml(
            write(
                tmp_path / "pos.xml",
                CODE_SYSTEM.replace('</concept>\n  <concept>\n    <code value="1"/>', "<concept>", 1),
            )
        )
    assert error.value.problems[0].line > 0
    assert "not well-formed" in error.value.problems[0].message


def test_a_document_that_is_no_code_system_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match="not a FHIR CodeSystem"):
        read_pos_fhir_xml(write(tmp_path / "pos.xml", '<ValueSet xmlns="http://hl7.org/fhir"/>'))


def test_xml_entity_declarations_are_refused(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        '<CodeSystem><concept><code value="&lol2;"/></concept></CodeSystem>\n'
    )
    with pytest.raises(CodeFileError) as error:
        read_pos_fhir_xml(write(tmp_path / "pos.xml", text))
    assert [(p.line, p.message) for p in error.value.problems] == [(2, "XML entity declarations are not allowed")]
