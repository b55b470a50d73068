"""CPT from a CSV the plan supplies. CPT descriptors are the AMA's: Portico ships none, only the demo's own
plain-language descriptions (``portico/codes/demo/cpt_demo.csv``)."""

from __future__ import annotations

import re
from pathlib import Path

from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord
from portico.codes.formats.common import (
    cell,
    check_dates,
    csv_table,
    parse_date,
    shorten,
)

CPT = "cpt"
MODIFIER = "modifier"

COLUMNS = {
    "code": ("code", "cpt code", "cpt", "hcpcs", "procedure code"),
    "short": ("short description", "short descriptor", "description", "descriptor", "short"),
    "long": ("long description", "long descriptor", "consumer friendly descriptor", "long"),
    "effective": ("effective", "effective date", "start", "start date"),
    "terminated": ("terminated", "termination date", "end", "end date", "stop"),
}
_CPT_CODE = re.compile(r"^\d{4}[0-9A-Z]$")  # 99213; 0001F (Category II), 0042T (III), 0001U (PLA), 0001A, 0001M
_MODIFIER_CODE = re.compile(r"^[0-9A-Z]{2}$")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def read_cpt_csv(path: Path) -> CodeFile:
    """Rows with a code and a short or long descriptor; optional ``effective`` and ``terminated`` dates.

    Five-character codes are CPT; two-character rows (25, 59, 26) are CPT modifiers and come back with
    ``system="modifier"``. A row needs at least one descriptor; when only one is given it serves as both.
    """
    table = csv_table(path, COLUMNS, ("code",), "CPT")
    columns, problems, unique = table.columns, table.problems, table.unique
    if "short" not in columns and "long" not in columns:
        raise CodeFileError("the header of a CPT file needs a descriptor column ('short_description' or 'description')")
    records = []
    for line, row, code in table.coded_rows():
        if _CPT_CODE.match(code):
            system = CPT
        elif _MODIFIER_CODE.match(code):
            system = MODIFIER
        else:
            problems.add(line, f"code {code!r} is neither a CPT code (five characters) nor a modifier (two)")
            continue
        short = cell(row, columns.get("short"))
        long = cell(row, columns.get("long"))
        if not short and not long:
            problems.add(line, f"code {code} has no description")
            continue
        try:
            effective = parse_date(cell(row, columns.get("effective")))
            terminated = parse_date(cell(row, columns.get("terminated")))
        except ValueError as error:
            problems.add(line, str(error))
            continue
        if not unique.check(line, code, system):
            continue
        record = CodeRecord(
            code=code,
            display=code,
            short_description=shorten(short or long),
            long_description=long or short,
            effective=effective,
            terminated=terminated,
            system=system,
        )
        check_dates(problems, line, record)
        records.append(record)
    if not records and not problems:
        problems.add(0, "the file holds no codes")
    problems.raise_if_any()
    year = _YEAR.search(path.stem)
    return CodeFile(records=records, release=f"CPT {year.group(1)}" if year else "", complete=False)
