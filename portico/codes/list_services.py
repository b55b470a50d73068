"""Writing the code lists that route prior authorization: upload a version as a draft, publish it, discard it.

A version is uploaded as a CSV file (``code,system,category,note``; see ``docs/prior-auth-requirements.md``).
The whole file is checked before anything is saved: one bad line rejects the file, every bad line is named,
and nothing is written. A draft becomes the list for dates of service from its effective date once it is
published; published versions are never edited, a later version supersedes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.codes.checks import systems_for_shape
from portico.codes.formats.base import normalize_code
from portico.codes.models import (
    CodeList,
    CodeListEntry,
    CodeListVersion,
    CodeSystem,
    ListKind,
    ReviewVendor,
    VersionStatus,
)
from portico.common.dates import add_months, today
from portico.common.errors import DomainError, ValidationFailed
from portico.plans.models import LineOfBusiness

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_MESSAGES = 50  # bad lines named one by one; beyond this, a count
COLUMNS = ("code", "system", "category", "note")
# Service lines carry procedure codes: a list holds CPT and HCPCS Level II codes.
LIST_SYSTEMS: tuple[str, ...] = (CodeSystem.CPT, CodeSystem.HCPCS)
SYSTEM_NAMES: dict[str, str] = {
    "cpt": CodeSystem.CPT,
    "cpt4": CodeSystem.CPT,
    "cpt-4": CodeSystem.CPT,
    "hcpcs": CodeSystem.HCPCS,
    "hcpcs2": CodeSystem.HCPCS,
    "hcpcs ii": CodeSystem.HCPCS,
    "hcpcs level ii": CodeSystem.HCPCS,
}
SHAPES: dict[str, re.Pattern[str]] = {
    CodeSystem.CPT: re.compile(r"^[0-9]{4}[0-9FTUM]$"),
    CodeSystem.HCPCS: re.compile(r"^[A-V][0-9]{4}$"),
}
CATEGORY_MAX = CodeListEntry._meta.get_field("category").max_length or 80
ENTRY_NOTE_MAX = CodeListEntry._meta.get_field("note").max_length or 200
VERSION_NOTE_MAX = CodeListVersion._meta.get_field("note").max_length or 300
_DASHED = re.compile("\\s*[-\u2013]\\s*")  # a hyphen or an en dash
EARLIEST_EFFECTIVE = dt.date(2000, 1, 1)
LATEST_EFFECTIVE_YEARS = 3  # a version may be uploaded up to this many years ahead


class ListErrorCode(StrEnum):
    NOT_DRAFT = "version_not_draft"
    EFFECTIVE_TAKEN = "effective_date_taken"


@dataclass(frozen=True, slots=True)
class ListRow:
    """One code of an uploaded file, as it will be stored."""

    line: int
    system: str
    code: str
    category: str
    note: str


def code_list_name(*, line_of_business: LineOfBusiness, vendor: ReviewVendor | None) -> str:
    """The list's stored name, in the site's language whoever uploads first (a name is data, shown to all)."""
    with translation.override(settings.LANGUAGE_CODE):
        if vendor is None:
            return _("%(lob)s No-Auth list") % {"lob": line_of_business.name}
        return _("%(lob)s %(vendor)s list") % {"lob": line_of_business.name, "vendor": vendor.name}


def _decode(content: bytes) -> str:
    """UTF-8 (with or without the byte-order mark spreadsheets write); Windows-1252 as saved by older Excel."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            {"file": [_("The file is not text: save it as CSV (UTF-8) and upload it again.")]}
        ) from exc


def _system_for(code: str, written_system: str) -> tuple[str | None, str | None]:
    """(system, None) or (None, the problem)."""
    if written_system:
        system = SYSTEM_NAMES.get(written_system.strip().lower())
        if system is None:
            return None, _(
                "the system “%(system)s” is not one a list takes: write cpt or hcpcs, or leave it empty."
            ) % {"system": written_system}
        if not SHAPES[system].match(code):
            return None, _("%(code)s is not written like a %(system)s code.") % {
                "code": code,
                "system": CodeSystem(system).label,
            }
        return system, None
    guessed = next((s for s in systems_for_shape(code) if s in LIST_SYSTEMS and SHAPES[s].match(code)), None)
    if guessed is None:
        return None, _(
            "%(code)s is not written like a CPT code (five characters: 99213, 0001F) or a HCPCS Level II "
            "code (a letter and four digits: E0601)."
        ) % {"code": code}
    return guessed, None


def code_list_file_parse(*, content: bytes, vendor_list: bool) -> list[ListRow]:
    """The codes of an uploaded list file, or ValidationFailed naming each bad line under ``file``.

    Rules: a header row with ``code`` (``system``, ``category``, ``note`` optional, in any order); one code a
    line (no ranges); ``system`` cpt or hcpcs, or empty to go by the code's shape; every code once; on a
    vendor list, every code has a category. Blank lines are skipped.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed(
            {"file": [_("The file is larger than %(size)s MB. Split the list or remove unused columns.") % {"size": 2}]}
        )
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ValidationFailed({"file": [_("Line 1: %(problem)s") % {"problem": str(exc)}]}) from exc
    if header is None or not any(cell.strip() for cell in header):
        raise ValidationFailed(
            {"file": [_("The file is empty. The first line names the columns: code,system,category,note.")]}
        )
    names = [cell.strip().lower() for cell in header]
    problems: list[str] = []
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        problems.append(
            _("Line 1: unknown column %(names)s. The columns are code, system, category and note.")
            % {"names": ", ".join(f"“{name}”" for name in unknown)}
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        problems.append(_("Line 1: the column %(names)s appears twice.") % {"names": ", ".join(repeated)})
    if "code" not in names:
        problems.append(
            _(
                "Line 1: the header row has no “code” column. The first line names the columns: "
                "code,system,category,note."
            )
        )
    if problems:
        raise ValidationFailed({"file": problems})
    position = {name: names.index(name) for name in COLUMNS if name in names}

    def cell(row: list[str], name: str) -> str:
        index = position.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    rows: list[ListRow] = []
    seen: dict[tuple[str, str], int] = {}
    count = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(value.strip() for value in row):
                continue
            count += 1
            if count > MAX_ROWS:
                problems.append(_("The file has more than %(rows)s codes: split the list.") % {"rows": f"{MAX_ROWS:,}"})
                break
            if len(row) > len(names):
                problems.append(
                    _("Line %(line)s: %(found)s values for %(expected)s columns (a comma inside a note needs quotes).")
                    % {"line": line, "found": len(row), "expected": len(names)}
                )
                continue
            written = cell(row, "code")
            category = cell(row, "category")
            note = cell(row, "note")
            line_problems = []
            if not written:
                line_problems.append(_("the code is empty."))
            elif _DASHED.search(written):
                after = _DASHED.split(written, maxsplit=1)[1].strip()
                line_problems.append(
                    _("“%(text)s”: a list holds codes without modifiers; write the code alone.") % {"text": written}
                    if len(after) == 2
                    else _("“%(text)s” looks like a range: write each code on its own line.") % {"text": written}
                )
            system: str | None = None
            code = normalize_code(written)
            if written and not line_problems:
                system, problem = _system_for(code, cell(row, "system"))
                if problem:
                    line_problems.append(problem)
            if vendor_list and not category:
                line_problems.append(
                    _("the category is empty: every code on a vendor list needs the vendor's category.")
                )
            if len(category) > CATEGORY_MAX:
                line_problems.append(_("the category is longer than %(max)s characters.") % {"max": CATEGORY_MAX})
            if len(note) > ENTRY_NOTE_MAX:
                line_problems.append(_("the note is longer than %(max)s characters.") % {"max": ENTRY_NOTE_MAX})
            if system is not None and not line_problems:
                first = seen.get((system, code))
                if first is not None:
                    line_problems.append(_("%(code)s is already on line %(first)s.") % {"code": code, "first": first})
                else:
                    seen[(system, code)] = line
            if line_problems:
                problems.extend(_("Line %(line)s: %(problem)s") % {"line": line, "problem": p} for p in line_problems)
                continue
            assert system is not None
            rows.append(ListRow(line=line, system=system, code=code, category=category, note=note))
    except csv.Error as exc:
        problems.append(_("Line %(line)s: %(problem)s") % {"line": reader.line_num, "problem": str(exc)})
    if not rows and not problems:
        problems.append(_("The file has no codes: a list needs at least one."))
    if problems:
        shown = problems[:MAX_MESSAGES]
        if len(problems) > MAX_MESSAGES:
            shown.append(_("… and %(count)s more problems.") % {"count": len(problems) - MAX_MESSAGES})
        raise ValidationFailed({"file": shown})
    return rows


def effective_bounds(*, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    return EARLIEST_EFFECTIVE, add_months(on or today(), 12 * LATEST_EFFECTIVE_YEARS)


def _published_on(code_list: CodeList | None, effective: dt.date) -> CodeListVersion | None:
    if code_list is None or code_list.pk is None:
        return None
    return CodeListVersion.objects.filter(
        code_list=code_list, status=VersionStatus.PUBLISHED, effective=effective
    ).first()


def _taken_message(version: CodeListVersion) -> str:
    return _(
        "Version %(number)s of this list is already published for %(date)s. Choose another effective date "
        "(a version applies until the next one takes effect)."
    ) % {"number": version.number, "date": version.effective.isoformat()}


def code_list_version_upload(
    *,
    line_of_business: LineOfBusiness,
    vendor: ReviewVendor | None,
    effective: dt.date,
    file_name: str,
    content: bytes,
    note: str = "",
    user: User | None,
) -> CodeListVersion:
    """Check the file whole and save it as a new draft version of the line of business's No-Auth list (no
    vendor) or the vendor's list, creating the list on its first upload. Raises ValidationFailed naming
    every bad field or line; then nothing is saved."""
    errors: dict[str, list[str]] = {}
    note = " ".join(note.split())
    if len(note) > VERSION_NOTE_MAX:
        errors["note"] = [_("The note is longer than %(max)s characters.") % {"max": VERSION_NOTE_MAX}]
    earliest, latest = effective_bounds()
    kind = ListKind.VENDOR if vendor is not None else ListKind.NO_AUTH
    existing = CodeList.objects.filter(line_of_business=line_of_business, kind=kind, vendor=vendor).first()
    if not earliest <= effective <= latest:
        errors["effective"] = [
            _("The effective date must be between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        ]
    else:
        taken = _published_on(existing, effective)
        if taken is not None:
            errors["effective"] = [_taken_message(taken)]
    try:
        rows = code_list_file_parse(content=content, vendor_list=vendor is not None)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        rows = []
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        code_list, _created = CodeList.objects.get_or_create(
            line_of_business=line_of_business,
            kind=kind,
            vendor=vendor,
            defaults={"name": code_list_name(line_of_business=line_of_business, vendor=vendor)},
        )
        # The list row is the lock that numbers its versions one at a time.
        CodeList.objects.select_for_update().get(pk=code_list.pk)
        last = CodeListVersion.objects.filter(code_list=code_list).order_by("-number").first()
        version = CodeListVersion.objects.create(
            code_list=code_list,
            number=(last.number + 1) if last else 1,
            effective=effective,
            status=VersionStatus.DRAFT,
            file_name=file_name[:255],
            note=note,
            uploaded_by=user,
        )
        CodeListEntry.objects.bulk_create(
            [
                CodeListEntry(version=version, system=r.system, code=r.code, category=r.category, note=r.note)
                for r in rows
            ],
            batch_size=1000,
        )
    return version


def _locked_draft(version: CodeListVersion) -> CodeListVersion:
    CodeList.objects.select_for_update().get(pk=version.code_list_id)  # fixed order: the list, then the version
    locked = CodeListVersion.objects.select_for_update().select_related("code_list").get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise DomainError(
            _("Version %(number)s is %(status)s, not a draft: only a draft can be published or discarded.")
            % {"number": locked.number, "status": locked.get_status_display().lower()},
            code=ListErrorCode.NOT_DRAFT,
        )
    return locked


def code_list_version_publish(*, version: CodeListVersion, user: User | None) -> CodeListVersion:
    """Make a draft the list for dates of service from its effective date (until the next published version's).
    Raises DomainError if it is not a draft or another version is already published for the same date."""
    try:
        with transaction.atomic():
            locked = _locked_draft(version)
            taken = _published_on(locked.code_list, locked.effective)
            if taken is not None:
                raise DomainError(_taken_message(taken), field="effective", code=ListErrorCode.EFFECTIVE_TAKEN)
            locked.status = VersionStatus.PUBLISHED
            locked.published_at = timezone.now()
            locked.published_by = user
            locked.save(update_fields=["status", "published_at", "published_by"])
    except IntegrityError as exc:  # another publish for the same date won the race
        raise DomainError(
            _("Another version of this list was just published for the same date. Reload the page."),
            field="effective",
            code=ListErrorCode.EFFECTIVE_TAKEN,
        ) from exc
    return locked


def code_list_version_discard(*, version: CodeListVersion, user: User | None) -> CodeListVersion:
    """Set a draft aside for good: it is kept (with its codes) for the record but can no longer be published."""
    with transaction.atomic():
        locked = _locked_draft(version)
        locked.status = VersionStatus.DISCARDED
        locked.save(update_fields=["status"])
    return locked


def review_vendor_ensure(
    *, key: str, name: str, starts: dt.date, phone: str = "", fax: str = "", how_to_submit: str = ""
) -> ReviewVendor:
    """The vendor with this key, created with these details if it is not there yet (existing ones are kept)."""
    vendor, _created = ReviewVendor.objects.get_or_create(
        key=key, defaults={"name": name, "starts": starts, "phone": phone, "fax": fax, "how_to_submit": how_to_submit}
    )
    return vendor
