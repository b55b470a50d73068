"""The NUCC Health Care Provider Taxonomy as NUCC publishes it (``nucc_taxonomy_251.csv``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeRecord
from portico.codes.formats.common import cell, csv_table, shorten

COLUMNS = {
    "code": ("code",),
    "grouping": ("grouping",),
    "classification": ("classification",),
    "specialization": ("specialization",),
    "definition": ("definition",),
    "display": ("display name",),
    "section": ("section",),
}
_TAXONOMY_CODE = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_VERSION = re.compile(r"(?<!\d)(\d{2})(\d)(?!\d)")


def _release(path: Path) -> tuple[str, dt.date | None]:
    """``nucc_taxonomy_251.csv`` → "NUCC 25.1", from 2025-07-01 (NUCC's .0 releases start January 1, .1 July 1)."""
    match = _VERSION.search(path.stem)
    if not match or match.group(2) not in "01":
        return "NUCC", None
    year, half = int(match.group(1)), int(match.group(2))
    return f"NUCC {year}.{half}", dt.date(2000 + year, 7 if half else 1, 1)


def read_taxonomy_csv(path: Path) -> CodeFile:
    """One row per taxonomy code: ``short_description`` is the Display Name (or, in older files without it, the
    classification and specialization), ``long_description`` the Definition; grouping, classification,
    specialization and section go to ``attributes``. NUCC's file is a complete release. It may carry a byte-order
    mark and Windows-1252 characters."""
    table = csv_table(path, COLUMNS, ("code", "classification"), "NUCC taxonomy")
    columns, problems, unique = table.columns, table.problems, table.unique
    records = []
    for line, row, code in table.coded_rows():
        if not _TAXONOMY_CODE.match(code):
            problems.add(line, f"taxonomy code {code!r} is malformed (ten characters ending in X)")
            continue
        if not unique.check(line, code):
            continue
        attributes = {field: cell(row, columns.get(field)) for field in COLUMNS if field not in ("code", "definition")}
        display_name = attributes.pop("display")
        name = display_name or " - ".join(
            part for part in (attributes["classification"], attributes["specialization"]) if part
        )
        records.append(
            CodeRecord(
                code=code,
                display=code,
                short_description=shorten(name),
                long_description=cell(row, columns.get("definition")),
                attributes=attributes,
            )
        )
    if not records and not problems:
        problems.add(0, "the file holds no taxonomy codes")
    problems.raise_if_any()
    release, effective = _release(path)
    return CodeFile(records=records, release=release, release_effective=effective, complete=True)
