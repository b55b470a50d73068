"""FHIR Shorthand code systems (CMS's Blue Button / BFD ``CodeSystem-….fsh``): revenue codes, place of service,
claim adjustment reasons (CARC) and groups.

The parser reads the parts of FSH a code system uses:

    CodeSystem: CLM_REV_CNTR_CD
    Title: "Claim Revenue Center Code"
    * ^content = #complete
    * #0100 "ALL INCLUSIVE RATE - …"                 a concept: code and display
    * #CO "Contractual Obligations" "Definition…"   display and definition
      * #CO1 "A child"                              indented: a child concept
    * #CO ^definition = \"\"\"several
      lines\"\"\"                                       a caret rule on a concept, single- or triple-quoted

Anything else on a line is a problem named by its line number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import textwrap
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeRecord
from portico.codes.formats.common import (
    Problems,
    UniqueCodes,
    dates_in_words,
    read_text,
    readable,
    shorten,
)


@dataclasses.dataclass(slots=True)
class FshConcept:
    line: int
    code: str
    display: str
    definition: str = ""
    parent: str = ""


@dataclasses.dataclass(slots=True)
class FshCodeSystem:
    name: str = ""
    id: str = ""
    title: str = ""
    version: str = ""
    content: str = ""  # "complete" when the code system says it lists every code
    concepts: list[FshConcept] = dataclasses.field(default_factory=list)

    @property
    def release(self) -> str:
        return " ".join(part for part in (self.id or self.name, self.version) if part)[:60]


_ENTITY = re.compile(r"^(CodeSystem|ValueSet|Profile|Extension|Instance|Alias|RuleSet|Invariant|Logical|Resource)\s*:")
_CODE_SYSTEM = re.compile(r"^CodeSystem\s*:")
_KEYWORD = re.compile(r"^(Id|Title|Description|Parent)\s*:\s*(.*)$", re.DOTALL)
_CONCEPT = re.compile(
    r'^(?P<indent>\s*)\*\s+#(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<code>[^\s"]+))\s*(?P<rest>.*)$', re.DOTALL
)
_CARET = re.compile(r"^\s*\*\s+\^(?P<path>[\w.\[\]]+)\s*=\s*(?P<value>.*)$", re.DOTALL)
_CONCEPT_CARET = re.compile(r"^\^(?P<path>[\w.\[\]]+)\s*=\s*(?P<value>.*)$", re.DOTALL)
_STRING = re.compile(r'\s*(?:"""(?P<long>.*?)"""|"(?P<short>(?:[^"\\]|\\.)*)")', re.DOTALL)
_ESCAPE = re.compile(r"\\(.)")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _multiline(text: str) -> str:
    """A triple-quoted string: the lines after the first lose their common indentation."""
    first, _, rest = text.partition("\n")
    return "\n".join(part for part in (first.strip(), textwrap.dedent(rest).strip()) if part)


def _strings(text: str) -> tuple[list[str], str]:
    """The quoted strings at the start of ``text`` and whatever follows them."""
    found = []
    position = 0
    while True:
        match = _STRING.match(text, position)
        if not match:
            break
        if match.group("long") is not None:
            found.append(_multiline(match.group("long")))
        else:
            found.append(_unescape(match.group("short")))
        position = match.end()
    return found, text[position:].strip()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with a triple-quoted string spanning several physical lines joined, each with its first line number.
    Comments (``//`` to the end of a line outside strings, ``/* … */`` blocks) are dropped."""
    result: list[tuple[int, str]] = []
    buffer: list[str] = []
    start = 0
    in_block_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_block_comment:
            if "*/" in line:
                in_block_comment = False
                line = line.split("*/", 1)[1]
            else:
                continue
        if not buffer:
            stripped = line.strip()
            if stripped.startswith("//"):
                continue
            if stripped.startswith("/*"):
                if "*/" not in stripped:
                    in_block_comment = True
                continue
            start = number
        buffer.append(line)
        if "\n".join(buffer).count('"""') % 2 == 0:
            result.append((start, "\n".join(buffer)))
            buffer = []
    if buffer:
        result.append((start, "\n".join(buffer)))
    return result


def parse_fsh(text: str, problems: Problems) -> FshCodeSystem:
    """The first code system in ``text``. Problems (unreadable lines, duplicate codes) go to ``problems``."""
    system = FshCodeSystem()
    unique = UniqueCodes(problems)
    by_code: dict[str, FshConcept] = {}
    parents: list[tuple[int, str]] = []  # (indent, code) of the open concepts, outermost first
    lines = _logical_lines(text)
    # Lines before "CodeSystem:" (aliases, rule sets) are not the code system's; a file of bare concept lines is.
    inside = not any(_CODE_SYSTEM.match(content.strip()) for _, content in lines)
    for line, content in lines:
        if not content.strip():
            continue
        entity = _ENTITY.match(content.strip())
        if entity:
            if entity.group(1) == "Alias":
                continue
            if inside:
                if entity.group(1) != "CodeSystem" or system.name:
                    break  # the next definition in the file: only the first code system is read
            elif entity.group(1) != "CodeSystem":
                continue
            inside = True
            system.name = content.split(":", 1)[1].strip()
            continue
        if not inside:
            continue
        keyword = _KEYWORD.match(content.strip())
        if keyword:
            values, _ = _strings(keyword.group(2))
            value = values[0] if values else keyword.group(2).strip()
            if keyword.group(1) == "Id":
                system.id = value
            elif keyword.group(1) == "Title":
                system.title = value
            continue
        caret = _CARET.match(content)
        if caret:
            path, value = caret.group("path"), caret.group("value").strip()
            if path == "content":
                system.content = value.lstrip("#")
            elif path == "version":
                values, _ = _strings(value)
                system.version = values[0] if values else value
            continue
        concept_match = _CONCEPT.match(content)
        if not concept_match:
            problems.add(line, 'not a code-system line of FHIR Shorthand (expected * #code "display")')
            continue
        code = (
            _unescape(concept_match.group("quoted"))
            if concept_match.group("quoted") is not None
            else concept_match.group("code")
        )
        rest = concept_match.group("rest")
        concept_caret = _CONCEPT_CARET.match(rest)
        if concept_caret:
            target = by_code.get(code)
            if target is None:
                problems.add(line, f"a rule on code {code}, which is not defined above")
                continue
            if concept_caret.group("path") in ("definition", "display"):
                values, after = _strings(concept_caret.group("value"))
                if len(values) != 1 or after:
                    problems.add(line, f"the {concept_caret.group('path')} of code {code} is not one quoted string")
                    continue
                setattr(target, concept_caret.group("path"), values[0])
            continue
        values, after = _strings(rest)
        if after or len(values) > 2:
            problems.add(line, f"code {code}: unreadable text after the display and definition: {after[:40]!r}")
            continue
        indent = len(concept_match.group("indent").expandtabs(2))
        while parents and parents[-1][0] >= indent:
            parents.pop()
        concept = FshConcept(
            line=line,
            code=code,
            display=values[0] if values else "",
            definition=values[1] if len(values) > 1 else "",
            parent=parents[-1][1] if parents else "",
        )
        parents.append((indent, code))
        if unique.check(line, code):
            by_code[code] = concept
            system.concepts.append(concept)
    return system


def _read(path: Path) -> tuple[FshCodeSystem, Problems]:
    problems = Problems()
    system = parse_fsh(read_text(path), problems)
    if not system.concepts and not problems:
        problems.add(0, 'the file defines no codes (lines like * #code "display")')
    return system, problems


def _code_file(system: FshCodeSystem, records: list[CodeRecord]) -> CodeFile:
    return CodeFile(records=records, release=system.release, complete=system.content == "complete")


_REVENUE_CODE = re.compile(r"^\d{3,4}$")


def read_revenue_fsh(path: Path) -> CodeFile:
    """NUBC revenue codes as CMS's CCW lists them (``CodeSystem-CLM-REV-CNTR-CD.fsh``), shown with four digits.

    The list is in upper case: ``long_description`` keeps it as given, ``short_description`` is the same words
    capitalized (``readable``), keeping acronyms such as ICU, CT, MRI and HIPPS.
    """
    system, problems = _read(path)
    records = []
    for concept in system.concepts:
        if not _REVENUE_CODE.match(concept.code):
            problems.add(concept.line, f"revenue code {concept.code!r} is not three or four digits")
            continue
        if not concept.display:
            problems.add(concept.line, f"revenue code {concept.code} has no description")
            continue
        code = concept.code.zfill(4)
        records.append(
            CodeRecord(
                code=code,
                display=code,
                short_description=shorten(readable(concept.display)),
                long_description=concept.display + (f" {concept.definition}" if concept.definition else ""),
                parent=concept.parent.zfill(4) if concept.parent else "",
            )
        )
    problems.raise_if_any()
    return _code_file(system, records)


_POS_CODE = re.compile(r"^\d{2}$")
_POS_NOTE = re.compile(r"\s*\([^()]*EFFECTIVE[^()]*\)", re.IGNORECASE)
_POS_DASH = re.compile(r"\s?-\s")
_POS_ARTICLE = re.compile(r"\s(?:A|AN)\s")
_POS_NAME_LENGTH = 40


def _pos_name(text: str) -> str:
    """The place's name at the start of "NAME (EFFECTIVE …) - DEFINITION". A few entries lack the dash
    ("AMBULANCE—LAND A LAND VEHICLE …"): a long name is cut where its definition starts with "A" or "AN"."""
    end = len(text)
    for pattern in (_POS_NOTE, _POS_DASH):
        match = pattern.search(text)
        if match:
            end = min(end, match.start())
    name = text[:end].strip()
    if len(name) > _POS_NAME_LENGTH:
        article = _POS_ARTICLE.search(name)
        if article:
            name = name[: article.start()]
    return name or text


_PARENTHESIS = re.compile(r"\(([^()]*)\)")


def effective_from_notes(text: str) -> dt.date | None:
    """The first date of the first note "(Effective January 1, 2016)" (or "(This code is effective …)") in
    ``text``; notes about a later revision ("Revised, effective …", "Description change …") are
    skipped."""
    for note in _PARENTHESIS.findall(text):
        lowered = note.lower()
        if "effective" not in lowered or lowered.startswith(("revised", "description")):
            continue
        dates = dates_in_words(note)
        if dates:
            return dates[0]
    return None


def read_pos_fsh(path: Path) -> CodeFile:
    """Place-of-service codes from CMS's BFD list (``CodeSystem-CLM-POS-CD.fsh``).

    Codes the list marks UNASSIGNED, and its ``~`` ("no description available"), are not codes and are skipped.
    The display is "NAME (EFFECTIVE …) - DEFINITION" in upper case: ``short_description`` is the name made
    readable, ``long_description`` the text as given, ``effective`` the date in the "(EFFECTIVE …)" note.
    """
    system, problems = _read(path)
    records = []
    for concept in system.concepts:
        text = concept.display
        if concept.code == "~" or text.upper().startswith("UNASSIGNED"):
            continue
        if not _POS_CODE.match(concept.code):
            problems.add(concept.line, f"place-of-service code {concept.code!r} is not two digits")
            continue
        name = _pos_name(text)
        records.append(
            CodeRecord(
                code=concept.code,
                display=concept.code,
                short_description=shorten(readable(name)),
                long_description=text,
                effective=effective_from_notes(text),
            )
        )
    problems.raise_if_any()
    return _code_file(system, records)


_CARC_CODE = re.compile(r"^[A-Z0-9]{1,3}$")


def read_carc_fsh(path: Path) -> CodeFile:
    """Claim adjustment reason codes from CMS's BFD list (``CodeSystem-ANSI-RSN-CD.fsh``).

    The list has no start or stop dates and still holds deactivated codes. ``long_description`` is the full text;
    ``short_description`` the same, cut at a word to 200 characters when longer.
    """
    system, problems = _read(path)
    records = []
    for concept in system.concepts:
        code = concept.code.upper()
        if not _CARC_CODE.match(code):
            problems.add(concept.line, f"reason code {concept.code!r} is not one to three letters or digits")
            continue
        if not concept.display:
            problems.add(concept.line, f"reason code {code} has no description")
            continue
        text = concept.display + (f" {concept.definition}" if concept.definition else "")
        records.append(CodeRecord(code=code, display=code, short_description=shorten(text), long_description=text))
    problems.raise_if_any()
    return _code_file(system, records)


_GROUP_CODE = re.compile(r"^[A-Z]{2}$")


def read_group_fsh(path: Path) -> CodeFile:
    """Claim adjustment group codes (``CodeSystem-ANSI-GRP-CD.fsh``).

    Each display is "Name -- definition" ("Contractual Obligations -- this group code should be used when …"):
    the name becomes ``short_description``, the whole text ``long_description``. A display without " -- " is
    used whole for both, as is a separate FSH definition for the long one.
    """
    system, problems = _read(path)
    records = []
    for concept in system.concepts:
        code = concept.code.upper()
        if not _GROUP_CODE.match(code):
            problems.add(concept.line, f"group code {concept.code!r} is not two letters")
            continue
        if not concept.display:
            problems.add(concept.line, f"group code {code} has no description")
            continue
        name, _, definition = concept.display.partition(" -- ")
        long_description = concept.display
        if concept.definition:
            long_description = f"{concept.display} -- {concept.definition}" if not definition else concept.definition
        records.append(
            CodeRecord(
                code=code, display=code, short_description=shorten(name.strip()), long_description=long_description
            )
        )
    problems.raise_if_any()
    return _code_file(system, records)
