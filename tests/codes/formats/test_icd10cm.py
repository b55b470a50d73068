"""ICD-10-CM from the bundled package release and from CMS's tabular XML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord
from portico.codes.formats.icd10cm import PACKAGE, read_icd10cm_package, read_icd10cm_tabular_xml
from tests.codes.formats.sources import bundled_icd10cm_xml, write

SYMPTOMS = "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified"


def by_code(code_file: CodeFile) -> dict[str, CodeRecord]:
    return {record.code: record for record in code_file.records}


@pytest.fixture(scope="module")
def package_release() -> CodeFile:
    return read_icd10cm_package(PACKAGE)


@pytest.fixture(scope="module")
def package_codes(package_release: CodeFile) -> dict[str, CodeRecord]:
    return by_code(package_release)


@pytest.fixture(scope="module")
def tabular_release() -> CodeFile:
    return read_icd10cm_tabular_xml(bundled_icd10cm_xml())


def test_package_release_is_april_2026_and_complete(package_release: CodeFile) -> None:
    assert package_release.release == "ICD-10-CM April 2026"
    assert package_release.release_effective == dt.date(2026, 4, 1)
    assert package_release.complete
    assert 97_000 <= len(list(package_release.records)) <= 99_000


def test_chest_pain_unspecified_is_billable_under_its_header_category(package_codes: dict[str, CodeRecord]) -> None:
    chest_pain = package_codes["R079"]
    assert chest_pain.display == "R07.9"
    assert chest_pain.short_description == "Chest pain, unspecified"
    assert chest_pain.billable
    assert chest_pain.parent == "R07"
    assert chest_pain.chapter == SYMPTOMS
    header = package_codes["R07"]
    assert not header.billable
    assert header.parent == ""  # its parent is the block R00-R09, which is not a code


def test_codes_are_normalized_and_shown_with_the_dot(package_codes: dict[str, CodeRecord]) -> None:
    assert package_codes["F32A"].display == "F32.A"
    assert package_codes["F32A"].billable
    assert all("." not in code for code in package_codes)


def test_chapters_and_blocks_are_not_codes(package_codes: dict[str, CodeRecord]) -> None:
    assert "18" not in package_codes
    assert "R00-R09" not in package_codes
    assert "B99" in package_codes  # the category that shares its name with its one-category block
    assert not package_codes["B99"].billable


def test_seventh_character_codes_exist_with_placeholder_x(package_codes: dict[str, CodeRecord]) -> None:
    assert package_codes["S52501A"].billable
    assert package_codes["S52501A"].parent == "S52501"
    assert not package_codes["S52501"].billable  # needs a seventh character
    assert package_codes["T360X1A"].display == "T36.0X1A"
    assert package_codes["T360X1A"].billable
    assert sum(1 for code in package_codes if code.startswith("S") and len(code) == 7) > 10_000


def test_tabular_xml_gives_the_same_codes_as_the_package(
    tabular_release: CodeFile, package_codes: dict[str, CodeRecord]
) -> None:
    tabular = by_code(tabular_release)
    assert tabular_release.release == "ICD-10-CM April 2026"
    assert tabular_release.release_effective == dt.date(2026, 4, 1)
    assert set(tabular) == set(package_codes)
    for code, record in tabular.items():
        package = package_codes[code]
        assert (record.display, record.billable, record.parent, record.chapter) == (
            package.display, package.billable, package.parent, package.chapter,
        ), code  # fmt: skip


def test_tabular_xml_describes_extended_codes_as_cms_does(
    tabular_release: CodeFile, package_codes: dict[str, CodeRecord]
) -> None:
    """The package appends a seventh character's alternative wording after a slash; the tabular reader does not."""
    different = [r for r in tabular_release.records if r.long_description != package_codes[r.code].long_description]
    assert len(different) < 1_000
    for record in different:
        assert package_codes[record.code].long_description.startswith(record.long_description + "/"), record.code


TABULAR = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2026</version>
  <introduction><introSection type="title"><title>ICD-10-CM TABULAR LIST</title></introSection></introduction>
  <chapter>
    <name>18</name>
    <desc>Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified (R00-R99)</desc>
    <sectionIndex><sectionRef first="R00" last="R09" id="R00-R09">Symptoms</sectionRef></sectionIndex>
    <section id="R00-R09">
      <desc>Symptoms and signs involving the circulatory and respiratory systems (R00-R09)</desc>
      <diag>
        <name>R07</name>
        <desc>Pain in throat and chest</desc>
        <diag><name>R07.9</name><desc>Chest pain, unspecified</desc></diag>
      </diag>
    </section>
  </chapter>
  <chapter>
    <name>19</name>
    <desc>Injury, poisoning and certain other consequences of external causes (S00-T88)</desc>
    <section id="S00-S09">
      <desc>Injuries to the head (S00-S09)</desc>
      <diag>
        <name>S06</name>
        <desc>Intracranial injury</desc>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <extension char="D">subsequent encounter</extension>
          <extension char="S">sequela</extension>
        </sevenChrDef>
        <diag>
          <name>S06.0X7</name>
          <desc>Concussion with loss of consciousness of any duration with death due to brain injury</desc>
        </diag>
      </diag>
    </section>
    <section id="S50-S59">
      <desc>Injuries to the elbow and forearm (S50-S59)</desc>
      <diag>
        <name>S52</name>
        <desc>Fracture of forearm</desc>
        <sevenChrDef>
          <extension char="A">initial encounter for closed fracture</extension>
          <extension char="B">initial encounter for open fracture type I or II</extension>
          <note>initial encounter for open fracture NOS</note>
        </sevenChrDef>
        <diag>
          <name>S52.5</name>
          <desc>Fracture of lower end of radius</desc>
          <diag><name>S52.501</name><desc>Unspecified fracture of the lower end of right radius</desc></diag>
        </diag>
      </diag>
    </section>
    <section id="T36-T50">
      <desc>Poisoning by drugs (T36-T50)</desc>
      <diag>
        <name>T36</name>
        <desc>Poisoning by systemic antibiotics</desc>
        <sevenChrDef><extension char="A">initial encounter</extension></sevenChrDef>
        <diag>
          <name>T36.0</name>
          <desc>Poisoning by penicillins</desc>
          <diag><name>T36.0X1</name><desc>Poisoning by penicillins, accidental (unintentional)</desc></diag>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""


def test_tabular_xml_builds_headers_and_seventh_character_codes(tmp_path: Path) -> None:
    code_file = read_icd10cm_tabular_xml(write(tmp_path / "icd10cm_tabular_2026.xml", TABULAR))
    codes = by_code(code_file)
    assert [r.code for r in code_file.records] == [
        "R07", "R079", "S06", "S060X7", "S060X7A", "S52", "S525", "S52501", "S52501A", "S52501B",
        "T36", "T360", "T360X1", "T360X1A",
    ]  # fmt: skip
    assert (codes["R079"].billable, codes["R079"].parent, codes["R079"].chapter) == (True, "R07", SYMPTOMS)
    assert not codes["S52501"].billable
    assert codes["S52501B"].long_description == (
        "Unspecified fracture of the lower end of right radius, initial encounter for open fracture type I or II"
    )
    assert codes["T360X1A"].display == "T36.0X1A"
    assert codes["T360X1A"].parent == "T360X1"


def test_concussion_with_death_takes_only_the_initial_encounter_character(tmp_path: Path) -> None:
    codes = by_code(read_icd10cm_tabular_xml(write(tmp_path / "icd10cm_tabular_2026.xml", TABULAR)))
    assert "S060X7A" in codes
    assert "S060X7D" not in codes
    assert "S060X7S" not in codes


@pytest.mark.parametrize(
    ("file_name", "release", "effective"),
    [
        ("icd10cm_tabular_2026.xml", "ICD-10-CM FY2026", dt.date(2025, 10, 1)),
        ("icd10cm-tabular-April-1-2026.xml", "ICD-10-CM April 2026", dt.date(2026, 4, 1)),
        ("tabular.xml", "ICD-10-CM FY2026", dt.date(2025, 10, 1)),  # from <version>2026</version>
    ],
)
def test_tabular_release_comes_from_the_file_name_or_version(
    tmp_path: Path, file_name: str, release: str, effective: dt.date
) -> None:
    code_file = read_icd10cm_tabular_xml(write(tmp_path / file_name, TABULAR))
    assert (code_file.release, code_file.release_effective, code_file.complete) == (release, effective, True)


def test_tabular_xml_names_the_line_of_a_duplicate_and_a_malformed_code(tmp_path: Path) -> None:
    text = TABULAR.replace(
        "<diag><name>R07.9</name><desc>Chest pain, unspecified</desc></diag>",
        "<diag><name>R07.9</name><desc>Chest pain, unspecified</desc></diag>\n"
        "        <diag><name>R07.9</name><desc>Chest pain again</desc></diag>\n"
        "        <diag><name>R07-9</name><desc>Not a code</desc></diag>",
    )
    with pytest.raises(CodeFileError) as error:
        read_icd10cm_tabular_xml(write(tmp_path / "icd10cm_tabular_2026.xml", text))
    assert [(p.line, p.message.split(" ")[0]) for p in error.value.problems] == [(15, "code"), (16, "diag")]
    assert "first on line 14" in error.value.problems[0].message


def test_tabular_xml_that_is_not_well_formed_names_the_line(tmp_path: Path) -> None:
    text = TABULAR.replace("<desc>Pain in throat and chest</desc>", "<desc>Pain in throat and chest</dsc>")
    with pytest.raises(CodeFileError) as error:
        read_icd10cm_tabular_xml(write(tmp_path / "icd10cm_tabular_2026.xml", text))
    assert error.value.problems[0].line == 13
    assert "not well-formed" in error.value.problems[0].message


def test_an_xml_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match="not an ICD-10-CM tabular XML file"):
        read_icd10cm_tabular_xml(write(tmp_path / "x.xml", "<CodeSystem><concept/></CodeSystem>"))
