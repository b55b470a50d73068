"""ICD-10-CM: the release bundled in the ``simple-icd-10-cm`` package, and CMS's tabular XML.

Both give the same codes for the same release: every category and subcategory, and every code made by adding a
seventh character. Chapters and blocks (sections such as "A00-A09") are not codes; a code's ``chapter`` is its
chapter's title. A code is billable when nothing hangs below it; categories and subcategories with children, and
codes that need a seventh character, are headers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
import warnings
from pathlib import Path
from typing import Any
from xml.parsers import expat

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord, normalize_code
from portico.codes.formats.common import (
    Problems,
    UniqueCodes,
    month_number,
    read_bytes,
    refuse_entities,
    shorten,
)

PACKAGE = Path("package")  # the path a caller passes for the "package" format; it is not read
PACKAGE_DATA_FILE = "icd10c-tabular-April-1-2026.xml"  # what simple-icd-10-cm 1.5.x bundles

_CHAPTER_RANGE = re.compile(r"\s*\([A-Z0-9]{3}-[A-Z0-9]{3}\)\s*$")
_CODE = re.compile(r"^[A-Z][0-9A-Z][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_DATED_FILE_NAME = re.compile(r"([A-Za-z]+)[-_ ](\d{1,2})[-_ ](\d{4})")
_YEAR = re.compile(r"(20\d\d)")


def _seventh_character_applies(code: str, character: str) -> bool:
    """The one rule the tabular states only in words (a note under S06): "7th characters D and S do not apply to
    codes in category S06 with 6th character 7 ... or 8", i.e. death before regaining consciousness."""
    return not (code.startswith("S06") and len(code) >= 6 and code[5] in "78" and character in "DS")


def chapter_title(description: str) -> str:
    """``"Neoplasms (C00-D49)"`` → ``"Neoplasms"``."""
    return _CHAPTER_RANGE.sub("", description).strip()


def _record(display: str, description: str, *, billable: bool, parent: str, chapter: str) -> CodeRecord:
    return CodeRecord(
        code=normalize_code(display),
        display=display,
        short_description=shorten(description),
        long_description=description,
        billable=billable,
        parent=parent,
        chapter=chapter,
    )


def read_icd10cm_package(path: Path = PACKAGE) -> CodeFile:
    """Every code of the release bundled with ``simple-icd-10-cm`` (April 2026 for 1.5.x). ``path`` is ignored.

    The package reads its XML when first imported (about three seconds), so it is imported here, on first use,
    rather than whenever the registry is. The release is named after the data file the package says it bundles.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the package reads its data with a deprecated API
        icd: Any = importlib.import_module("simple_icd_10_cm.simple_icd_10_cm")
    data_file = getattr(icd, "_classification_data_package_file_name", PACKAGE_DATA_FILE)
    release, release_effective = _tabular_release(Path(data_file), "")
    chapters: dict[str, str] = {}
    records: list[CodeRecord] = []
    seen: set[str] = set()
    for name in icd.get_all_codes(with_dots=True):
        # A block holding a single category shares its name (B99); the category is the code, listed once.
        if name in seen or not (icd.is_category(name) or icd.is_subcategory(name)):
            continue
        seen.add(name)
        chapter = icd.get_ancestors(name)[-1]
        if chapter not in chapters:
            chapters[chapter] = chapter_title(icd.get_description(chapter))
        parent = icd.get_parent(name)
        is_code = parent != name and (icd.is_category(parent) or icd.is_subcategory(parent))
        records.append(
            _record(
                name,
                icd.get_description(name),
                billable=icd.is_leaf(name),
                parent=normalize_code(parent) if is_code else "",
                chapter=chapters[chapter],
            )
        )
    return CodeFile(records=records, release=release, release_effective=release_effective, complete=True)


@dataclasses.dataclass(slots=True)
class _Node:
    """An open ``chapter``, ``section`` or ``diag`` element of the tabular XML."""

    tag: str
    line: int
    depth: int
    name: str = ""
    description: str = ""
    seventh: dict[str, str] | None = None  # this element's sevenChrDef: character → words
    has_children: bool = False
    extensions: list[CodeRecord] = dataclasses.field(default_factory=list)
    record: CodeRecord | None = None


class _TabularReader:
    """Walks the XML with expat (for line numbers and speed) and builds one record per diag element."""

    def __init__(self) -> None:
        self.problems = Problems()
        self.unique = UniqueCodes(self.problems)
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        refuse_entities(self.parser)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.stack: list[_Node] = []
        self.depth = 0
        self.text_parts: list[str] | None = None
        self.extension_char = ""
        self.in_seventh: _Node | None = None
        self.chapter = ""
        self.version = ""
        self.diags: list[_Node] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1 and tag != "ICD10CM.tabular":
            raise CodeFileError(f"not an ICD-10-CM tabular XML file: its root element is <{tag}>")
        if tag in ("chapter", "section", "diag"):
            if tag == "diag" and self.stack and self.stack[-1].tag == "diag":
                self.stack[-1].has_children = True
            node = _Node(tag=tag, line=self.parser.CurrentLineNumber, depth=self.depth, name=attributes.get("id", ""))
            self.stack.append(node)
            if tag == "diag":
                self.diags.append(node)
        elif tag == "sevenChrDef" and self.stack and self.depth == self.stack[-1].depth + 1:
            self.in_seventh = self.stack[-1]
            self.in_seventh.seventh = {}
        elif tag == "extension" and self.in_seventh is not None:
            self.extension_char = attributes.get("char", "")
            self.text_parts = []
        elif (tag in ("name", "desc") and self.stack and self.depth == self.stack[-1].depth + 1) or (
            tag == "version" and self.depth == 2
        ):
            self.text_parts = []

    def text(self, data: str) -> None:
        if self.text_parts is not None:
            self.text_parts.append(data)

    def end(self, tag: str) -> None:
        self.depth -= 1
        parts, self.text_parts = self.text_parts, None
        content = " ".join("".join(parts or ()).split())
        if tag in ("chapter", "section", "diag"):
            node = self.stack.pop()
            if tag == "diag":
                self.finish_diag(node)
        elif tag == "sevenChrDef":
            self.in_seventh = None
        elif tag == "extension" and self.in_seventh is not None and self.in_seventh.seventh is not None:
            self.in_seventh.seventh[self.extension_char] = content
        elif tag == "version" and parts is not None:
            self.version = content
        elif parts is not None and self.stack:
            node = self.stack[-1]
            if tag == "name":
                node.name = content
            elif tag == "desc":
                node.description = content
                if node.tag == "chapter":
                    self.chapter = chapter_title(content)

    def seventh_characters(self, node: _Node) -> dict[str, str] | None:
        if node.seventh is not None:
            return node.seventh
        for ancestor in reversed(self.stack):
            if ancestor.seventh is not None:
                return ancestor.seventh
        return None

    def finish_diag(self, node: _Node) -> None:
        name = node.name.upper()
        if not _CODE.match(name):
            self.problems.add(node.line, f"diag element with a malformed or missing name {node.name!r}")
            return
        parent = self.stack[-1] if self.stack and self.stack[-1].tag == "diag" else None
        seventh = None if node.has_children else self.seventh_characters(node)
        node.record = _record(
            name,
            node.description,
            billable=not node.has_children and not seventh,
            parent=normalize_code(parent.name) if parent else "",
            chapter=self.chapter,
        )
        self.unique.check(node.line, node.record.code)
        if not seventh:
            return
        padded = name if "." in name else name + "."
        padded = padded.ljust(7, "X")
        for character, words in seventh.items():
            display = padded + character
            if not _seventh_character_applies(normalize_code(padded), character):
                continue
            if not _CODE.match(display):
                self.problems.add(node.line, f"seventh character {character!r} makes a malformed code {display}")
                continue
            record = _record(
                display,
                f"{node.description}, {words}",
                billable=True,
                parent=node.record.code,
                chapter=self.chapter,
            )
            if self.unique.check(node.line, record.code):
                node.extensions.append(record)

    def read(self, data: bytes) -> list[CodeRecord]:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as error:
            self.problems.add(error.lineno, f"not well-formed XML: {expat.ErrorString(error.code)}")
        if not self.diags and not self.problems:
            self.problems.add(0, "the file holds no diag elements")
        self.problems.raise_if_any()
        records: list[CodeRecord] = []
        for node in self.diags:
            if node.record is not None:
                records.append(node.record)
                records.extend(node.extensions)
        return records


def _tabular_release(path: Path, version: str) -> tuple[str, dt.date | None]:
    """``icd10cm-tabular-April-1-2026.xml`` → April 2026 from 2026-04-01; ``icd10cm_tabular_2026.xml`` (or
    ``<version>2026</version>``) → fiscal year 2026, from 2025-10-01."""
    dated = _DATED_FILE_NAME.search(path.stem)
    if dated:
        month = month_number(dated.group(1))
        if month:
            try:
                day = dt.date(int(dated.group(3)), month, int(dated.group(2)))
            except ValueError:
                day = None
            if day:
                return f"ICD-10-CM {day:%B} {day.year}", day
    year = _YEAR.search(path.stem) or _YEAR.search(version)
    if year:
        fiscal_year = int(year.group(1))
        return f"ICD-10-CM FY{fiscal_year}", dt.date(fiscal_year - 1, 10, 1)
    return "ICD-10-CM", None


def read_icd10cm_tabular_xml(path: Path) -> CodeFile:
    """Every code in CMS's tabular XML (``icd10cm_tabular_2026.xml``, ``icd10cm-tabular-April-1-2026.xml``).

    A diag's seventh characters come from its own ``sevenChrDef`` or the nearest ancestor's; the code is padded
    with X to six characters before the seventh (T36.0X1A). The extended code's description is the diag's and
    the seventh character's words joined by a comma, as CMS's order file writes it.
    """
    reader = _TabularReader()
    records = reader.read(read_bytes(path))
    release, effective = _tabular_release(path, reader.version)
    return CodeFile(records=records, release=release, release_effective=effective, complete=True)
