"""Choosing the reader for a file: by system, by format name, or from the file's suffix and XML root."""

from __future__ import annotations

from pathlib import Path

import pytest

from portico.codes.formats.base import CodeFileError
from portico.codes.formats.registry import FORMATS_BY_SYSTEM, READERS, formats_help, reader_for
from portico.codes.models import CodeSystem
from tests.codes.formats.sources import write


def test_every_code_system_has_a_reader() -> None:
    assert set(FORMATS_BY_SYSTEM) == set(CodeSystem.values)
    assert all((system, name) in READERS for system, names in FORMATS_BY_SYSTEM.items() for name in names)


@pytest.mark.parametrize(
    ("system", "file_name", "content", "expected"),
    [
        ("hcpcs", "HCPC2025_OCT_ANWEB.xlsx", "", "xlsx"),
        ("hcpcs", "HCPC2020_ANWEB.TXT", "", "txt"),
        ("hcpcs", "HCPC2026_OCT_ANWEB.csv", "", "csv"),
        ("icd10cm", "package", "", "package"),
        ("icd10cm", "icd10cm_tabular_2026.xml", '<?xml version="1.0"?>\n<ICD10CM.tabular>', "tabular-xml"),
        ("pos", "cs.xml", '<?xml version="1.0"?><!-- x --><CodeSystem xmlns="http://hl7.org/fhir">', "fhir-xml"),
        ("pos", "CodeSystem-CLM-POS-CD.fsh", "", "fsh"),
        ("rarc", "codes.xml", "<?xml version='1.0'?>\n<codesets>", "pyx12-xml"),
        ("rarc", "rarc.csv", "", "csv"),
        ("taxonomy", "nucc_taxonomy_251.csv", "", "csv"),
    ],
)
def test_the_format_follows_from_the_file(
    tmp_path: Path, system: str, file_name: str, content: str, expected: str
) -> None:
    path = Path("package") if file_name == "package" else write(tmp_path / file_name, content)
    name, reader = reader_for(system, path)
    assert name == expected
    assert reader is READERS[(system, expected)]


def test_a_file_of_the_wrong_kind_is_refused_with_the_formats_the_system_takes(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError) as error:
        reader_for("hcpcs", tmp_path / "HCPC2025.pdf")
    assert str(error.value) == "HCPCS files are .txt (fixed width), .xlsx or .csv; got .pdf"


def test_an_xml_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match=r"got a \.xml file of another kind \(root element <codesets>\)"):
        reader_for("pos", write(tmp_path / "codes.xml", "<codesets/>"))


def test_a_named_format_must_be_one_the_system_takes(tmp_path: Path) -> None:
    assert reader_for("hcpcs", tmp_path / "anything.dat", "txt")[0] == "txt"
    with pytest.raises(CodeFileError, match=r"CPT files are \.csv; there is no 'xlsx' format"):
        reader_for("cpt", tmp_path / "cpt.xlsx", "xlsx")
    with pytest.raises(CodeFileError, match="no reader for code system 'loinc'"):
        reader_for("loinc", tmp_path / "loinc.csv")


def test_help_text_lists_each_systems_formats() -> None:
    assert formats_help("pos") == "Place-of-service files are .xml (FHIR CodeSystem) or .fsh (FHIR Shorthand)"
    assert formats_help("taxonomy") == "Taxonomy files are .csv"
