"""Reading the code lists: which version is in force on a date, a version's history and its differences from
the one before, and every listed code of a line of business in one view (the No-Auth list and each vendor's).

Code lists are plan reference data, not member data: nothing here is access-scoped or audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portico.codes.list_services import LIST_SYSTEMS
from portico.codes.models import (
    Code,
    CodeList,
    CodeListEntry,
    CodeListVersion,
    CodeSystem,
    ListKind,
    ReviewVendor,
    VersionStatus,
)
from portico.common.dates import today
from portico.plans.models import LineOfBusiness

IN_CHUNK = 2000  # codes per IN (...) lookup: well under every database's parameter limit


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def lines_of_business() -> list[LineOfBusiness]:
    return list(LineOfBusiness.objects.order_by("name"))


def line_of_business_by_code(code: str) -> LineOfBusiness | None:
    return LineOfBusiness.objects.filter(code=code.strip().upper()).first() if code.strip() else None


def vendors() -> list[ReviewVendor]:
    return list(ReviewVendor.objects.order_by("name"))


# ---- versions in force --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListInForce:
    """A list and the published version of it that applies on a date, with the last day that version applies."""

    code_list: CodeList
    version: CodeListVersion
    ends: dt.date | None

    @property
    def vendor(self) -> ReviewVendor | None:
        return self.code_list.vendor

    @property
    def label(self) -> str:
        return _("%(list)s, version %(number)s (from %(date)s)") % {
            "list": self.code_list.name,
            "number": self.version.number,
            "date": _day(self.version.effective),
        }


@dataclass(frozen=True)
class LobLists:
    """The lists that decide prior authorization for a line of business on a date of service.

    ``vendors`` holds the lists of vendors reviewing on the date; ``waiting`` the lists of vendors that start
    later (the version that will apply on the vendor's first day), so an answer can say why such a code still
    goes to the plan."""

    line_of_business: LineOfBusiness
    day: dt.date
    no_auth: ListInForce | None
    vendors: list[ListInForce] = field(default_factory=list)
    waiting: list[ListInForce] = field(default_factory=list)

    @property
    def in_force(self) -> list[ListInForce]:
        return ([self.no_auth] if self.no_auth else []) + self.vendors


def _published_by_list(list_ids: Iterable[int]) -> dict[int, list[CodeListVersion]]:
    """Published versions per list, oldest first."""
    by_list: dict[int, list[CodeListVersion]] = {}
    for version in CodeListVersion.objects.filter(
        code_list_id__in=list(list_ids), status=VersionStatus.PUBLISHED
    ).order_by("effective"):
        by_list.setdefault(version.code_list_id, []).append(version)
    return by_list


def _in_force(versions: Sequence[CodeListVersion], day: dt.date) -> tuple[CodeListVersion, dt.date | None] | None:
    """The version of ``versions`` (published, oldest first) that applies on ``day``, and its last day."""
    chosen = None
    for version in versions:
        if version.effective <= day:
            chosen = version
        elif chosen is not None:
            return chosen, version.effective - dt.timedelta(days=1)
        else:
            return None
    return (chosen, None) if chosen is not None else None


def lists_in_force(*, line_of_business: LineOfBusiness, day: dt.date) -> LobLists:
    """The No-Auth list and the vendor lists in force for the line of business on the date of service."""
    code_lists = list(
        CodeList.objects.filter(line_of_business=line_of_business).select_related("vendor", "line_of_business")
    )
    published = _published_by_list(c.pk for c in code_lists)
    no_auth = None
    active: list[ListInForce] = []
    waiting: list[ListInForce] = []
    for code_list in code_lists:
        versions = published.get(code_list.pk, [])
        vendor = code_list.vendor
        if code_list.kind == ListKind.NO_AUTH:
            found = _in_force(versions, day)
            if found:
                no_auth = ListInForce(code_list=code_list, version=found[0], ends=found[1])
            continue
        assert vendor is not None
        if vendor.active_on(day):
            found = _in_force(versions, day)
            if found:
                active.append(ListInForce(code_list=code_list, version=found[0], ends=found[1]))
        elif day < vendor.starts:
            found = _in_force(versions, vendor.starts)
            if found:
                waiting.append(ListInForce(code_list=code_list, version=found[0], ends=found[1]))
    order = lambda item: (item.code_list.vendor.name if item.code_list.vendor else "", item.code_list.pk)  # noqa: E731
    return LobLists(
        line_of_business=line_of_business,
        day=day,
        no_auth=no_auth,
        vendors=sorted(active, key=order),
        waiting=sorted(waiting, key=order),
    )


def version_in_force(*, code_list: CodeList, day: dt.date, exclude_id: int | None = None) -> CodeListVersion | None:
    """The published version of the list that applies on ``day`` (leaving out ``exclude_id``)."""
    rows = CodeListVersion.objects.filter(code_list=code_list, status=VersionStatus.PUBLISHED, effective__lte=day)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return rows.order_by("-effective").first()


def version_ends(*, version: CodeListVersion) -> dt.date | None:
    """The last day a published version applies: the day before the next published version takes effect."""
    following = (
        CodeListVersion.objects.filter(
            code_list_id=version.code_list_id, status=VersionStatus.PUBLISHED, effective__gt=version.effective
        )
        .order_by("effective")
        .first()
    )
    return following.effective - dt.timedelta(days=1) if following else None


def code_descriptions(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Code]:
    """The loaded Code for each (system, code) pair that has one."""
    wanted: dict[str, set[str]] = {}
    for system, code in pairs:
        wanted.setdefault(system, set()).add(code)
    found: dict[tuple[str, str], Code] = {}
    for system, codes in wanted.items():
        ordered = sorted(codes)
        for start in range(0, len(ordered), IN_CHUNK):
            for row in Code.objects.filter(system=system, code__in=ordered[start : start + IN_CHUNK]):
                found[(row.system, row.code)] = row
    return found


# ---- the staff side: lists, history, differences ----------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    version: CodeListVersion
    codes: int
    ends: dt.date | None
    in_force_today: bool


@dataclass(frozen=True)
class ListSummary:
    code_list: CodeList
    current: VersionRow | None
    next_version: CodeListVersion | None
    drafts: int


def code_list_history(*, code_list: CodeList) -> list[VersionRow]:
    """Every version of the list, newest effective date first, with the span each published one applies to."""
    versions = list(
        CodeListVersion.objects.filter(code_list=code_list)
        .select_related("uploaded_by", "published_by")
        .annotate(code_count=Count("entries"))
        .order_by("-effective", "-number")
    )
    published = sorted((v for v in versions if v.status == VersionStatus.PUBLISHED), key=lambda v: v.effective)
    current = today()
    found = _in_force(published, current)
    rows = []
    for version in versions:
        ends = None
        if version.status == VersionStatus.PUBLISHED:
            later = [v for v in published if v.effective > version.effective]
            ends = later[0].effective - dt.timedelta(days=1) if later else None
        rows.append(
            VersionRow(
                version=version,
                codes=version.code_count,
                ends=ends,
                in_force_today=found is not None and found[0].pk == version.pk,
            )
        )
    return rows


def code_lists_overview() -> list[ListSummary]:
    """Every list, with the version in force today, the next scheduled one and how many drafts wait."""
    code_lists = list(
        CodeList.objects.select_related("line_of_business", "vendor").order_by(
            "line_of_business__name", "kind", "vendor__name"
        )
    )
    published = _published_by_list(c.pk for c in code_lists)
    drafts = dict(
        CodeListVersion.objects.filter(status=VersionStatus.DRAFT)
        .values_list("code_list_id")
        .annotate(n=Count("id"))
        .values_list("code_list_id", "n")
    )
    current_day = today()
    in_force = {}
    for code_list in code_lists:
        found = _in_force(published.get(code_list.pk, []), current_day)
        if found:
            in_force[code_list.pk] = found
    counts = dict(
        CodeListEntry.objects.filter(version_id__in=[found[0].pk for found in in_force.values()])
        .values_list("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )
    summaries = []
    for code_list in code_lists:
        found = in_force.get(code_list.pk)
        current = (
            VersionRow(version=found[0], codes=counts.get(found[0].pk, 0), ends=found[1], in_force_today=True)
            if found
            else None
        )
        upcoming = [v for v in published.get(code_list.pk, []) if v.effective > current_day]
        summaries.append(
            ListSummary(
                code_list=code_list,
                current=current,
                next_version=upcoming[0] if upcoming else None,
                drafts=drafts.get(code_list.pk, 0),
            )
        )
    return summaries


@dataclass(frozen=True)
class EntryLine:
    system: str
    code: str
    category: str
    note: str
    description: str


@dataclass(frozen=True)
class EntryChange:
    system: str
    code: str
    description: str
    category_before: str
    category_after: str
    note_before: str
    note_after: str


@dataclass(frozen=True)
class EntryWarning:
    system: str
    code: str
    message: str


@dataclass(frozen=True)
class VersionDiff:
    """A version against the published version in force on its effective date (its ``base``)."""

    version: CodeListVersion
    base: CodeListVersion | None
    added: list[EntryLine]
    removed: list[EntryLine]
    changed: list[EntryChange]
    unchanged: int
    total: int
    warnings: list[EntryWarning]
    notices: list[str]
    categories: list[tuple[str, int]]
    ends: dt.date | None

    @property
    def publishable(self) -> bool:
        return self.version.status == VersionStatus.DRAFT and not self.blocked_by

    @property
    def blocked_by(self) -> CodeListVersion | None:
        if self.version.status != VersionStatus.DRAFT:
            return None
        return (
            CodeListVersion.objects.filter(
                code_list_id=self.version.code_list_id, status=VersionStatus.PUBLISHED, effective=self.version.effective
            )
            .exclude(pk=self.version.pk)
            .first()
        )


def version_of(*, version_id: int) -> CodeListVersion | None:
    return (
        CodeListVersion.objects.select_related(
            "code_list", "code_list__line_of_business", "code_list__vendor", "uploaded_by", "published_by"
        )
        .filter(pk=version_id)
        .first()
    )


def code_list_of(*, list_id: int) -> CodeList | None:
    return CodeList.objects.select_related("line_of_business", "vendor").filter(pk=list_id).first()


def version_entries(*, version: CodeListVersion) -> list[CodeListEntry]:
    return list(CodeListEntry.objects.filter(version=version).order_by("system", "code"))


def _code_warning(code: Code, effective: dt.date) -> str | None:
    if code.terminated and code.terminated < effective:
        return _("%(code)s was terminated on %(date)s, before this version takes effect.") % {
            "code": code.display,
            "date": _day(code.terminated),
        }
    if code.effective and code.effective > effective:
        return _("%(code)s takes effect on %(date)s, after this version does.") % {
            "code": code.display,
            "date": _day(code.effective),
        }
    if not code.billable:
        return _("%(code)s is a header, not a billable code.") % {"code": code.display}
    return None


def version_diff(*, version: CodeListVersion) -> VersionDiff:
    """What the version adds, removes and changes against the published version in force on its effective
    date, and what to look at before publishing it (codes not loaded or not valid on the date, new categories,
    dates in the past)."""
    base = version_in_force(code_list=version.code_list, day=version.effective, exclude_id=version.pk)
    entries = {(e.system, e.code): e for e in version_entries(version=version)}
    before = {(e.system, e.code): e for e in version_entries(version=base)} if base else {}
    loaded = code_descriptions([*entries, *before])

    def description(key: tuple[str, str], entry: CodeListEntry) -> str:
        found = loaded.get(key)
        return found.short_description if found else ""

    def line(key: tuple[str, str], entry: CodeListEntry) -> EntryLine:
        return EntryLine(
            system=entry.system,
            code=entry.code,
            category=entry.category,
            note=entry.note,
            description=description(key, entry),
        )

    added = [line(k, e) for k, e in sorted(entries.items()) if k not in before]
    removed = [line(k, e) for k, e in sorted(before.items()) if k not in entries]
    changed = []
    unchanged = 0
    for key, entry in sorted(entries.items()):
        old = before.get(key)
        if old is None:
            continue
        if (old.category, old.note) == (entry.category, entry.note):
            unchanged += 1
            continue
        changed.append(
            EntryChange(
                system=entry.system,
                code=entry.code,
                description=description(key, entry),
                category_before=old.category,
                category_after=entry.category,
                note_before=old.note,
                note_after=entry.note,
            )
        )
    notices: list[str] = []
    warnings: list[EntryWarning] = []
    systems_loaded = {system for system in LIST_SYSTEMS if Code.objects.filter(system=system).exists()}
    unloaded_systems = sorted({system for system, _code in entries} - systems_loaded)
    for system in unloaded_systems:
        notices.append(
            _("No %(system)s codes are loaded, so this version's %(system)s codes could not be checked.")
            % {"system": CodeSystem(system).label}
        )
    for key, entry in sorted(entries.items()):
        found = loaded.get(key)
        if found is None:
            if entry.system in systems_loaded:
                warnings.append(
                    EntryWarning(
                        system=entry.system,
                        code=entry.code,
                        message=_("%(code)s is not among the loaded %(system)s codes.")
                        % {"code": entry.code, "system": CodeSystem(entry.system).label},
                    )
                )
            continue
        problem = _code_warning(found, version.effective)
        if problem:
            warnings.append(EntryWarning(system=entry.system, code=entry.code, message=problem))
    categories: dict[str, int] = {}
    for entry in entries.values():
        categories[entry.category] = categories.get(entry.category, 0) + 1
    vendor = version.code_list.vendor
    if vendor is not None and base is not None:
        new = sorted(set(categories) - {e.category for e in before.values()})
        if new:
            notices.append(
                _("New categories, not on version %(number)s: %(names)s. Check the spelling.")
                % {"number": base.number, "names": ", ".join(new)}
            )
    if vendor is not None and version.effective < vendor.starts:
        notices.append(
            _("%(vendor)s reviews dates of service from %(date)s: before then these codes stay with the plan.")
            % {"vendor": vendor.name, "date": _day(vendor.starts)}
        )
    if version.status == VersionStatus.DRAFT and version.effective < today():
        notices.append(
            _(
                "This version takes effect on a past date: once published, answers for dates of service from %(date)s "
                "follow it."
            )
            % {"date": _day(version.effective)}
        )
    following = (
        CodeListVersion.objects.filter(
            code_list_id=version.code_list_id, status=VersionStatus.PUBLISHED, effective__gt=version.effective
        )
        .order_by("effective")
        .first()
    )
    ends = following.effective - dt.timedelta(days=1) if following else None
    if following is not None and version.status == VersionStatus.DRAFT:
        notices.append(
            _("Version %(number)s takes effect on %(date)s, so this version would apply only through %(end)s.")
            % {"number": following.number, "date": _day(following.effective), "end": _day(ends)}  # type: ignore[arg-type]
        )
    return VersionDiff(
        version=version,
        base=base,
        added=added,
        removed=removed,
        changed=changed,
        unchanged=unchanged,
        total=len(entries),
        warnings=warnings,
        notices=notices,
        categories=sorted(categories.items()),
        ends=ends,
    )


# ---- the provider side: every listed code of a line of business on a date ------------------------------


@dataclass(frozen=True)
class ListedCode:
    """One code as the requirement check would answer it: No-Auth, or a vendor's (with the category)."""

    system: str
    code: str
    display: str
    description: str
    kind: str  # ListKind
    vendor: ReviewVendor | None
    category: str
    note: str
    source: ListInForce


@dataclass(frozen=True)
class BrowseResult:
    lists: LobLists
    rows: list[ListedCode]
    total: int


def _matches(row: ListedCode, words: list[str]) -> bool:
    haystack = " ".join((row.code, row.display, row.description, row.category, row.note)).lower()
    return all(word in haystack for word in words)


def listed_codes(*, line_of_business: LineOfBusiness, day: dt.date, q: str = "", show: str = "") -> BrowseResult:
    """Every code on the lists in force for the line of business on the date, each with what it means — the
    No-Auth list first (a code on it needs no authorization even if a vendor lists it too), then each vendor
    reviewing on that date. ``q`` matches codes and words of descriptions, categories and notes; ``show`` is
    ``no_auth`` or ``vendor:<key>`` to keep one list."""
    lists = lists_in_force(line_of_business=line_of_business, day=day)
    chosen: dict[tuple[str, str], tuple[CodeListEntry, ListInForce]] = {}
    sources = lists.in_force
    entries = CodeListEntry.objects.filter(version_id__in=[s.version.pk for s in sources])
    by_version = {s.version.pk: s for s in sources}
    rank = {s.version.pk: index for index, s in enumerate(sources)}
    for entry in sorted(entries, key=lambda e: rank[e.version_id]):
        chosen.setdefault((entry.system, entry.code), (entry, by_version[entry.version_id]))
    loaded = code_descriptions(chosen)
    rows = []
    for key, (entry, source) in sorted(chosen.items(), key=lambda item: (item[0][1], item[0][0])):
        code = loaded.get(key)
        rows.append(
            ListedCode(
                system=entry.system,
                code=entry.code,
                display=code.display if code else entry.code,
                description=code.short_description if code else "",
                kind=source.code_list.kind,
                vendor=source.vendor,
                category=entry.category,
                note=entry.note,
                source=source,
            )
        )
    total = len(rows)
    if show == ListKind.NO_AUTH:
        rows = [r for r in rows if r.kind == ListKind.NO_AUTH]
    elif show.startswith("vendor:"):
        vendor_key = show.removeprefix("vendor:")
        rows = [r for r in rows if r.vendor is not None and r.vendor.key == vendor_key]
    words = [w for w in q.lower().replace(",", " ").split() if w]
    if words:
        rows = [r for r in rows if _matches(r, words)]
    return BrowseResult(lists=lists, rows=rows, total=total)


def entries_for_codes(
    *, sources: Sequence[ListInForce], codes: Iterable[str]
) -> dict[int, dict[str, list[CodeListEntry]]]:
    """For each version among ``sources``, its entries for the given (normalized) codes, by code."""
    wanted = sorted(set(codes))
    found: dict[int, dict[str, list[CodeListEntry]]] = {s.version.pk: {} for s in sources}
    if not wanted or not sources:
        return found
    rows = CodeListEntry.objects.filter(Q(version_id__in=list(found)) & Q(code__in=wanted))
    for entry in rows:
        found[entry.version_id].setdefault(entry.code, []).append(entry)
    return found
