"""Which reader reads which file: readers by (system, format), and the choice of format from a file's name."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeFileError
from portico.codes.formats.code_csv import read_carc_csv, read_modifier_csv, read_rarc_csv
from portico.codes.formats.cpt import read_cpt_csv
from portico.codes.formats.fhir_xml import read_pos_fhir_xml
from portico.codes.formats.fsh import read_carc_fsh, read_group_fsh, read_pos_fsh, read_revenue_fsh
from portico.codes.formats.hcpcs import read_hcpcs_csv, read_hcpcs_txt, read_hcpcs_xlsx
from portico.codes.formats.icd10cm import PACKAGE, read_icd10cm_package, read_icd10cm_tabular_xml
from portico.codes.formats.nucc import read_taxonomy_csv
from portico.codes.formats.pyx12 import read_rarc_pyx12_xml

Reader = Callable[[Path], CodeFile]


@dataclasses.dataclass(frozen=True, slots=True)
class FileFormat:
    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot; empty for "package"
    label: str  # how help text names it: ".txt (fixed width)"
    root_element: str = ""  # for XML formats: the document's root element, to tell them apart


FORMATS = {
    f.name: f
    for f in (
        FileFormat("package", (), "the release bundled with Portico (simple-icd-10-cm)"),
        FileFormat("tabular-xml", (".xml",), ".xml (CMS tabular)", "ICD10CM.tabular"),
        FileFormat("txt", (".txt",), ".txt (fixed width)"),
        FileFormat("xlsx", (".xlsx",), ".xlsx"),
        FileFormat("csv", (".csv",), ".csv"),
        FileFormat("fsh", (".fsh",), ".fsh (FHIR Shorthand)"),
        FileFormat("fhir-xml", (".xml",), ".xml (FHIR CodeSystem)", "CodeSystem"),
        FileFormat("pyx12-xml", (".xml",), ".xml (pyx12 codes.xml)", "codesets"),
    )
}

READERS: dict[tuple[str, str], Reader] = {
    ("icd10cm", "package"): read_icd10cm_package,
    ("icd10cm", "tabular-xml"): read_icd10cm_tabular_xml,
    ("hcpcs", "txt"): read_hcpcs_txt,
    ("hcpcs", "xlsx"): read_hcpcs_xlsx,
    ("hcpcs", "csv"): read_hcpcs_csv,
    ("cpt", "csv"): read_cpt_csv,
    ("modifier", "csv"): read_modifier_csv,
    ("revenue", "fsh"): read_revenue_fsh,
    ("pos", "fhir-xml"): read_pos_fhir_xml,
    ("pos", "fsh"): read_pos_fsh,
    ("carc", "fsh"): read_carc_fsh,
    ("carc", "csv"): read_carc_csv,
    ("rarc", "pyx12-xml"): read_rarc_pyx12_xml,
    ("rarc", "csv"): read_rarc_csv,
    ("group", "fsh"): read_group_fsh,
    ("taxonomy", "csv"): read_taxonomy_csv,
}

# For a page's help text: the formats each system takes, in the order to offer them.
FORMATS_BY_SYSTEM: dict[str, tuple[str, ...]] = {}
for _system, _format in READERS:
    FORMATS_BY_SYSTEM[_system] = (*FORMATS_BY_SYSTEM.get(_system, ()), _format)

SYSTEM_LABELS = {
    "icd10cm": "ICD-10-CM",
    "cpt": "CPT",
    "hcpcs": "HCPCS",
    "modifier": "Modifier",
    "revenue": "Revenue code",
    "pos": "Place-of-service",
    "carc": "CARC",
    "rarc": "RARC",
    "group": "Adjustment group",
    "taxonomy": "Taxonomy",
}


def formats_help(system: str) -> str:
    """``"HCPCS files are .txt (fixed width), .xlsx or .csv"``."""
    labels = [FORMATS[name].label for name in FORMATS_BY_SYSTEM.get(system, ())]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return f"{SYSTEM_LABELS.get(system, system)} files are {listed}"


def _root_element(path: Path) -> str:
    """The first element name of an XML file, read from its first few kilobytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192).decode("utf-8", errors="replace")
    except OSError:
        return ""
    position = 0
    while True:
        start = head.find("<", position)
        if start < 0 or start + 1 >= len(head):
            return ""
        if head[start + 1] in "?!":  # declaration, comment, doctype
            end = head.find("-->", start) + 3 if head.startswith("<!--", start) else head.find(">", start) + 1
            if end <= 0:
                return ""
            position = end
            continue
        name = head[start + 1 :].split(maxsplit=1)[0].split(">", 1)[0].rstrip("/")
        return name.rsplit(":", 1)[-1]


def reader_for(system: str, path: Path, file_format: str | None = None) -> tuple[str, Reader]:
    """The format name and reader for ``path``. Without ``file_format`` the file's suffix decides, and for XML
    its root element; ``Path("package")`` means ICD-10-CM's bundled release. Raises ``CodeFileError`` saying
    which formats the system takes."""
    names = FORMATS_BY_SYSTEM.get(system)
    if names is None:
        raise CodeFileError(f"Portico has no reader for code system {system!r}")
    if file_format is not None:
        if file_format not in names:
            raise CodeFileError(f"{formats_help(system)}; there is no {file_format!r} format")
        return file_format, READERS[(system, file_format)]
    if path == PACKAGE and "package" in names:
        return "package", READERS[(system, "package")]
    suffix = path.suffix.lower()
    candidates = [name for name in names if suffix in FORMATS[name].suffixes]
    if any(FORMATS[name].root_element for name in candidates):
        root = _root_element(path)
        candidates = [name for name in candidates if FORMATS[name].root_element == root]
    if len(candidates) == 1:
        return candidates[0], READERS[(system, candidates[0])]
    got = suffix or "a file without a suffix"
    if suffix and any(suffix in FORMATS[name].suffixes for name in names):
        got = f"a {suffix} file of another kind (root element <{_root_element(path)}>)"
    raise CodeFileError(f"{formats_help(system)}; got {got}")
