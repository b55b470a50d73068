"""What several readers share: collecting line problems, decoding text, reading dates, CSV headers, shortening."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from xml.parsers import expat

from portico.codes.formats.base import CodeFileError, CodeRecord, LineProblem

MAX_PROBLEMS = 50
SHORT_DESCRIPTION_LIMIT = 200  # Code.short_description's max_length


class Problems:
    """Collects what is wrong with a file, line by line; stops the read once there are ``MAX_PROBLEMS``."""

    def __init__(self) -> None:
        self.items: list[LineProblem] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(LineProblem(line, message))
        if len(self.items) >= MAX_PROBLEMS:
            self.items.append(LineProblem(0, f"stopped reading after {MAX_PROBLEMS} problems"))
            raise CodeFileError(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise CodeFileError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class UniqueCodes:
    """Remembers on which line each code appeared, to name both lines of a duplicate."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.first_line: dict[tuple[str, str], int] = {}

    def check(self, line: int, code: str, system: str = "") -> bool:
        """True when ``code`` is new; records a problem and answers False when it was seen before."""
        seen = self.first_line.get((system, code))
        if seen is not None:
            self.problems.add(line, f"code {code} appears twice (first on line {seen})")
            return False
        self.first_line[(system, code)] = line
        return True


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) when it is; else Windows-1252, which CMS and NUCC files use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # cp1252 leaves five bytes undefined; latin-1 maps every byte


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CodeFileError(f"cannot read {path.name}: {error.strerror or error}") from error


def read_text(path: Path) -> str:
    return decode(read_bytes(path))


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")


def parse_date(value: object) -> dt.date | None:
    """``20250101``, ``2025-01-01``, ``01/01/2025`` or a spreadsheet date → a date; blank → None.

    Raises ``ValueError`` for anything else, so the caller can name the line.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD or YYYYMMDD)")


def dates_in_words(text: str) -> list[dt.date]:
    """Every "January 1, 2016" (any case) in ``text``, in order."""
    found = []
    for month, day, year in _MONTH_DAY_YEAR.findall(text):
        number = _MONTHS.get(month.lower())
        if number is None:
            continue
        try:
            found.append(dt.date(int(year), number, int(day)))
        except ValueError:
            continue
    return found


def month_number(name: str) -> int | None:
    """``"OCT"``, ``"October"`` → 10."""
    lowered = name.lower()
    for month, number in _MONTHS.items():
        if len(lowered) >= 3 and month.startswith(lowered):
            return number
    return None


def shorten(text: str, limit: int = SHORT_DESCRIPTION_LIMIT) -> str:
    """``text`` when it fits in ``limit`` characters; else cut at a word boundary and end with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def check_dates(problems: Problems, line: int, record: CodeRecord) -> None:
    if record.effective and record.terminated and record.terminated < record.effective:
        problems.add(
            line,
            f"code {record.display} ends {record.terminated.isoformat()}, "
            f"before it starts {record.effective.isoformat()}",
        )


def header_key(name: str) -> str:
    """``"Short Descriptor"``, ``"short_description"`` → ``"short descriptor"`` / ``"short description"``."""
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the 1-based line it starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next_line = 1
    try:
        for row in reader:
            yield next_line, row
            next_line = reader.line_num + 1
    except csv.Error as error:
        raise CodeFileError([LineProblem(reader.line_num, f"not valid CSV: {error}")]) from error


def map_header(
    header: Sequence[str], columns: Mapping[str, tuple[str, ...]], required: Sequence[str], what: str
) -> dict[str, int]:
    """Find each wanted column by any of its accepted header names; raise naming the missing required ones.

    ``columns`` maps our field name to the header names accepted for it (compared after ``header_key``).
    """
    positions = {header_key(name): index for index, name in enumerate(header)}
    found: dict[str, int] = {}
    for field, names in columns.items():
        for name in names:
            if name in positions:
                found[field] = positions[name]
                break
    missing = [field for field in required if field not in found]
    if missing:
        wanted = "; ".join(" or ".join(repr(n) for n in columns[field]) for field in missing)
        raise CodeFileError([LineProblem(1, f"the header of a {what} file needs a column {wanted}")])
    return found


@dataclasses.dataclass(slots=True)
class CsvTable:
    """A code CSV opened for reading: its columns found, and its rows each with a code (upper case)."""

    columns: dict[str, int]
    problems: Problems
    unique: UniqueCodes
    _rows: Iterator[tuple[int, list[str]]]
    _width: int

    def coded_rows(self) -> Iterator[tuple[int, list[str], str]]:
        """(line, row, code) for each row of the right width with a code; blank rows are skipped, others noted."""
        for line, row in self._rows:
            if not any(value.strip() for value in row):
                continue
            if len(row) != self._width:
                self.problems.add(line, f"{len(row)} columns where the header has {self._width}")
                continue
            code = cell(row, self.columns["code"]).upper()
            if not code:
                self.problems.add(line, "the code is empty")
                continue
            yield line, row, code


def csv_table(path: Path, columns: Mapping[str, tuple[str, ...]], required: Sequence[str], what: str) -> CsvTable:
    """Open a code CSV: read its header (the first record) and map its columns; raise if it is empty."""
    rows = csv_rows(read_text(path))
    first = next(rows, None)
    if first is None:
        raise CodeFileError("the file is empty")
    header = first[1]
    found = map_header(header, columns, required, what)
    problems = Problems()
    return CsvTable(found, problems, UniqueCodes(problems), rows, len(header))


def cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


# Upper-case source text (CMS's revenue and place-of-service lists) made readable: words capitalized, these kept.
_ACRONYM_TEXT = (
    "AIDS CAPD CCPD CCU CRNA CT DME DX ECG EEG EKG EPO ER ESRD FDA FQHC GI GYN HH HIPPS HIV ICF ICU II III IV IX "
    "LOA LPM MD MEG MR MRA MRI MRT NF NICU OB OP PACE PET PPS PT RHC SNF TV VI VII VIII XI"
)
ACRONYMS = frozenset(_ACRONYM_TEXT.split())
_SMALL_WORD_TEXT = "an and or of to for by in on the with than from per at as via"
_SMALL_WORDS = frozenset(_SMALL_WORD_TEXT.split())
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def readable(text: str) -> str:
    """``"ROOM & BOARD - PRIVATE (ONE BED) - OB"`` → ``"Room & Board - Private (One Bed) - OB"``.

    Words are capitalized, short joining words lower-cased (not the first), known acronyms kept upper case.
    Text that is not all upper case is returned as given.
    """
    if text != text.upper():
        return text
    first = True

    def word(match: re.Match[str]) -> str:
        nonlocal first
        token = match.group(0)
        is_first, first = first, False
        if token in ACRONYMS:
            return token
        lowered = token.lower()
        if not is_first and lowered in _SMALL_WORDS:
            return lowered
        return lowered[0].upper() + lowered[1:]

    return _WORD.sub(word, text)


@dataclasses.dataclass(slots=True)
class XmlElement:
    """An XML element with the line it starts on; ElementTree does not keep line numbers."""

    tag: str
    attributes: dict[str, str]
    line: int
    children: list[XmlElement] = dataclasses.field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> XmlElement | None:
        return next((child for child in self.children if child.tag == tag), None)

    def find_all(self, tag: str) -> list[XmlElement]:
        return [child for child in self.children if child.tag == tag]


def refuse_entities(parser: expat.XMLParserType) -> None:
    """Code files are uploaded by people: an XML entity declaration (the "billion laughs" attack, or an external
    file) is refused rather than expanded."""

    def refuse(*_: object) -> int:
        raise CodeFileError([LineProblem(parser.CurrentLineNumber, "XML entity declarations are not allowed")])

    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse


def parse_xml(data: bytes) -> XmlElement:
    """The document's root element; namespaces are dropped from tags (``{http://hl7.org/fhir}code`` → ``code``)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    refuse_entities(parser)
    stack: list[XmlElement] = []
    texts: list[list[str]] = []
    root: list[XmlElement] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = XmlElement(tag.rsplit("}", 1)[-1], attributes, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)
        texts.append([])

    def end(tag: str) -> None:
        stack.pop().text = "".join(texts.pop()).strip()

    def text(data: str) -> None:
        if texts:
            texts[-1].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise CodeFileError(
            [LineProblem(error.lineno, f"not well-formed XML: {expat.ErrorString(error.code)}")]
        ) from error
    return root[0]
