"""Prior-authorization figures: the CMS-0057-F public report for a calendar year, and the reviewers' dashboard.

Pure reads over requests, lines and decisions. Nothing here names a member: every figure is a count, a share or
a time, so nothing is access-scoped or audited (the dashboard's page is guarded by staff role instead).

The public report follows the rule (42 CFR 438.210(f) for Medicaid managed care plans, the CCOs; 422.122(c) for
Medicare Advantage, the D-SNP; the same list in 457.1230 and 45 CFR 156.223) and the way CMS's own reporting form
for Medicaid managed care plans (MCPAR, topic XIII) defines each figure. It counts **requests**, the unit the rule
reports, for all items and services together. A request counts in the calendar year of its receipt
(``submitted_at``) on the plan's clock (``settings.TIME_ZONE``): one received at 23:30 on 31 December in Oregon
counts in the year that is ending, although it is already 1 January in UTC. Only requests that needed prior
authorization count: lines on the No-Auth list (route "not required") are left out, and a request with no other
line is not counted at all. The rule asks for each plan or contract on its own (each line of business here);
all lines of business together is a summary.

Each counted request falls in exactly one state, from its reviewed lines (routed to the plan or a vendor):

- **decided**: every reviewed line has its first determination (approved, partially approved or denied; a
  decision on appeal is never a first determination). Lines withdrawn before a determination are left out.
- **pending**: a reviewed line still waits for its first determination.
- **withdrawn**: every reviewed line was withdrawn before a determination.

Every share is of the requests **received** (one decimal), as CMS's form asks ("of the total ... requests
received"): a pending or withdrawn request is neither approved nor denied, so *approved*, *denied*, *pending*
and *withdrawn* add up to 100%.

- **approved**: every reviewed line approved in full at its first determination ("fully approved");
- **denied**: at least one reviewed line denied or only partially approved ("fully or partially denied");
  *partly approved* (a part of *denied*, shown beside it) is a denied request with at least one line approved
  in whole or in part. A partial approval is an adverse determination — it carries a denial notice and appeal
  rights — so it is never reported as approved;
- **approved after appeal**: a request not approved at first that, after the provider's appeals, has every
  reviewed line approved in full (each line's last determination, on appeal or not, is an approval in full).
  A request with one line overturned on appeal and another still denied stays denied. The appeal decision
  counts whenever it came, so a past year's share can still grow. The rule asks for it for standard requests;
  it is shown for expedited ones too;
- **approved after an extended timeframe**: a reviewed line's deadline was extended before its first
  determination, and the request was approved. The rule asks for this share of all requests, standard and
  expedited together (the *all requests* figures); it is shown per urgency too.

Time from receipt to decision: from ``submitted_at`` to the first determination of the request's last reviewed
line to get one (when the provider had a decision on every line), elapsed hours, average and median, one
decimal, over the decided requests. Time waiting for the provider's answer is not taken out: the rule asks for
the time that elapsed between submission and determination.

The dashboard counts **lines**, the unit reviewers work and deadlines apply to: lines received and decided per
week or month, decisions on time or late against the line's due time (with any extension and clock stop), open
lines overdue or near due, by line of business and by reviewer (plan lines by the reviewer who decided or holds
them, vendor lines by vendor). A line decided on appeal is measured by the appeal's decision against the
appeal's due time, and its turnaround is counted from the appeal.
"""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.authorizations.deadlines import near_due_window
from portico.authorizations.models import (
    AuthorizationDecision,
    AuthorizationLine,
    AuthorizationRequest,
    DecisionOutcome,
    LineRoute,
    LineStatus,
    RequestStatus,
    Urgency,
)
from portico.authorizations.review_queries import OPEN_LINE_STATUSES
from portico.codes.list_queries import ListedCode, LobLists, lines_of_business, listed_codes
from portico.codes.models import ListKind, ReviewVendor
from portico.common.dates import add_months
from portico.plans.models import LineOfBusiness

REVIEWED_ROUTES = (LineRoute.PLAN, LineRoute.VENDOR)
DETERMINATIONS = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED, DecisionOutcome.DENIED)
FAVORABLE = (DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED)
DECIDED_LINE_STATUSES = (LineStatus.APPROVED, LineStatus.PARTIALLY_APPROVED, LineStatus.DENIED)
FIRST_REPORT_YEAR = 2000
ONE_DECIMAL = Decimal("0.1")


def _one_decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _hours(span: dt.timedelta) -> float:
    return span.total_seconds() / 3600


def plan_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(str(settings.TIME_ZONE))


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The calendar year on the plan's clock: [1 January 00:00, next 1 January 00:00)."""
    zone = plan_zone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _reviewed_lines() -> QuerySet[AuthorizationLine]:
    return AuthorizationLine.objects.filter(route__in=REVIEWED_ROUTES).exclude(request__status=RequestStatus.DRAFT)


# ---- the public report -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrgencyFigures:
    """The CMS-0057-F figures of one urgency (standard or expedited), or of all requests, for one year."""

    urgency: str  # "" for all requests, standard and expedited together
    received: int = 0
    decided: int = 0
    pending: int = 0
    withdrawn: int = 0
    approved: int = 0
    denied: int = 0
    partly_approved: int = 0
    approved_after_appeal: int = 0
    approved_after_extension: int = 0
    average_hours: Decimal | None = None
    median_hours: Decimal | None = None

    @property
    def label(self) -> str:
        return str(Urgency(self.urgency).label) if self.urgency else _("All requests")

    def _share(self, count: int) -> Decimal | None:
        """A share of the requests received, as the rule's percentages are."""
        return _one_decimal(Decimal(count) * 100 / self.received) if self.received else None

    @property
    def approved_percent(self) -> Decimal | None:
        return self._share(self.approved)

    @property
    def denied_percent(self) -> Decimal | None:
        return self._share(self.denied)

    @property
    def partly_approved_percent(self) -> Decimal | None:
        return self._share(self.partly_approved)

    @property
    def pending_percent(self) -> Decimal | None:
        return self._share(self.pending)

    @property
    def withdrawn_percent(self) -> Decimal | None:
        return self._share(self.withdrawn)

    @property
    def approved_after_appeal_percent(self) -> Decimal | None:
        return self._share(self.approved_after_appeal)

    @property
    def approved_after_extension_percent(self) -> Decimal | None:
        return self._share(self.approved_after_extension)


@dataclass
class _RequestTally:
    urgency: str
    submitted_at: dt.datetime
    open_lines: int = 0
    outcomes: list[str] = field(default_factory=list)  # each determined line's first determination
    final_outcomes: list[str] = field(default_factory=list)  # and its last one (on appeal or not)
    decided_at: dt.datetime | None = None
    extended: bool = False


@dataclass(frozen=True)
class PublicReport:
    year: int
    line_of_business: LineOfBusiness | None
    standard: UrgencyFigures
    expedited: UrgencyFigures
    all_requests: UrgencyFigures  # standard and expedited together (the rule's extended-timeframe share)
    as_of: dt.datetime
    complete: bool  # the year is over (a past year's appeal figures can still change)

    @property
    def by_urgency(self) -> list[UrgencyFigures]:
        return [self.standard, self.expedited]

    @property
    def columns(self) -> list[UrgencyFigures]:
        """What the page and the CSV show: each urgency, then all requests."""
        return [self.standard, self.expedited, self.all_requests]


def _tallies(start: dt.datetime, end: dt.datetime, line_of_business: LineOfBusiness | None) -> list[_RequestTally]:
    lines = _reviewed_lines().filter(request__submitted_at__gte=start, request__submitted_at__lt=end)
    if line_of_business is not None:
        lines = lines.filter(request__line_of_business=line_of_business)
    first: dict[int, tuple[str, dt.datetime]] = {}
    last: dict[int, str] = {}
    decisions = (
        AuthorizationDecision.objects.filter(line__in=lines.values("pk"), outcome__in=DETERMINATIONS)
        .order_by("decided_at", "id")
        .values_list("line_id", "outcome", "on_appeal", "decided_at")
    )
    for line_id, outcome, on_appeal, decided_at in decisions.iterator(chunk_size=2000):
        if not on_appeal and line_id not in first:
            first[line_id] = (outcome, decided_at)
        if line_id in first:
            last[line_id] = outcome
    tallies: dict[int, _RequestTally] = {}
    rows = lines.values_list("pk", "request_id", "request__urgency", "request__submitted_at", "status", "extended_at")
    for line_id, request_id, urgency, submitted_at, status, extended_at in rows.iterator(chunk_size=2000):
        assert submitted_at is not None  # a submitted request has its receipt (a database constraint)
        tally = tallies.setdefault(request_id, _RequestTally(urgency=urgency, submitted_at=submitted_at))
        determination = first.get(line_id)
        if determination is None:
            if status != LineStatus.WITHDRAWN:
                tally.open_lines += 1
            continue
        outcome, decided_at = determination
        tally.outcomes.append(outcome)
        tally.final_outcomes.append(last[line_id])
        tally.decided_at = decided_at if tally.decided_at is None else max(tally.decided_at, decided_at)
        tally.extended |= extended_at is not None and extended_at <= decided_at
    return list(tallies.values())


def _figures(urgency: str, tallies: Iterable[_RequestTally]) -> UrgencyFigures:
    received = decided = pending = withdrawn = approved = denied = partly = after_appeal = after_extension = 0
    hours: list[float] = []
    for tally in tallies:
        received += 1
        if tally.open_lines:
            pending += 1
            continue
        if not tally.outcomes or tally.decided_at is None:
            withdrawn += 1
            continue
        decided += 1
        hours.append(_hours(tally.decided_at - tally.submitted_at))
        if all(outcome == DecisionOutcome.APPROVED for outcome in tally.outcomes):
            approved += 1
            after_extension += tally.extended
        else:
            denied += 1
            partly += any(outcome in FAVORABLE for outcome in tally.outcomes)
            after_appeal += all(outcome == DecisionOutcome.APPROVED for outcome in tally.final_outcomes)
    return UrgencyFigures(
        urgency=urgency,
        received=received,
        decided=decided,
        pending=pending,
        withdrawn=withdrawn,
        approved=approved,
        denied=denied,
        partly_approved=partly,
        approved_after_appeal=after_appeal,
        approved_after_extension=after_extension,
        average_hours=_one_decimal(statistics.fmean(hours)) if hours else None,
        median_hours=_one_decimal(statistics.median(hours)) if hours else None,
    )


def public_report(*, year: int, line_of_business: LineOfBusiness | None = None) -> PublicReport:
    """The CMS-0057-F figures for requests received in ``year`` (one line of business, or all of them)."""
    start, end = year_bounds(year)
    tallies = _tallies(start, end, line_of_business)
    now = timezone.now()
    return PublicReport(
        year=year,
        line_of_business=line_of_business,
        standard=_figures(Urgency.STANDARD, (t for t in tallies if t.urgency == Urgency.STANDARD)),
        expedited=_figures(Urgency.EXPEDITED, (t for t in tallies if t.urgency == Urgency.EXPEDITED)),
        all_requests=_figures("", tallies),
        as_of=now,
        complete=now >= end,
    )


def report_years() -> list[int]:
    """Years to choose from, newest first: every year with a request received, and the current year."""
    zone = plan_zone()
    received = (
        AuthorizationRequest.objects.exclude(status=RequestStatus.DRAFT)
        .filter(submitted_at__isnull=False)
        .datetimes("submitted_at", "year", tzinfo=zone)
    )
    years = {moment.year for moment in received} | {timezone.localdate().year}
    return sorted(years, reverse=True)


def report_default_year() -> int:
    """The last full year if any request was received in it, the current year otherwise."""
    current = timezone.localdate().year
    return current - 1 if current - 1 in report_years() else current


def report_year_valid(year: int) -> bool:
    return FIRST_REPORT_YEAR <= year <= timezone.localdate().year


@dataclass(frozen=True)
class LobServices:
    """What needs prior authorization in a line of business on a day: everything not on the No-Auth list; the
    codes the specialty vendors review are listed, with the No-Auth list itself."""

    line_of_business: LineOfBusiness
    day: dt.date
    lists: LobLists
    vendor_codes: list[ListedCode]
    no_auth_codes: list[ListedCode]


def report_list_day(year: int) -> dt.date:
    """The day whose lists the report publishes: 31 December, or today for the current year."""
    return min(dt.date(year, 12, 31), timezone.localdate())


def services_needing_authorization(*, year: int, line_of_business: LineOfBusiness | None = None) -> list[LobServices]:
    """The lists in force at the end of the year (today for the current one), per line of business."""
    day = report_list_day(year)
    found = []
    for lob in [line_of_business] if line_of_business else lines_of_business():
        result = listed_codes(line_of_business=lob, day=day)
        rows = result.rows
        found.append(
            LobServices(
                line_of_business=lob,
                day=day,
                lists=result.lists,
                vendor_codes=[r for r in rows if r.kind == ListKind.VENDOR],
                no_auth_codes=[r for r in rows if r.kind == ListKind.NO_AUTH],
            )
        )
    return found


# ---- the dashboard -----------------------------------------------------------------------------------------


class Grain(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class PeriodFigures:
    start: dt.date
    label: str
    received: int
    decided: int
    on_time: int
    late: int

    @property
    def on_time_percent(self) -> Decimal | None:
        return _one_decimal(Decimal(self.on_time) * 100 / self.decided) if self.decided else None


@dataclass
class Breakdown:
    """One line of business, reviewer or vendor: its open lines now and its decisions in the window."""

    label: str
    open: int = 0
    overdue: int = 0
    near_due: int = 0
    decided: int = 0
    on_time: int = 0
    late: int = 0
    hours: list[float] = field(default_factory=list, repr=False)

    @property
    def on_time_percent(self) -> Decimal | None:
        return _one_decimal(Decimal(self.on_time) * 100 / self.decided) if self.decided else None

    @property
    def median_hours(self) -> Decimal | None:
        return _one_decimal(statistics.median(self.hours)) if self.hours else None


@dataclass(frozen=True)
class Dashboard:
    grain: Grain
    since: dt.date
    now: dt.datetime
    vendor_name: str  # "" for every reviewed line (plan and vendors)
    periods: list[PeriodFigures]
    open: int
    overdue: int
    near_due: int
    by_line_of_business: list[Breakdown]
    by_reviewer: list[Breakdown]

    @property
    def decided(self) -> int:
        return sum(p.decided for p in self.periods)

    @property
    def on_time(self) -> int:
        return sum(p.on_time for p in self.periods)

    @property
    def on_time_percent(self) -> Decimal | None:
        return _one_decimal(Decimal(self.on_time) * 100 / self.decided) if self.decided else None


def _period_start(day: dt.date, grain: Grain) -> dt.date:
    if grain == Grain.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _period_starts(today: dt.date, grain: Grain, count: int) -> list[dt.date]:
    last = _period_start(today, grain)
    if grain == Grain.WEEK:
        return [last - dt.timedelta(weeks=n) for n in range(count - 1, -1, -1)]
    return [add_months(last, -n) for n in range(count - 1, -1, -1)]


def _period_label(start: dt.date, grain: Grain) -> str:
    return date_format(start, "M j" if grain == Grain.WEEK else "M Y")


def _user_names(ids: Iterable[int]) -> dict[int, str]:
    return {user.pk: user.get_full_name() or user.username for user in User.objects.filter(pk__in=set(ids))}


def review_dashboard(
    *, vendor_id: int | None = None, grain: Grain = Grain.WEEK, count: int = 12, now: dt.datetime | None = None
) -> Dashboard:
    """Line figures for the last ``count`` weeks or months (the current one included) and the open lines now:
    every reviewed line (plan and vendors), or one vendor's."""
    now = now or timezone.now()
    zone = plan_zone()
    starts = _period_starts(timezone.localtime(now, zone).date(), grain, count)
    since = dt.datetime.combine(starts[0], dt.time.min, tzinfo=zone)
    lines = _reviewed_lines()
    vendor_name = ""
    if vendor_id is not None:
        lines = lines.filter(route=LineRoute.VENDOR, vendor_id=vendor_id)
        vendor_name = ReviewVendor.objects.filter(pk=vendor_id).values_list("name", flat=True).first() or ""

    def bucket(moment: dt.datetime) -> dt.date:
        return _period_start(timezone.localtime(moment, zone).date(), grain)

    received: dict[dt.date, int] = defaultdict(int)
    for (submitted_at,) in lines.filter(request__submitted_at__gte=since).values_list("request__submitted_at"):
        if submitted_at is not None:
            received[bucket(submitted_at)] += 1

    by_lob: dict[str, Breakdown] = {}
    by_reviewer: dict[tuple[int, str, int], Breakdown] = {}
    decided: dict[dt.date, list[bool]] = defaultdict(list)
    unassigned = _("Not assigned")

    decided_rows = list(
        lines.filter(status__in=DECIDED_LINE_STATUSES, decided_at__gte=since).values_list(
            "pk", "decided_at", "due_at", "appealed_at", "request__submitted_at", "request__line_of_business__name",
            "route", "vendor__name",
        )
    )  # fmt: skip
    deciders: dict[int, int] = dict(
        AuthorizationDecision.objects.filter(
            line__in=lines.filter(status__in=DECIDED_LINE_STATUSES, decided_at__gte=since).values("pk"),
            outcome__in=DETERMINATIONS,
        )
        .order_by("decided_at", "id")
        .values_list("line_id", "decided_by_id")
    )  # the last determination of each line wins
    open_rows = list(
        lines.filter(status__in=OPEN_LINE_STATUSES).values_list(
            "due_at", "request__line_of_business__name", "route", "vendor__name", "assigned_to_id"
        )
    )
    names = _user_names([*deciders.values(), *(row[4] for row in open_rows if row[4])])

    def lob_row(name: str | None) -> Breakdown:
        return by_lob.setdefault(name or "", Breakdown(label=name or ""))

    def reviewer(route: str, vendor: str | None, user_id: int | None) -> Breakdown:
        # The plan's reviewers first (by name, "not assigned" last), then each vendor.
        if route == LineRoute.VENDOR:
            key = (2, vendor or "", 0)
        elif user_id:
            key = (0, names.get(user_id, ""), user_id)
        else:
            key = (1, unassigned, 0)
        return by_reviewer.setdefault(key, Breakdown(label=key[1]))

    for line_id, decided_at, due_at, appealed_at, submitted_at, lob, route, vendor in decided_rows:
        assert decided_at is not None
        assert submitted_at is not None
        on_time = due_at is None or decided_at <= due_at
        decided[bucket(decided_at)].append(on_time)
        hours = _hours(decided_at - (appealed_at or submitted_at))
        for row in (lob_row(lob), reviewer(route, vendor, deciders.get(line_id))):
            row.decided += 1
            row.on_time += on_time
            row.late += not on_time
            row.hours.append(hours)

    near = near_due_window()
    overdue = near_due = 0
    for due_at, lob, route, vendor, assigned_id in open_rows:
        is_overdue = due_at is not None and due_at <= now
        is_near = due_at is not None and not is_overdue and due_at - now <= near
        overdue += is_overdue
        near_due += is_near
        for row in (lob_row(lob), reviewer(route, vendor, assigned_id)):
            row.open += 1
            row.overdue += is_overdue
            row.near_due += is_near

    periods = [
        PeriodFigures(
            start=start,
            label=_period_label(start, grain),
            received=received.get(start, 0),
            decided=len(decided.get(start, [])),
            on_time=sum(decided.get(start, [])),
            late=len(decided.get(start, [])) - sum(decided.get(start, [])),
        )
        for start in starts
    ]
    return Dashboard(
        grain=grain,
        since=starts[0],
        now=now,
        vendor_name=vendor_name,
        periods=periods,
        open=len(open_rows),
        overdue=overdue,
        near_due=near_due,
        by_line_of_business=[by_lob[k] for k in sorted(by_lob)],
        by_reviewer=[by_reviewer[k] for k in sorted(by_reviewer)],
    )
