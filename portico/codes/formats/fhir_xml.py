"""A FHIR CodeSystem resource in XML: place of service as HL7's terminology (UTG) publishes CMS's list
(``cs-CMS-PlaceofServiceCodes.xml``)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord
from portico.codes.formats.common import Problems, UniqueCodes, XmlElement, parse_xml, read_bytes, shorten
from portico.codes.formats.fsh import effective_from_notes


@dataclasses.dataclass(slots=True)
class FhirConcept:
    line: int
    code: str
    display: str
    definition: str
    parent: str


def _value(element: XmlElement, tag: str) -> str:
    child = element.find(tag)
    return child.attributes.get("value", "").strip() if child is not None else ""


def _concepts(element: XmlElement, parent: str = "") -> list[FhirConcept]:
    found = []
    for concept in element.find_all("concept"):
        code = _value(concept, "code")
        found.append(FhirConcept(concept.line, code, _value(concept, "display"), _value(concept, "definition"), parent))
        found.extend(_concepts(concept, code))
    return found


_POS_CODE = re.compile(r"^\d{2}$")


def read_pos_fhir_xml(path: Path) -> CodeFile:
    """Place-of-service codes: ``display`` becomes ``short_description``, ``definition`` ``long_description``.

    ``effective`` is the date of the definition's first "(Effective January 1, 2016)" note, or of its "(This code
    is effective …)" / "(… available for use effective …)" note; "(Revised, effective …)" and "(Description
    change effective …)" notes date a later change, not the code, and are skipped.
    """
    root = parse_xml(read_bytes(path))
    if root.tag != "CodeSystem":
        raise CodeFileError(f"not a FHIR CodeSystem: the root element is <{root.tag}>")
    problems = Problems()
    unique = UniqueCodes(problems)
    records = []
    for concept in _concepts(root):
        if not _POS_CODE.match(concept.code):
            problems.add(concept.line, f"place-of-service code {concept.code!r} is not two digits")
            continue
        if not concept.display:
            problems.add(concept.line, f"code {concept.code} has no display")
            continue
        if not unique.check(concept.line, concept.code):
            continue
        records.append(
            CodeRecord(
                code=concept.code,
                display=concept.code,
                short_description=shorten(concept.display),
                long_description=concept.definition,
                effective=effective_from_notes(concept.definition),
                parent=concept.parent,
            )
        )
    if not records and not problems:
        problems.add(0, "the code system holds no concepts")
    problems.raise_if_any()
    version = _value(root, "version")
    release = f"CMS Place of Service {version}".strip()
    return CodeFile(records=records, release=release, complete=_value(root, "content") == "complete")
