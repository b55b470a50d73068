"""HCPCS Level II as CMS publishes it: the fixed-width text file, the spreadsheet, and the spreadsheet as CSV.

One file holds two systems: procedures (RECID 3, continued by RECID 4 lines) and modifiers (RECID 7, continued by
8), so each record carries ``system``. Modifiers sit right-aligned in the five-character HCPC field ("   XE").

Dates. ``effective`` is ADD DT, the date the code was added; ACT EFF DT is the date of the newest action on the
code (a description change, a pricing change, the discontinuation), not the start of validity: a discontinued
code's ACT EFF DT is the day after its TERM DT (JF: added 2015-04-01, acted on 2015-07-01, ended 2015-06-30).
ACT EFF DT stands in for ADD DT only when ADD DT is blank. ``terminated`` is TERM DT, the last date of service.
The file states every date itself, so it is not a "complete release": codes missing from it are left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import openpyxl

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord, LineProblem
from portico.codes.formats.common import (
    Problems,
    UniqueCodes,
    check_dates,
    csv_rows,
    month_number,
    parse_date,
    read_text,
    shorten,
)

PROCEDURE = "hcpcs"
MODIFIER = "modifier"

COLUMNS = (
    "HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION",
    "PRICE1", "PRICE2", "PRICE3", "PRICE4", "MULT_PI", "CIM1", "CIM2", "CIM3", "MCM1", "MCM2", "MCM3", "STATUTE",
    "LABCERT1", "LABCERT2", "LABCERT3", "LABCERT4", "LABCERT5", "LABCERT6", "LABCERT7", "LABCERT8",
    "XREF1", "XREF2", "XREF3", "XREF4", "XREF5", "COV", "ASC_GRP", "ASC_DT", "OPPS", "OPPS_PI", "OPPS_DT",
    "PROCNOTE", "BETOS", "TOS1", "TOS2", "TOS3", "TOS4", "TOS5", "ANEST_BU", "ADD DT", "ACT EFF DT", "TERM DT",
    "ACTION CD",
)  # fmt: skip
_REQUIRED_COLUMNS = ("HCPC", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION", "ADD DT", "TERM DT")

# The fixed-width record (CMS "HCPCS Contractor Record" layout): field → (first, last) position, 1-based.
FIXED_WIDTH = {
    "HCPC": (1, 5), "SEQNUM": (6, 10), "RECID": (11, 11), "LONG DESCRIPTION": (12, 91),
    "SHORT DESCRIPTION": (92, 119), "PRICE1": (120, 121), "PRICE2": (122, 123), "PRICE3": (124, 125),
    "PRICE4": (126, 127), "MULT_PI": (128, 128), "COV": (230, 230), "PROCNOTE": (253, 256), "BETOS": (257, 259),
    "ADD DT": (269, 276), "ACT EFF DT": (277, 284), "TERM DT": (285, 292), "ACTION CD": (293, 293),
}  # fmt: skip
RECORD_LENGTH = 320
_FIRST_LINE_MINIMUM = FIXED_WIDTH["ADD DT"][1]  # a first line may lose trailing blanks, never its ADD DT
_RECORD_START = re.compile(r"^[ A-Z0-9]{5}[0-9 ]{5}[3478]")
_PROCEDURE_CODE = re.compile(r"^[A-Z0-9]{5}$")
_MODIFIER_CODE = re.compile(r"^[A-Z0-9]{2}$")
_FILE_NAME = re.compile(r"HCPC(?:S)?[_ -]?(\d{4})(?:[_ -]?([A-Za-z]{3,9}))?", re.IGNORECASE)
_ATTRIBUTES = {"BETOS": "betos", "COV": "coverage", "ACTION CD": "action", "MULT_PI": "multiple_pricing"}


@dataclasses.dataclass(slots=True)
class _Pending:
    """A code whose continuation lines may still follow."""

    line: int
    system: str
    code: str
    fields: Mapping[str, str]
    long_parts: list[str]


def _release(path: Path) -> tuple[str, dt.date | None]:
    """``HCPC2025_OCT_ANWEB.xlsx`` → "HCPCS 2025 October" from 2025-10-01; ``HCPC2020_ANWEB.txt`` → "HCPCS 2020"."""
    match = _FILE_NAME.search(path.name)
    if not match:
        return "HCPCS", None
    year = int(match.group(1))
    month = month_number(match.group(2)) if match.group(2) else None
    if month is None:
        return f"HCPCS {year}", dt.date(year, 1, 1)
    day = dt.date(year, month, 1)
    return f"HCPCS {year} {day:%B}", day


class _Builder:
    """Turns rows (as field → text, whatever the file format) into records, joining continuation lines."""

    def __init__(self) -> None:
        self.problems = Problems()
        self.unique = UniqueCodes(self.problems)
        self.records: list[CodeRecord] = []
        self.pending: _Pending | None = None
        self.rejected = ""  # a code whose first line was refused: its continuation lines are skipped quietly

    def reject(self, code: str) -> None:
        self.flush()
        self.rejected = code

    def add(self, line: int, fields: Mapping[str, str]) -> None:
        recid = fields.get("RECID", "").strip()
        raw_code = fields.get("HCPC", "")
        code = raw_code.strip().upper()
        if recid in ("4", "8"):
            self.continue_description(line, recid, code, fields)
            return
        self.reject(code)
        if recid not in ("3", "7"):
            self.problems.add(line, f"RECID {recid!r} is not 3, 4, 7 or 8")
            return
        system = PROCEDURE if recid == "3" else MODIFIER
        pattern = _PROCEDURE_CODE if system == PROCEDURE else _MODIFIER_CODE
        if not code:
            self.problems.add(line, "the HCPC code is empty")
            return
        if not pattern.match(code):
            kind = "a procedure code has five" if system == PROCEDURE else "a modifier has two"
            self.problems.add(line, f"HCPC {raw_code.strip()!r} is malformed ({kind} letters or digits)")
            return
        if self.unique.check(line, code, system):
            long_description = fields.get("LONG DESCRIPTION", "").strip()
            self.pending = _Pending(line, system, code, fields, [long_description] if long_description else [])
            self.rejected = ""

    def continue_description(self, line: int, recid: str, code: str, fields: Mapping[str, str]) -> None:
        expected = PROCEDURE if recid == "4" else MODIFIER
        pending = self.pending
        if pending is None and code and code == self.rejected:
            return
        if pending is None or pending.code != code or pending.system != expected:
            what = code or "an empty code"
            self.problems.add(line, f"continuation line (RECID {recid}) for {what} does not follow its first line")
            return
        text = fields.get("LONG DESCRIPTION", "").strip()
        if text:
            pending.long_parts.append(text)

    def flush(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None:
            return
        fields = pending.fields
        line = pending.line
        dates: dict[str, dt.date | None] = {}
        for column in ("ADD DT", "ACT EFF DT", "TERM DT"):
            try:
                dates[column] = parse_date(fields.get(column))
            except ValueError as error:
                self.problems.add(line, f"{column}: {error}")
                return
        attributes: dict[str, object] = {
            key: fields[column].strip() for column, key in _ATTRIBUTES.items() if fields.get(column, "").strip()
        }
        pricing = [fields[f"PRICE{n}"].strip() for n in range(1, 5) if fields.get(f"PRICE{n}", "").strip()]
        if pricing:
            attributes["pricing_indicators"] = pricing
        if dates["ACT EFF DT"]:
            attributes["action_effective"] = dates["ACT EFF DT"].isoformat()
        short_description = fields.get("SHORT DESCRIPTION", "").strip()
        long_description = " ".join(pending.long_parts)
        if not short_description and not long_description:
            self.problems.add(line, f"code {pending.code} has no description")
            return
        record = CodeRecord(
            code=pending.code,
            display=pending.code,
            short_description=short_description or shorten(long_description),
            long_description=long_description,
            effective=dates["ADD DT"] or dates["ACT EFF DT"],
            terminated=dates["TERM DT"],
            attributes=attributes,
            system=pending.system,
        )
        check_dates(self.problems, line, record)
        self.records.append(record)

    def finish(self, path: Path) -> CodeFile:
        self.flush()
        if not self.records and not self.problems:
            self.problems.add(0, "the file holds no HCPCS records")
        self.problems.raise_if_any()
        release, effective = _release(path)
        return CodeFile(records=self.records, release=release, release_effective=effective, complete=False)


def read_hcpcs_txt(path: Path) -> CodeFile:
    """CMS's fixed-width file (``HCPC2026_JAN_ANWEB_….txt``): 320-character records after a disclaimer.

    Lines before the first record are the disclaimer. A first line (RECID 3/7) must reach its ADD DT
    (position 276); continuation lines (4/8) hold only code, sequence, RECID and description, so CMS cuts them
    at position 91. Text is Windows-1252.
    """
    builder = _Builder()
    started = False
    for line_number, line in enumerate(read_text(path).splitlines(), start=1):
        if not started:
            if not _RECORD_START.match(line):
                continue
            started = True
        if not line.strip():
            continue
        if not _RECORD_START.match(line):
            builder.problems.add(line_number, "not a HCPCS record (code, sequence number and RECID 3, 4, 7 or 8)")
            continue
        if line[10] in "37" and len(line) < _FIRST_LINE_MINIMUM:
            builder.problems.add(
                line_number, f"the record is cut short: {len(line)} characters, a first line has {RECORD_LENGTH}"
            )
            builder.reject(line[:5].strip().upper())
            continue
        if len(line) > RECORD_LENGTH:
            builder.problems.add(line_number, f"the record is {len(line)} characters long, more than {RECORD_LENGTH}")
            builder.reject(line[:5].strip().upper())
            continue
        fields = {name: line[first - 1 : last] for name, (first, last) in FIXED_WIDTH.items()}
        builder.add(line_number, fields)
    return builder.finish(path)


def _check_header(header: Sequence[str]) -> dict[str, int]:
    positions = {str(name or "").strip().upper(): index for index, name in enumerate(header)}
    missing = [column for column in _REQUIRED_COLUMNS if column not in positions]
    if missing:
        message = f"the header lacks {', '.join(missing)}; a HCPCS file has the columns of CMS's HCPC…_ANWEB sheet"
        raise CodeFileError([LineProblem(1, message)])
    return {column: positions[column] for column in COLUMNS if column in positions}


def _read_rows(path: Path, rows: Iterable[tuple[int, Sequence[object]]]) -> CodeFile:
    builder = _Builder()
    columns: dict[str, int] | None = None
    width = 0
    for line, row in rows:
        if columns is None:
            columns = _check_header([str(value or "") for value in row])
            width = len(row)
            continue
        if not any(value not in (None, "") and str(value).strip() for value in row):
            continue
        if len(row) != width:
            builder.problems.add(line, f"{len(row)} columns where the header has {width}")
            continue
        fields = {column: _text(row[index]) for column, index in columns.items()}
        builder.add(line, fields)
    if columns is None:
        raise CodeFileError("the file is empty")
    return builder.finish(path)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_hcpcs_xlsx(path: Path) -> CodeFile:
    """CMS's spreadsheet (``HCPC2025_OCT_ANWEB.xlsx``): first sheet, a header row, then one row per code."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and XML errors for a file that is no workbook
        raise CodeFileError(f"{path.name} is not a readable .xlsx workbook: {error}") from error
    try:
        sheet = workbook.worksheets[0]
        return _read_rows(path, enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def read_hcpcs_csv(path: Path) -> CodeFile:
    """The spreadsheet's columns as CSV (``HCPC2026_OCT_ANWEB.csv``)."""
    return _read_rows(path, csv_rows(read_text(path)))
