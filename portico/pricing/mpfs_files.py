"""Readers for CMS's Medicare physician fee schedule files, with no Django: the relative value file (PPRRVU),
the GPCIs by locality (Addendum E, GPCIyyyy.csv) and the counties of each locality (yyLOCCO.csv).

Each reader yields plain tuples and raises ``MpfsFileError`` naming the line that could not be read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


class MpfsFileError(ValueError):
    pass


@dataclass(frozen=True)
class RvuRow:
    code: str
    modifier: str
    status: str
    work: Decimal
    pe_nonfacility: Decimal
    pe_facility: Decimal
    mp: Decimal
    pctc: str
    conversion_factor: Decimal


@dataclass(frozen=True)
class GpciRow:
    mac: str
    state: str
    locality: str
    name: str
    work: Decimal
    pe: Decimal
    mp: Decimal


# Columns of PPRRVU by position: the header spans five lines and repeats words ("PE RVU", "INDICATOR").
_HCPCS, _MOD, _STATUS, _WORK, _PE_NONFAC, _PE_FAC, _MP, _PCTC, _CF = 0, 1, 3, 5, 6, 8, 10, 13, 24


def _text(content: bytes) -> str:
    return content.decode("utf-8-sig", errors="replace")


def _decimal(value: str, *, line: int, column: str) -> Decimal:
    try:
        return Decimal(value.strip() or "0")
    except InvalidOperation as exc:
        raise MpfsFileError(f"line {line}: {column} is not a number: {value!r}") from exc


def rvu_rows(content: bytes) -> Iterator[RvuRow]:
    """Every code row of a PPRRVU file (its DESCRIPTION column, AMA content, is not read)."""
    reader = csv.reader(io.StringIO(_text(content)))
    started = False
    for line, row in enumerate(reader, start=1):
        if not started:
            if row[:2] == ["HCPCS", "MOD"]:
                if len(row) <= _CF:
                    raise MpfsFileError(f"line {line}: the header has {len(row)} columns; PPRRVU has 31")
                started = True
            continue
        if not row or not row[_HCPCS].strip():
            continue
        if len(row) <= _CF:
            raise MpfsFileError(f"line {line}: {len(row)} columns; PPRRVU has 31")
        yield RvuRow(
            code=row[_HCPCS].strip().upper(),
            modifier=row[_MOD].strip().upper(),
            status=row[_STATUS].strip().upper(),
            work=_decimal(row[_WORK], line=line, column="WORK RVU"),
            pe_nonfacility=_decimal(row[_PE_NONFAC], line=line, column="NON-FAC PE RVU"),
            pe_facility=_decimal(row[_PE_FAC], line=line, column="FACILITY PE RVU"),
            mp=_decimal(row[_MP], line=line, column="MP RVU"),
            pctc=row[_PCTC].strip(),
            conversion_factor=_decimal(row[_CF], line=line, column="CONV FACTOR"),
        )
    if not started:
        raise MpfsFileError("no header line starting HCPCS,MOD: is this a PPRRVU file?")


def gpci_year(content: bytes) -> int | None:
    """The calendar year in the title line (``FINAL CY 2025 GEOGRAPHIC PRACTICE COST INDICES``)."""
    match = re.search(r"CY\s*(\d{4})", _text(content)[:400])
    return int(match.group(1)) if match else None


def gpci_rows(content: bytes) -> Iterator[GpciRow]:
    """Each locality's row of Addendum E: MAC, state, locality number, name, work, PE and MP GPCIs."""
    found = False
    for line, row in enumerate(csv.reader(io.StringIO(_text(content))), start=1):
        if len(row) < 7 or not row[0].strip().isdigit() or not row[2].strip().isdigit():
            continue
        found = True
        yield GpciRow(
            mac=row[0].strip().zfill(5),
            state=row[1].strip().upper(),
            locality=row[2].strip().zfill(2),
            name=row[3].strip().rstrip("*"),
            work=_decimal(row[4], line=line, column="PW GPCI"),
            pe=_decimal(row[5], line=line, column="PE GPCI"),
            mp=_decimal(row[6], line=line, column="MP GPCI"),
        )
    if not found:
        raise MpfsFileError("no locality rows (MAC, State, Locality Number, ...): is this a GPCI file?")


def locality_counties(content: bytes) -> dict[tuple[str, str], str]:
    """(MAC, locality) → the counties it covers, from yyLOCCO.csv."""
    found: dict[tuple[str, str], str] = {}
    for row in csv.reader(io.StringIO(_text(content))):
        if len(row) < 5 or not row[0].strip().isdigit() or not row[1].strip().isdigit():
            continue
        key = (row[0].strip().zfill(5), row[1].strip().zfill(2))
        found[key] = " ".join(row[4].split())
    return found
