"""Loading CMS's NCCI files: procedure-to-procedure (PTP) edits and medically unlikely edits (MUE).

Each load reads the whole file first and refuses it, naming the bad lines, before anything is written; the
rows are then replaced in one transaction and the load is recorded (``CodeLoad``, system ``ncci_ptp`` or
``mue``). Loading the same file again gives the same rows.

- PTP (``ccipra-v322r0-f1.txt`` and its siblings): tab-separated, a few header lines, then column 1, column 2,
  ``*`` if in existence prior to 1996, effective date YYYYMMDD, deletion date YYYYMMDD or ``*``, modifier
  indicator 0/1/9, rationale. CMS cuts one table into several files (f1 … f4); a load replaces the rows of the
  same part (``ccipra-f1``, from the file name, or ``part=``) and keeps the others.
- MUE (``MCR_MUE_PractitionerServices_Eff_07-01-2026.csv``): CSV, a copyright notice, a header starting
  ``HCPCS``, then code, MUE value, adjudication indicator (``2 Date of Service Edit: Policy``), rationale.
  The file applies from its effective date (from the name's ``Eff_MM-DD-YYYY`` or ``effective=``) until the
  next file's: a load replaces the rows of its effective date and sets every version's end to the day before
  the next version starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.codes.loading import file_sha256
from portico.codes.models import CodeLoad, EditFile, LoadSource, ModifierIndicator, MueEdit, MueIndicator, PtpEdit
from portico.codes.ncci import ncci_cache_clear
from portico.common.errors import ValidationFailed

ENCODING = "latin-1"  # CMS publishes these files in Latin-1 (the MUE notice has a ® sign)
MAX_PROBLEMS = 50
_CODE = re.compile(r"^[0-9A-Z]{5}$")
_PTP_NAME = re.compile(r"^(cc[a-z]+)-v(\d+)r(\d+)-(f\d+)", re.IGNORECASE)
_MUE_EFFECTIVE = re.compile(r"Eff_(\d{2})-(\d{2})-(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class _Ptp:
    column1: str
    column2: str
    effective_start: dt.date
    effective_end: dt.date | None
    before_1996: bool
    modifier_indicator: str
    rationale: str


@dataclass(frozen=True)
class _Mue:
    code: str
    units: int
    indicator: str
    rationale: str


class _Problems:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_PROBLEMS:
            self.errors.setdefault(_("line %(line)s") % {"line": line} if line else "file", []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            if self.count > MAX_PROBLEMS:
                self.errors.setdefault("file", []).append(
                    _("%(count)s problems in all; the first %(shown)s are shown.")
                    % {"count": self.count, "shown": MAX_PROBLEMS}
                )
            raise ValidationFailed(self.errors)


def _date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _rows(path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each record; the line number is where the record ends."""
    try:
        with path.open(encoding=ENCODING, newline="") as handle:
            if delimiter == "\t":  # CMS's tab-separated files quote nothing
                reader = csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE)
            else:
                reader = csv.reader(handle, delimiter=delimiter)
            for cells in reader:
                yield reader.line_num, [cell.strip() for cell in cells]
    except OSError as exc:
        raise ValidationFailed(
            {"file": [_("The file cannot be read: %(reason)s.") % {"reason": exc.strerror or exc}]}
        ) from exc
    except csv.Error as exc:
        raise ValidationFailed({"file": [_("The file is not valid CSV: %(reason)s.") % {"reason": exc}]}) from exc


def ptp_parse(path: Path) -> list[_Ptp]:
    """The edits of a PTP file, or ``ValidationFailed`` naming every bad line (up to 50)."""
    problems = _Problems()
    edits: list[_Ptp] = []
    first_line: dict[tuple[str, str, dt.date], int] = {}
    started = False
    for number, cells in _rows(path, "\t"):
        if not any(cells):
            continue
        if not started:
            if not _CODE.match(cells[0].upper()):
                continue  # the header lines before the first edit
            started = True
        if len(cells) < 6:
            problems.add(number, _("Expected 7 tab-separated columns, found %(found)s.") % {"found": len(cells)})
            continue
        column1, column2, prior, start_text, end_text, indicator = (cell.upper() for cell in cells[:6])
        rationale = cells[6] if len(cells) > 6 else ""
        bad: list[str] = []
        if not _CODE.match(column1):
            bad.append(_("Column 1 %(code)r is not a five-character procedure code.") % {"code": column1})
        if not _CODE.match(column2):
            bad.append(_("Column 2 %(code)r is not a five-character procedure code.") % {"code": column2})
        if prior not in ("", "*"):
            bad.append(_("The 'prior to 1996' column is %(value)r; expected '*' or empty.") % {"value": prior})
        start = _date(start_text)
        if start is None:
            bad.append(_("Effective date %(value)r is not a date YYYYMMDD.") % {"value": start_text})
        end = None if end_text == "*" else _date(end_text)
        if end_text != "*" and end is None:
            bad.append(_("Deletion date %(value)r is not a date YYYYMMDD or '*'.") % {"value": end_text})
        elif start is not None and end is not None and end < start:
            bad.append(
                _("Deletion date %(end)s is before the effective date %(start)s.") % {"end": end, "start": start}
            )
        if indicator not in ModifierIndicator.values:
            bad.append(_("Modifier indicator %(value)r is not 0, 1 or 9.") % {"value": indicator})
        for message in bad:
            problems.add(number, message)
        if bad:
            continue
        assert start is not None
        key = (column1, column2, start)
        if key in first_line:
            problems.add(
                number,
                _("The edit %(c1)s/%(c2)s from %(start)s is also on line %(line)s.")
                % {"c1": column1, "c2": column2, "start": start, "line": first_line[key]},
            )
            continue
        first_line[key] = number
        edits.append(_Ptp(column1, column2, start, end, prior == "*", indicator, rationale[:200]))
    problems.raise_if_any()
    if not edits:
        raise ValidationFailed({"file": [_("The file holds no procedure-to-procedure edits.")]})
    return edits


def mue_parse(path: Path) -> list[_Mue]:
    """The edits of an MUE file, or ``ValidationFailed`` naming every bad line (up to 50)."""
    problems = _Problems()
    edits: list[_Mue] = []
    first_line: dict[str, int] = {}
    header = False
    for number, cells in _rows(path, ","):
        if not any(cells):
            continue
        if not header:
            header = cells[0].upper().startswith("HCPCS")
            continue  # the notice before the header, and the header itself
        if len(cells) < 3:
            problems.add(number, _("Expected 4 columns, found %(found)s.") % {"found": len(cells)})
            continue
        code, value, indicator_text = cells[0].upper(), cells[1], cells[2]
        rationale = cells[3] if len(cells) > 3 else ""
        bad: list[str] = []
        if not _CODE.match(code):
            bad.append(_("Code %(code)r is not a five-character procedure code.") % {"code": code})
        if not value.isdigit():
            bad.append(_("MUE value %(value)r is not a whole number of units.") % {"value": value})
        indicator = indicator_text[:1]
        if indicator not in MueIndicator.values or (len(indicator_text) > 1 and indicator_text[1] != " "):
            bad.append(_("Adjudication indicator %(value)r does not start with 1, 2 or 3.") % {"value": indicator_text})
        for message in bad:
            problems.add(number, message)
        if bad:
            continue
        if code in first_line:
            problems.add(
                number, _("Code %(code)s is also on line %(line)s.") % {"code": code, "line": first_line[code]}
            )
            continue
        first_line[code] = number
        edits.append(_Mue(code, int(value), indicator, rationale[:200]))
    if not header:
        problems.add(0, _("No header line starting with 'HCPCS' was found: is this a CMS MUE file?"))
    problems.raise_if_any()
    if not edits:
        raise ValidationFailed({"file": [_("The file holds no medically unlikely edits.")]})
    return edits


def ptp_part(path: Path) -> tuple[str, str]:
    """(part, release) from a CMS file name: ``ccipra-v322r0-f1.txt`` → (``ccipra-f1``, ``v32.2r0 f1``)."""
    found = _PTP_NAME.match(path.name)
    if found is None:
        return path.stem.lower()[:60], ""
    kind, version, revision, part = (g.lower() for g in found.groups())
    return f"{kind}-{part}", f"v{version[:-1]}.{version[-1]}r{revision} {part}"


def mue_effective(path: Path) -> dt.date | None:
    """The effective date in a CMS MUE file name (``…_Eff_07-01-2026…``), if there is one."""
    found = _MUE_EFFECTIVE.search(path.name)
    if found is None:
        return None
    month, day, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _record(
    *, kind: EditFile, path: Path, file_format: str, release: str, user: User | None, source: LoadSource,
    counts: dict[str, int],
) -> CodeLoad:  # fmt: skip
    return CodeLoad.objects.create(
        system=kind,
        file_format=file_format,
        file_name=path.name[:255],
        file_sha256=file_sha256(path),
        loaded_by=user,
        source=source,
        release=release[:60],
        **counts,
    )


def ptp_file_load(
    *, path: Path, part: str | None = None, user: User | None = None, source: LoadSource = LoadSource.COMMAND
) -> CodeLoad:
    """Load one CMS PTP file: its part's rows are replaced by the file's, all or nothing.

    The counts compare with the part's rows before: added and changed edits, edits newly deleted
    (``terminated``, a deletion date given or the edit gone from the file) and unchanged ones. A bad file raises
    ``ValidationFailed`` naming its lines, and nothing changes.
    """
    started = time.perf_counter()
    edits = ptp_parse(path)
    named_part, release = ptp_part(path)
    part = (part or named_part)[:60]
    with transaction.atomic():
        before = {
            (e.column1, e.column2, e.effective_start): e
            for e in PtpEdit.objects.filter(part=part).only(
                "column1", "column2", "effective_start", "effective_end", "before_1996", "modifier_indicator",
                "rationale",
            )
        }  # fmt: skip
        clash = (
            PtpEdit.objects.exclude(part=part)
            .filter(column1__in={e.column1 for e in edits})
            .values_list("column1", "column2", "effective_start", "part")
        )
        keys = {(e.column1, e.column2, e.effective_start) for e in edits}
        clashes = [row for row in clash.iterator(chunk_size=5000) if row[:3] in keys]
        if clashes:
            c1, c2, start, other = clashes[0]
            raise ValidationFailed(
                {
                    "file": [
                        _(
                            "The edit %(c1)s/%(c2)s from %(start)s is already loaded from the file part %(part)s; "
                            "%(count)s edits clash. Is this file the same part under another name?"
                        )
                        % {"c1": c1, "c2": c2, "start": start, "part": other, "count": len(clashes)}
                    ]
                }
            )
        added = changed = terminated = unchanged = 0
        for e in edits:
            old = before.pop((e.column1, e.column2, e.effective_start), None)
            if old is None:
                added += 1
            elif (old.effective_end, old.before_1996, old.modifier_indicator, old.rationale) == (
                e.effective_end, e.before_1996, e.modifier_indicator, e.rationale,
            ):  # fmt: skip
                unchanged += 1
            elif old.effective_end is None and e.effective_end is not None:
                terminated += 1
            else:
                changed += 1
        terminated += len(before)  # gone from the file
        load = _record(
            kind=EditFile.NCCI_PTP, path=path, file_format="ncci-ptp-txt", release=release, user=user,
            source=source,
            counts={"records": len(edits), "added": added, "changed": changed, "terminated": terminated,
                    "unchanged": unchanged},
        )  # fmt: skip
        PtpEdit.objects.filter(part=part).delete()
        PtpEdit.objects.bulk_create(
            (
                PtpEdit(
                    column1=e.column1,
                    column2=e.column2,
                    effective_start=e.effective_start,
                    effective_end=e.effective_end,
                    before_1996=e.before_1996,
                    modifier_indicator=e.modifier_indicator,
                    rationale=e.rationale,
                    part=part,
                    load=load,
                )
                for e in edits
            ),
            batch_size=5000,
        )
        load.seconds = time.perf_counter() - started
        load.save(update_fields=["seconds"])
        transaction.on_commit(ncci_cache_clear)
    ncci_cache_clear()
    return load


def mue_file_load(
    *,
    path: Path,
    effective: dt.date | None = None,
    user: User | None = None,
    source: LoadSource = LoadSource.COMMAND,
) -> CodeLoad:
    """Load one CMS MUE file effective from ``effective`` (default: the date in the file's name).

    The file's rows replace those of the same effective date; each version then ends the day before the next
    version starts. The counts compare with the version in force on that date before the load (the same file
    loaded before, or the one it follows): codes added, changed, dropped (``terminated``) and unchanged. A bad
    file raises ``ValidationFailed`` naming its lines; nothing changes.
    """
    started = time.perf_counter()
    effective = effective or mue_effective(path)
    if effective is None:
        raise ValidationFailed(
            {
                "effective": [
                    _(
                        "The file name has no effective date (such as Eff_07-01-2026): give the date the file "
                        "applies from."
                    )
                ]
            }
        )
    edits = mue_parse(path)
    with transaction.atomic():
        previous = _version_in_force(effective)
        added = changed = unchanged = 0
        for e in edits:
            old = previous.pop(e.code, None)
            if old is None:
                added += 1
            elif (old.units, old.indicator, old.rationale) == (e.units, e.indicator, e.rationale):
                unchanged += 1
            else:
                changed += 1
        load = _record(
            kind=EditFile.MUE, path=path, file_format="mue-csv", release=f"Eff {effective.isoformat()}", user=user,
            source=source,
            counts={"records": len(edits), "added": added, "changed": changed, "terminated": len(previous),
                    "unchanged": unchanged},
        )  # fmt: skip
        MueEdit.objects.filter(effective_start=effective).delete()
        MueEdit.objects.bulk_create(
            (
                MueEdit(
                    code=e.code,
                    units=e.units,
                    indicator=e.indicator,
                    rationale=e.rationale,
                    effective_start=effective,
                    load=load,
                )
                for e in edits
            ),
            batch_size=5000,
        )
        starts = sorted(set(MueEdit.objects.values_list("effective_start", flat=True)))
        for start, after in zip(starts, [*starts[1:], None], strict=True):
            end = after - dt.timedelta(days=1) if after is not None else None
            MueEdit.objects.filter(effective_start=start).exclude(effective_end=end).update(effective_end=end)
        load.seconds = time.perf_counter() - started
        load.save(update_fields=["seconds"])
        transaction.on_commit(ncci_cache_clear)
    ncci_cache_clear()
    return load


def _version_in_force(effective: dt.date) -> dict[str, MueEdit]:
    """The MUE version in force on ``effective`` before this load (the same file loaded before, or the one it
    follows), by code."""
    latest = (
        MueEdit.objects.filter(effective_start__lte=effective)
        .order_by("-effective_start")
        .values_list("effective_start", flat=True)
        .first()
    )
    if latest is None:
        return {}
    return {m.code: m for m in MueEdit.objects.filter(effective_start=latest)}
