"""Loading a code file into the code sets: all of it in one transaction, or nothing, and always recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.codes.formats.base import CodeFile, CodeFileError, CodeRecord, LineProblem
from portico.codes.formats.registry import reader_for
from portico.codes.models import Code, CodeLoad, CodeSystem, LoadSource
from portico.codes.search import search_index_refresh
from portico.common.errors import ValidationFailed

COMPARED = (
    "display",
    "short_description",
    "long_description",
    "effective",
    "terminated",
    "billable",
    "parent",
    "chapter",
    "replaced_by",
    "attributes",
    "search_text",
)


def file_sha256(path: Path) -> str:
    if not path.is_file():
        return ""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def search_text_for(record: CodeRecord) -> str:
    """What the full-text index sees: the code both ways, and its descriptions once each."""
    words = [record.display, record.code, record.short_description]
    if record.long_description and record.long_description.lower() != record.short_description.lower():
        words.append(record.long_description)
    return " ".join(word for word in words if word)


def _problems_to_errors(problems: Iterable[LineProblem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(f"line {problem.line}" if problem.line else "file", []).append(problem.message)
    return errors


def _field_values(record: CodeRecord, existing: Code | None, *, default_effective: dt.date | None) -> dict[str, Any]:
    effective = record.effective
    if effective is None:
        effective = existing.effective if existing is not None else default_effective
    return {
        "display": record.display or record.code,
        "short_description": record.short_description[:200],
        "long_description": record.long_description,
        "effective": effective,
        "terminated": record.terminated,
        "billable": record.billable,
        "parent": record.parent,
        "chapter": record.chapter[:200],
        "replaced_by": record.replaced_by[:60],
        "attributes": record.attributes,
        "search_text": search_text_for(record),
    }


def _load_system(*, system: str, records: list[CodeRecord], code_file: CodeFile, using: str) -> dict[str, int]:
    existing = {row.code: row for row in Code.objects.using(using).filter(system=system)}
    # A code that first appears in a complete release after an earlier one starts on that release's date;
    # in the first load of a system, codes without a date have always been valid.
    default_effective = code_file.release_effective if (existing and code_file.complete) else None
    to_create: list[Code] = []
    to_update: list[Code] = []
    unchanged = terminated = 0
    seen: set[str] = set()
    for record in records:
        seen.add(record.code)
        row = existing.get(record.code)
        values = _field_values(record, row, default_effective=default_effective)
        if row is None:
            to_create.append(Code(system=system, code=record.code, **values))
            continue
        if all(getattr(row, name) == values[name] for name in COMPARED):
            unchanged += 1
            continue
        if values["terminated"] is not None and row.terminated != values["terminated"]:
            terminated += 1
        for name, value in values.items():
            setattr(row, name, value)
        to_update.append(row)
    if code_file.complete and code_file.release_effective is not None:
        last_day = code_file.release_effective - dt.timedelta(days=1)
        for code, row in existing.items():
            if code in seen or row.terminated is not None:
                continue
            if row.effective is not None and row.effective > last_day:
                row.effective = None
            row.terminated = last_day
            to_update.append(row)
            terminated += 1
    Code.objects.using(using).bulk_create(to_create, batch_size=2000)
    Code.objects.using(using).bulk_update(to_update, [*COMPARED], batch_size=1000)
    return {
        "records": len(records),
        "added": len(to_create),
        "changed": len(to_update) - terminated,
        "terminated": terminated,
        "unchanged": unchanged,
    }


def code_file_load(
    *,
    system: str,
    path: Path,
    file_format: str | None = None,
    file_name: str | None = None,
    user: User | None = None,
    source: LoadSource = LoadSource.COMMAND,
    using: str = "default",
) -> list[CodeLoad]:
    """Load one official code file into ``system``: codes are added, changed or terminated, all or nothing.

    Returns one load record per code system the file holds (an HCPCS file holds modifiers too). Loading the
    same file again changes nothing and says so. A malformed file raises ``ValidationFailed`` naming its bad
    lines, and nothing is written.
    """
    if system not in CodeSystem.values:
        raise ValidationFailed(
            {
                "system": [
                    _("Unknown code system %(system)s; one of %(known)s.")
                    % {"system": system, "known": ", ".join(CodeSystem.values)}
                ]
            }
        )
    started = time.perf_counter()
    try:
        format_name, reader = reader_for(system, path, file_format)
        code_file = reader(path)
        records = list(code_file.records)
    except CodeFileError as exc:
        raise ValidationFailed(_problems_to_errors(exc.problems)) from exc
    except OSError as exc:
        raise ValidationFailed(
            {"file": [_("The file cannot be read: %(reason)s.") % {"reason": exc.strerror or exc}]}
        ) from exc
    if not records:
        raise ValidationFailed({"file": [_("The file holds no codes.")]})
    by_system: dict[str, list[CodeRecord]] = {}
    for record in records:
        by_system.setdefault(record.system or system, []).append(record)
    duplicates = [
        LineProblem(
            0,
            _("%(system)s code %(code)s appears more than once in the file.")
            % {"system": CodeSystem(other).label, "code": record.display or record.code},
        )
        for other, group in by_system.items()
        for record in _duplicates(group)
    ]
    if duplicates:
        raise ValidationFailed(_problems_to_errors(duplicates))
    digest = file_sha256(path)
    loads: list[CodeLoad] = []
    with transaction.atomic(using=using):
        for each_system, group in by_system.items():
            counts = _load_system(system=each_system, records=group, code_file=code_file, using=using)
            loads.append(
                CodeLoad.objects.using(using).create(
                    system=each_system,
                    file_format=format_name,
                    file_name=(file_name or path.name)[:255],
                    file_sha256=digest,
                    loaded_by=user,
                    source=source,
                    release=code_file.release[:60],
                    seconds=0.0,
                    **counts,
                )
            )
        search_index_refresh(using=using)
        seconds = time.perf_counter() - started
        CodeLoad.objects.using(using).filter(pk__in=[load.pk for load in loads]).update(seconds=seconds)
    for load in loads:
        load.seconds = seconds
    return loads


def _duplicates(records: list[CodeRecord]) -> list[CodeRecord]:
    seen: set[str] = set()
    repeated: list[CodeRecord] = []
    for record in records:
        if record.code in seen:
            repeated.append(record)
        seen.add(record.code)
    return repeated
