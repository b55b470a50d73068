"""Reading the NCCI edits: the procedure-to-procedure (PTP) pairs among a set of codes, and the medically
unlikely edits (MUE) of codes, on a date of service.

Speed: adjudication asks once per claim. The MUE table (one row per code per quarterly file) is read whole into
memory; PTP pairs are read for the claim's set of codes in one query (the full PTP table is millions of rows, too
many to hold in every worker) and the answer is kept per set of codes. Both are kept in this process for at most
``INDEX_SECONDS`` and forgotten at once after a load here (``ncci_cache_clear``); another process sees a load
within that time.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from portico.codes.models import ModifierIndicator, MueEdit, PtpEdit

INDEX_SECONDS = 60.0
MAX_CODE_SETS = 20_000


@dataclass(frozen=True)
class PtpPair:
    column1: str
    column2: str
    start: dt.date
    end: dt.date | None
    modifier_indicator: str
    rationale: str

    def applies_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def modifier_allowed(self) -> bool:
        return self.modifier_indicator == ModifierIndicator.ALLOWED


@dataclass(frozen=True)
class UnitsEdit:
    code: str
    units: int
    indicator: str
    rationale: str
    start: dt.date
    end: dt.date | None

    def applies_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


_lock = threading.Lock()
_mue: tuple[float, dict[str, tuple[UnitsEdit, ...]]] | None = None
_pairs: dict[frozenset[str], tuple[float, tuple[PtpPair, ...]]] = {}


def ncci_cache_clear() -> None:
    """Forget every edit read (the loads call this; tests between cases)."""
    global _mue
    with _lock:
        _mue = None
        _pairs.clear()


def _mue_index() -> dict[str, tuple[UnitsEdit, ...]]:
    global _mue
    now = time.monotonic()
    current = _mue
    if current is not None and now - current[0] < INDEX_SECONDS:
        return current[1]
    index: dict[str, list[UnitsEdit]] = {}
    rows = MueEdit.objects.values_list("code", "units", "indicator", "rationale", "effective_start", "effective_end")
    for code, units, indicator, rationale, start, end in rows.iterator(chunk_size=5000):
        index.setdefault(code, []).append(UnitsEdit(code, units, indicator, rationale, start, end))
    loaded = {code: tuple(edits) for code, edits in index.items()}
    with _lock:
        _mue = (now, loaded)
    return loaded


def _pairs_among(codes: frozenset[str]) -> tuple[PtpPair, ...]:
    """Every PTP edit (of any date, indicator 9 left out) whose two codes are both in ``codes``."""
    if len(codes) < 2:
        return ()
    now = time.monotonic()
    hit = _pairs.get(codes)
    if hit is not None and now - hit[0] < INDEX_SECONDS:
        return hit[1]
    rows = (
        PtpEdit.objects.filter(column1__in=codes, column2__in=codes)
        .exclude(modifier_indicator=ModifierIndicator.NOT_APPLICABLE)
        .values_list("column1", "column2", "effective_start", "effective_end", "modifier_indicator", "rationale")
    )
    found = tuple(PtpPair(*row) for row in rows)
    with _lock:
        if len(_pairs) >= MAX_CODE_SETS:
            _pairs.clear()
        _pairs[codes] = (now, found)
    return found


def ptp_pairs(*, codes: Iterable[str], on: dt.date | None = None) -> list[PtpPair]:
    """The PTP edits whose column 1 and column 2 codes are both among ``codes`` and that are applied (modifier
    indicator 0 or 1; 9 means not applied) — in force on ``on`` (effective date ≤ on ≤ deletion date), or of any
    date when ``on`` is None. At most one query, none when the same set of codes was asked recently."""
    pairs = _pairs_among(frozenset(c.upper() for c in codes if c))
    return [p for p in pairs if on is None or p.applies_on(on)]


def mue_for(*, codes: Iterable[str], on: dt.date) -> dict[str, UnitsEdit]:
    """The medically unlikely edit of each of ``codes`` in force on ``on`` (codes without one are left out)."""
    index = _mue_index()
    found: dict[str, UnitsEdit] = {}
    for code in codes:
        edit = next((e for e in index.get(code.upper(), ()) if e.applies_on(on)), None)
        if edit is not None:
            found[code] = edit
    return found
