"""pyx12's ``codes.xml``: X12 code sets by id, codes only (no descriptions). Portico reads its ``remark_code``
set as the RARC list when a plan has not loaded X12's licensed list with descriptions."""

from __future__ import annotations

import re
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord
from portico.codes.formats.common import Problems, UniqueCodes, XmlElement, parse_xml, read_bytes

REMARK_CODES = "remark_code"
_RARC_CODE = re.compile(r"^[A-Z]{1,2}\d{1,3}$")


def _text(element: XmlElement | None) -> str:
    return element.text if element is not None else ""


def read_rarc_pyx12_xml(path: Path) -> CodeFile:
    """The ``remark_code`` set: RARC codes (M1, MA130, N725) without descriptions.

    ``short_description`` is left empty rather than made up, and ``attributes`` say
    ``{"description_available": False}`` so pages can say so. The set carries no dates and its provenance is a
    library, not X12, so it is not treated as a complete release: loading it never ends a code.
    """
    root = parse_xml(read_bytes(path))
    if root.tag != "codesets":
        raise CodeFileError(f"not a pyx12 codes.xml: the root element is <{root.tag}>")
    codeset = next((s for s in root.find_all("codeset") if _text(s.find("id")) == REMARK_CODES), None)
    if codeset is None:
        raise CodeFileError(f"the file has no code set with id {REMARK_CODES!r}")
    problems = Problems()
    unique = UniqueCodes(problems)
    records = []
    name = codeset.find("name")
    for version in codeset.find_all("version"):
        for element in version.find_all("code"):
            code = element.text.upper()
            if not _RARC_CODE.match(code):
                problems.add(element.line, f"remark code {element.text!r} is not letters followed by digits")
                continue
            if unique.check(element.line, code):
                records.append(
                    CodeRecord(
                        code=code, display=code, short_description="", attributes={"description_available": False}
                    )
                )
    if not records and not problems:
        problems.add(codeset.line, f"the {REMARK_CODES!r} code set holds no codes")
    problems.raise_if_any()
    release = f"pyx12 {_text(name) or REMARK_CODES}"
    return CodeFile(records=records, release=release, complete=False)
