"""A plain CSV of codes and descriptions, ``code,description[,start,stop]``: what X12 publishes for CARC and RARC
to licensees, and the simplest way to give Portico a modifier list."""

from __future__ import annotations

import re
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeRecord
from portico.codes.formats.common import (
    cell,
    check_dates,
    csv_table,
    parse_date,
    shorten,
)

COLUMNS = {
    "code": ("code", "reason code", "remark code", "modifier", "carc", "rarc"),
    "description": ("description", "descriptor", "short description", "long description", "text"),
    "start": ("start", "start date", "effective", "effective date"),
    "stop": ("stop", "stop date", "end", "end date", "terminated", "termination date"),
}

_PATTERNS = {
    "carc": (re.compile(r"^[A-Z0-9]{1,3}$"), "a reason code is one to three letters or digits"),
    "rarc": (re.compile(r"^[A-Z]{1,2}\d{1,3}$"), "a remark code is one or two letters and up to three digits"),
    "modifier": (re.compile(r"^[A-Z0-9]{2}$"), "a modifier is two letters or digits"),
}
_LABELS = {"carc": "CARC", "rarc": "RARC", "modifier": "modifier"}


def read_code_csv(path: Path, system: str) -> CodeFile:
    """Rows of ``code`` and ``description``, with optional ``start`` and ``stop`` dates (the last date of service).

    Dates may be written YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY. The file states its own dates, so it is not a
    complete release.
    """
    pattern, rule = _PATTERNS[system]
    table = csv_table(path, COLUMNS, ("code", "description"), _LABELS[system])
    columns, problems, unique = table.columns, table.problems, table.unique
    records = []
    for line, row, code in table.coded_rows():
        description = cell(row, columns["description"])
        if not pattern.match(code):
            problems.add(line, f"code {code!r} is malformed: {rule}")
            continue
        if not description:
            problems.add(line, f"code {code} has no description")
            continue
        try:
            effective = parse_date(cell(row, columns.get("start")))
            terminated = parse_date(cell(row, columns.get("stop")))
        except ValueError as error:
            problems.add(line, str(error))
            continue
        if not unique.check(line, code):
            continue
        record = CodeRecord(
            code=code,
            display=code,
            short_description=shorten(description),
            long_description=description,
            effective=effective,
            terminated=terminated,
        )
        check_dates(problems, line, record)
        records.append(record)
    if not records and not problems:
        problems.add(0, "the file holds no codes")
    problems.raise_if_any()
    return CodeFile(records=records, complete=False)


def read_carc_csv(path: Path) -> CodeFile:
    return read_code_csv(path, "carc")


def read_rarc_csv(path: Path) -> CodeFile:
    return read_code_csv(path, "rarc")


def read_modifier_csv(path: Path) -> CodeFile:
    return read_code_csv(path, "modifier")
