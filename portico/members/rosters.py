"""PCP rosters: the members assigned to one of an organization's service locations or practitioners on a date.

``roster_params_parse`` turns raw query parameters (page, CSV and PDF downloads) into ``RosterParams`` or
names each bad field; ``roster_for`` checks that the location or practitioner is the organization's own,
reads the roster in a fixed, small number of queries, records one access event per member it lists, and
answers.

Spans are read as the front desk sees them: a member who moves from one practitioner to another at the same
location stays on the location's roster without a break, and coverage that continues in another line of
business does not "end". So "new this month" means the member's unbroken time on this roster began this
month, and "ends this month" means it, or the member's coverage with the plan, stops this month.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.common.access import Actor, access_record, access_record_many
from portico.common.dates import add_months, month_end, month_start, span_contains, today
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction
from portico.members.models import Coverage, PcpAssignment, name_key
from portico.plans.models import LineOfBusiness
from portico.providers.models import Practitioner, ServiceLocation
from portico.providers.queries import location_of, organization_get, practitioner_of

ONE_DAY = dt.timedelta(days=1)
SEARCH_MAX_LENGTH = 80
PAGE_SIZE_MAX = 5000


class RosterFlag(StrEnum):
    """Which flagged members to show."""

    NEW = "new"
    ENDING = "ending"

    @property
    def label(self) -> str:
        return str(FLAG_LABELS[self])


FLAG_LABELS = {
    RosterFlag.NEW: gettext_lazy("New this month"),
    RosterFlag.ENDING: gettext_lazy("Assignment or coverage ends this month"),
}


class RosterSort(StrEnum):
    """Orders a roster can be read in; a leading "-" reverses any of them."""

    NAME = "name"
    MEMBER_ID = "member_id"
    BIRTH_DATE = "birth_date"
    ASSIGNMENT_START = "assignment_start"
    LINE_OF_BUSINESS = "line_of_business"
    PCP = "pcp"


SORT_LABELS = {
    RosterSort.NAME: gettext_lazy("Name"),
    RosterSort.MEMBER_ID: gettext_lazy("Member ID"),
    RosterSort.BIRTH_DATE: gettext_lazy("Date of birth"),
    RosterSort.ASSIGNMENT_START: gettext_lazy("Assignment start"),
    RosterSort.LINE_OF_BUSINESS: gettext_lazy("Line of business"),
    RosterSort.PCP: gettext_lazy("PCP or location"),
}

SORT_VALUES: frozenset[str] = frozenset([s.value for s in RosterSort] + [f"-{s.value}" for s in RosterSort])


def sort_choices() -> list[tuple[str, str]]:
    """Every accepted ``sort`` value with its label, for a select box."""
    choices: list[tuple[str, str]] = []
    for sort in RosterSort:
        label = str(SORT_LABELS[sort])
        choices.append((sort.value, _("%(field)s, ascending") % {"field": label}))
        choices.append((f"-{sort.value}", _("%(field)s, descending") % {"field": label}))
    return choices


def flag_choices() -> list[tuple[str, str]]:
    return [(flag.value, flag.label) for flag in RosterFlag]


def line_of_business_choices() -> list[tuple[str, str]]:
    """(code, name) of every line of business, for the filter."""
    return list(LineOfBusiness.objects.order_by("name").values_list("code", "name"))


# ---- input ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterParams:
    """A roster request, validated: what ``roster_for`` takes, besides the actor."""

    as_of: dt.date
    location_id: int | None = None
    practitioner_id: int | None = None
    line_of_business: str | None = None
    eligible_only: bool = False
    flag: str | None = None
    sort: str = RosterSort.NAME.value
    search: str | None = None
    page: int = 1

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "location_id": self.location_id,
            "practitioner_id": self.practitioner_id,
            "line_of_business": self.line_of_business,
            "eligible_only": self.eligible_only,
            "flag": self.flag,
            "sort": self.sort,
            "search": self.search,
            "page": self.page,
        }


def roster_date_bounds(*, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Dates a roster may be asked for: N months back (12 by default) through the end of next month."""
    day = on or today()
    months = int(settings.PORTICO.get("ROSTER_LOOKBACK_MONTHS", 12))
    return add_months(day, -months), month_end(add_months(month_start(day), 1))


def _parse_id(raw: str, field: str, message: str, errors: dict[str, list[str]]) -> int | None:
    text = raw.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        errors.setdefault(field, []).append(message)
        return None
    return int(text)


def _parse_date(raw: str, errors: dict[str, list[str]]) -> dt.date | None:
    text = raw.strip()
    if not text:
        return today()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors.setdefault("as_of", []).append(_("Enter the as-of date like 2026-03-31 or 03/31/2026."))
    return None


def roster_errors(
    *,
    as_of: dt.date | None,
    location_id: int | None,
    practitioner_id: int | None,
    flag: str | None = None,
    sort: str = RosterSort.NAME.value,
) -> dict[str, list[str]]:
    """What is wrong with a roster request, field by field (empty when nothing is)."""
    errors: dict[str, list[str]] = {}
    if location_id is None and practitioner_id is None:
        errors["location_id"] = [_("Choose a service location or a practitioner.")]
    elif location_id is not None and practitioner_id is not None:
        errors["location_id"] = [_("Choose a service location or a practitioner, not both.")]
    if as_of is not None:
        earliest, latest = roster_date_bounds()
        if not earliest <= as_of <= latest:
            errors["as_of"] = [
                _("The as-of date must be between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            ]
    if flag is not None and flag not in {f.value for f in RosterFlag}:
        errors["flag"] = [_("Choose one of the listed flags.")]
    if sort not in SORT_VALUES:
        errors["sort"] = [_("Choose one of the listed orders.")]
    return errors


def roster_params_parse(data: Mapping[str, str]) -> RosterParams:
    """Validate raw query parameters. Raises ValidationFailed naming every bad field."""
    errors: dict[str, list[str]] = {}
    location_id = _parse_id(
        data.get("location_id", ""), "location_id", _("Choose a service location from the list."), errors
    )
    practitioner_id = _parse_id(
        data.get("practitioner_id", ""), "practitioner_id", _("Choose a practitioner from the list."), errors
    )
    as_of = _parse_date(data.get("as_of", ""), errors)
    flag = data.get("flag", "").strip() or None
    sort = data.get("sort", "").strip() or RosterSort.NAME.value
    search = " ".join(data.get("q", "").split())[:SEARCH_MAX_LENGTH] or None
    page_text = data.get("page", "").strip()
    page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    for field, messages in roster_errors(
        as_of=as_of,
        location_id=location_id,
        practitioner_id=practitioner_id,
        flag=flag,
        sort=sort,
    ).items():
        if field not in errors:
            errors[field] = messages
    if errors:
        raise ValidationFailed(errors)
    assert as_of is not None  # guaranteed by the errors check
    return RosterParams(
        as_of=as_of,
        location_id=location_id,
        practitioner_id=practitioner_id,
        line_of_business=data.get("line_of_business", "").strip() or None,
        eligible_only=data.get("eligible_only", "").strip().lower() in {"1", "true", "on", "yes"},
        flag=flag,
        sort=sort,
        search=search,
        page=max(page, 1),
    )


# ---- the answer -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    """One member on the roster, as of the roster's date."""

    member_id: int
    member_number: str
    last_name: str
    first_name: str
    birth_date: dt.date
    line_of_business: str
    line_of_business_code: str
    practitioner_name: str
    location_name: str
    assignment_start: dt.date
    assignment_end: dt.date | None
    eligible_on_date: bool
    coverage_end: dt.date | None
    new_this_month: bool
    assignment_ends_this_month: bool
    coverage_ends_this_month: bool
    is_synthetic: bool

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def ending_this_month(self) -> bool:
        return self.assignment_ends_this_month or self.coverage_ends_this_month

    def flag_labels(self) -> list[str]:
        """The row's flags as words (for CSV, PDF and screen readers)."""
        labels = []
        if self.new_this_month:
            labels.append(_("New this month"))
        if self.assignment_ends_this_month:
            labels.append(_("Assignment ends this month"))
        if self.coverage_ends_this_month:
            labels.append(_("Coverage ends this month"))
        return labels


@dataclass(frozen=True)
class RosterCounts:
    listed: int
    new_this_month: int
    ending_this_month: int
    not_eligible: int


@dataclass(frozen=True)
class Roster:
    """A roster for one location or one practitioner of one organization on one date; ``rows`` is one page."""

    organization_name: str
    location: ServiceLocation | None
    practitioner: Practitioner | None
    as_of: dt.date
    rows: list[RosterRow]
    total: int
    page: int
    page_count: int
    page_size: int | None
    counts: RosterCounts
    synthetic: bool
    generated_at: dt.datetime

    @property
    def subject_kind(self) -> str:
        return "location" if self.location is not None else "practitioner"

    @property
    def subject_id(self) -> int:
        subject = self.location or self.practitioner
        assert subject is not None  # a roster always has one
        return subject.pk

    @property
    def subject_name(self) -> str:
        if self.location is not None:
            return self.location.name
        assert self.practitioner is not None  # a roster always has one
        return self.practitioner.display_name

    @property
    def first_index(self) -> int:
        """1-based position of the first row of this page (0 when empty)."""
        if not self.rows:
            return 0
        return (self.page - 1) * (self.page_size or self.total) + 1

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.rows) - 1 if self.rows else 0


Span = tuple[dt.date, dt.date | None]


def _unbroken(spans: Sequence[Span], day: dt.date) -> Span | None:
    """The unbroken stretch through ``day`` made of spans that overlap or touch, or None if none covers it."""
    covering = [span for span in spans if span_contains(span[0], span[1], day)]
    if not covering:
        return None
    start = min(s for s, _e in covering)
    end = None if any(e is None for _s, e in covering) else max(e for _s, e in covering if e is not None)
    changed = True
    while changed:
        changed = False
        for s, e in spans:
            if s < start and (e is None or e >= start - ONE_DAY):
                start, changed = s, True
            if end is not None and s <= end + ONE_DAY and (e is None or e > end):
                end, changed = e, True
    return start, end


def _sort_key(sort: RosterSort) -> Callable[[RosterRow], tuple[Any, ...]]:
    def by_name(row: RosterRow) -> tuple[Any, ...]:
        return (name_key(row.last_name), name_key(row.first_name), row.birth_date, row.member_number)

    keys: dict[RosterSort, Callable[[RosterRow], tuple[Any, ...]]] = {
        RosterSort.NAME: by_name,
        RosterSort.MEMBER_ID: lambda row: (row.member_number,),
        RosterSort.BIRTH_DATE: lambda row: (row.birth_date, *by_name(row)),
        RosterSort.ASSIGNMENT_START: lambda row: (row.assignment_start, *by_name(row)),
        RosterSort.LINE_OF_BUSINESS: lambda row: (row.line_of_business.casefold(), *by_name(row)),
        RosterSort.PCP: lambda row: (row.practitioner_name.casefold(), row.location_name, *by_name(row)),
    }
    return keys[sort]


def _matches(row: RosterRow, search: str) -> bool:
    wanted = name_key(search)
    number = search.replace(" ", "").replace("-", "").upper()
    return (
        number in row.member_number.upper()
        or wanted in f"{name_key(row.last_name)} {name_key(row.first_name)}"
        or wanted in f"{name_key(row.first_name)} {name_key(row.last_name)}"
    )


def _filtered(
    rows: Iterable[RosterRow],
    *,
    line_of_business: str | None,
    eligible_only: bool,
    flag: str | None,
    search: str | None,
) -> list[RosterRow]:
    kept = []
    for row in rows:
        if line_of_business and row.line_of_business_code != line_of_business:
            continue
        if eligible_only and not row.eligible_on_date:
            continue
        if flag == RosterFlag.NEW and not row.new_this_month:
            continue
        if flag == RosterFlag.ENDING and not row.ending_this_month:
            continue
        if search and not _matches(row, search):
            continue
        kept.append(row)
    return kept


def _org_id(actor: Actor) -> int:
    if actor.organization_id is None:
        raise NotFound(_("Organization not found."))
    return actor.organization_id


def _subject_of(
    *, actor: Actor, location_id: int | None, practitioner_id: int | None
) -> tuple[ServiceLocation | None, Practitioner | None]:
    """The organization's own location or practitioner asked for; otherwise the attempt is recorded and
    NotFound raised, whether the thing does not exist or belongs to someone else."""
    organization_id = actor.organization_id
    try:
        if organization_id is not None and location_id is not None:
            return location_of(organization_id=organization_id, location_id=location_id), None
        if organization_id is not None and practitioner_id is not None:
            return None, practitioner_of(organization_id=organization_id, practitioner_id=practitioner_id)
    except NotFound:
        pass
    if location_id is not None:
        access_record(actor=actor, action=AccessAction.ROSTER_DENIED, detail=f"requested location {location_id}")
        raise NotFound(_("Service location not found."))
    access_record(actor=actor, action=AccessAction.ROSTER_DENIED, detail=f"requested practitioner {practitioner_id}")
    raise NotFound(_("Practitioner not found."))


def roster_for(
    *,
    actor: Actor,
    as_of: dt.date,
    location_id: int | None = None,
    practitioner_id: int | None = None,
    line_of_business: str | None = None,
    eligible_only: bool = False,
    flag: str | None = None,
    sort: str = RosterSort.NAME.value,
    search: str | None = None,
    page: int = 1,
    page_size: int | None = None,
    action: AccessAction = AccessAction.ROSTER_VIEW,
) -> Roster:
    """The members assigned on ``as_of`` to one of the actor's organization's locations or practitioners.

    Give exactly one of ``location_id`` and ``practitioner_id``. A practitioner's roster lists only their
    assignments at the organization's own locations. A location or practitioner that does not exist and one
    that is not the organization's get the same NotFound, and the attempt is recorded (ROSTER_DENIED).
    Otherwise one ``action`` event (ROSTER_VIEW, or ROSTER_EXPORT for downloads) is recorded per member on
    the returned page. ``page_size`` None returns every row. Bad input raises ValidationFailed, recording
    nothing.
    """
    errors = roster_errors(as_of=as_of, location_id=location_id, practitioner_id=practitioner_id, flag=flag, sort=sort)
    if page_size is not None and not 1 <= page_size <= PAGE_SIZE_MAX:
        errors["page_size"] = [_("The page size must be between 1 and %(max)s.") % {"max": PAGE_SIZE_MAX}]
    if errors:
        raise ValidationFailed(errors)

    location, practitioner = _subject_of(actor=actor, location_id=location_id, practitioner_id=practitioner_id)
    if location is not None:
        subject = Q(location_id=location.pk)
        detail = f"location {location.pk} as of {as_of.isoformat()}"
    else:
        assert practitioner is not None  # _subject_of returns one of the two
        subject = Q(practitioner_id=practitioner.pk, location__organization_id=actor.organization_id)
        detail = f"practitioner {practitioner.pk} as of {as_of.isoformat()}"
    organization = organization_get(organization_id=location.organization_id if location else _org_id(actor))

    first_of_month, last_of_month = month_start(as_of), month_end(as_of)
    horizon = last_of_month + ONE_DAY
    on_roster = PcpAssignment.objects.filter(subject, Q(end__isnull=True) | Q(end__gte=as_of), start__lte=as_of).values(
        "member_id"
    )
    # Every span of those members on this roster up to the first of next month: enough to tell when each
    # member's unbroken time here began, and whether it continues past this month. Plain tuples, not model
    # instances: a panel can hold thousands of members.
    assignments = (
        PcpAssignment.objects.filter(subject, member_id__in=Subquery(on_roster), start__lte=horizon)
        .order_by("member_id", "start", "pk")
        .values_list(
            "member_id",
            "start",
            "end",
            "practitioner_id",
            "practitioner__first_name",
            "practitioner__last_name",
            "practitioner__credentials",
            "location__name",
            "member__member_number",
            "member__last_name",
            "member__first_name",
            "member__birth_date",
            "member__is_synthetic",
        )
    )
    coverages = (
        Coverage.objects.filter(member_id__in=Subquery(on_roster), start__lte=horizon)
        .filter(Q(end__isnull=True) | Q(end__gte=as_of))
        .order_by("member_id", "start", "pk")
        .values_list("member_id", "start", "end", "line_of_business__name", "line_of_business__code")
    )
    assignments_by_member: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for assignment in assignments:
        assignments_by_member[assignment[0]].append(assignment)
    coverages_by_member: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for coverage_span in coverages:
        coverages_by_member[coverage_span[0]].append(coverage_span)
    practitioner_names: dict[int, str] = {}

    rows: list[RosterRow] = []
    for member_id, spans in assignments_by_member.items():
        current = [a for a in spans if span_contains(a[1], a[2], as_of)]
        if not current:
            continue
        # The latest-starting assignment through the date names the PCP (spans are in start order).
        (_m, _s, _e, practitioner_pk, first, last, credentials, location_name, *member) = current[-1]
        if practitioner_pk not in practitioner_names:
            practitioner_names[practitioner_pk] = Practitioner(
                first_name=first, last_name=last, credentials=credentials
            ).display_name
        stretch = _unbroken([(a[1], a[2]) for a in spans], as_of)
        assert stretch is not None  # ``current`` is not empty
        member_coverages = coverages_by_member.get(member_id, [])
        covering = [c for c in member_coverages if span_contains(c[1], c[2], as_of)]
        coverage = covering[-1] if covering else None
        coverage_stretch = _unbroken([(c[1], c[2]) for c in member_coverages], as_of)
        coverage_end = coverage_stretch[1] if coverage_stretch else None
        member_number, last_name, first_name, birth_date, is_synthetic = member
        rows.append(
            RosterRow(
                member_id=member_id,
                member_number=member_number,
                last_name=last_name,
                first_name=first_name,
                birth_date=birth_date,
                line_of_business=coverage[3] if coverage else "",
                line_of_business_code=coverage[4] if coverage else "",
                practitioner_name=practitioner_names[practitioner_pk],
                location_name=location_name,
                assignment_start=stretch[0],
                assignment_end=stretch[1],
                eligible_on_date=coverage is not None,
                coverage_end=coverage_end,
                new_this_month=stretch[0] >= first_of_month,
                assignment_ends_this_month=stretch[1] is not None and stretch[1] <= last_of_month,
                coverage_ends_this_month=coverage_end is not None and coverage_end <= last_of_month,
                is_synthetic=is_synthetic,
            )
        )

    listed = _filtered(rows, line_of_business=line_of_business, eligible_only=eligible_only, flag=flag, search=search)
    order = RosterSort(sort.removeprefix("-"))
    listed.sort(key=_sort_key(order), reverse=sort.startswith("-"))
    total = len(listed)
    if page_size is None:
        page, page_count, page_rows = 1, 1, listed
    else:
        page_count = max(1, math.ceil(total / page_size))
        page = min(max(page, 1), page_count)
        page_rows = listed[(page - 1) * page_size : page * page_size]

    access_record_many(actor=actor, action=action, member_ids=[r.member_id for r in page_rows], detail=detail)
    return Roster(
        organization_name=organization.legal_name,
        location=location,
        practitioner=practitioner,
        as_of=as_of,
        rows=page_rows,
        total=total,
        page=page,
        page_count=page_count,
        page_size=page_size,
        counts=RosterCounts(
            listed=total,
            new_this_month=sum(1 for r in listed if r.new_this_month),
            ending_this_month=sum(1 for r in listed if r.ending_this_month),
            not_eligible=sum(1 for r in listed if not r.eligible_on_date),
        ),
        synthetic=organization.is_demo or any(r.is_synthetic for r in rows),
        generated_at=timezone.now(),
    )
