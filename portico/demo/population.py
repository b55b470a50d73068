"""The synthetic member population: members, coverage spans, PCP assignments, other insurance and
accumulators, generated in chunks as plain row tuples for the bulk writer.

Every chunk draws from its own ``random.Random`` seeded with (seed, chunk number), so the world is the same
for the same seed, member count and as-of date, whichever database it goes into. Dates are relative to the
as-of date ("terminated last month", "new on the panel this month").

Rows are tuples of str / int / bool / None in the column order of the ``*_FIELDS`` tuples below: dates as
ISO strings and money as decimal strings, which both the PostgreSQL COPY and the SQLite writer accept.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Model

from portico.demo.names import NAME_GROUPS, STREET_NAMES, STREET_SUFFIXES, UNIT_PREFIXES
from portico.demo.places import DSNP_REGION_WEIGHTS, REGIONS
from portico.demo.providers import PcpLocation
from portico.demo.world import LINES_OF_BUSINESS, LobSpec
from portico.members.models import (
    Accumulator,
    Coverage,
    DualStatus,
    Member,
    OtherInsurance,
    PcpAssignment,
    TerminationReason,
    name_key,
)

CHUNK_SIZE = 50_000

MEMBER_FIELDS = (
    "id", "member_number", "medicaid_id", "mbi", "first_name", "middle_name", "last_name", "last_name_key",
    "first_name_key", "birth_date", "sex", "address_line1", "city", "state", "postal_code", "phone",
    "preferred_language", "dual_status", "is_synthetic",
)  # fmt: skip
COVERAGE_FIELDS = ("id", "member", "line_of_business", "benefit_plan", "start", "end", "termination_reason")
PCP_FIELDS = ("id", "member", "practitioner", "location", "start", "end")
OTHER_INSURANCE_FIELDS = (
    "id", "member", "payer_name", "payer_id", "policy_number", "group_number", "subscriber_relationship",
    "cob_order", "start", "end",
)  # fmt: skip
ACCUMULATOR_FIELDS = ("id", "member", "benefit_year", "network", "level", "deductible_met", "oop_met")

TABLES: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (Member, MEMBER_FIELDS),
    (Coverage, COVERAGE_FIELDS),
    (PcpAssignment, PCP_FIELDS),
    (OtherInsurance, OTHER_INSURANCE_FIELDS),
    (Accumulator, ACCUMULATOR_FIELDS),
)

Row = tuple[object, ...]
T = TypeVar("T")

# Fictional payers for coordination of benefits.
EMPLOYER_PAYERS: tuple[tuple[str, str], ...] = (
    ("Evergreen Employers Health Trust", "EVHT1"),
    ("Pacific Timber Workers Benefit Fund", "PTWBF"),
    ("Columbia Mutual Health Plan", "CMHP2"),
    ("Willamette Educators Benefit Trust", "WEBT3"),
    ("Cedar & Coast Health Insurance Co.", "CCHIC"),
    ("Northwest Grocers Health Plan", "NWGHP"),
    ("Rose City Union Health Fund", "RCUHF"),
    ("Bridgewater Health Cooperative (Marketplace)", "BWHC4"),
)
RETIREE_PAYERS: tuple[tuple[str, str], ...] = (
    ("Stillwater Teachers Retiree Health Trust", "STRHT"),
    ("Pacific Rail Retiree Medical Plan", "PRRMP"),
    ("Northwest Ironworkers Retiree Fund", "NIRF1"),
    ("Cascade Paper Mill Retirees' Plan", "CPMRP"),
)
ORIGINAL_MEDICARE = ("Medicare Part A and B (Original Medicare)", "MEDICARE")

TERMINATION_REASONS: tuple[tuple[str, float], ...] = (
    (TerminationReason.LOST_ELIGIBILITY.value, 0.45),
    (TerminationReason.MOVED.value, 0.18),
    (TerminationReason.PLAN_CHANGE.value, 0.12),
    (TerminationReason.DISENROLLED.value, 0.10),
    (TerminationReason.DECEASED.value, 0.07),
    (TerminationReason.OTHER.value, 0.08),
)

# Shares of the population (the rest are covered, open-ended, since before this month).
TERMINATED_SHARE = 0.08
GAP_SHARE = 0.04
NEW_THIS_MONTH_SHARE = 0.015
PCP_SHARE = 0.90
PCP_HISTORY_SHARE = 0.12
PCP_NEW_THIS_MONTH_SHARE = 0.015
PCP_ENDING_THIS_MONTH_SHARE = 0.01
EMPLOYER_OI_SHARE = 0.075
RETIREE_OI_SHARE = 0.08
DSNP_PRIOR_CCO_SHARE = 0.15

DAYS_PER_YEAR = 365.2425
FIRST_RANDOM_MEMBER_NUMBER = 200_000_000
MEMBER_NUMBER_SPACE = 800_000_000
# Multipliers coprime with their spaces make index -> identifier a bijection: unique, but not sequential
# (each is the coprime nearest above 0.618 of its space, so neighbours land far apart).
MEMBER_NUMBER_STEP = 494_427_191
MEDICAID_LETTERS = "ABCDEFGHJKLMNPQRTUVWXY"  # no I, O (look like digits), S, Z (Z is for the well-known)
MEDICAID_SPACE = len(MEDICAID_LETTERS) ** 3 * 100_000
MEDICAID_STEP = 658_082_591
MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"
MBI_ALNUM = MBI_ALPHA + "0123456789"
# Radices of MBI positions 1..11 (position 1 is 1-8 here: 9 is kept for the well-known members).
MBI_RADICES = (8, 20, 30, 10, 20, 30, 10, 20, 20, 10, 10)
MBI_SPACE = 8 * 20 * 30 * 10 * 20 * 30 * 10 * 20 * 20 * 10 * 10
MBI_STEP = 7_119_751_549_829


def member_number_for(index: int, seed: int) -> str:
    """The member ID of the index-th generated member: CH and nine digits, from 200000000 up."""
    offset = (seed * 7_919) % MEMBER_NUMBER_SPACE
    return f"CH{FIRST_RANDOM_MEMBER_NUMBER + (index * MEMBER_NUMBER_STEP + offset) % MEMBER_NUMBER_SPACE}"


def medicaid_id_for(index: int, seed: int) -> str:
    """An Oregon-style Medicaid ID (two letters, five digits, a letter), unique per index."""
    value = (index * MEDICAID_STEP + seed * 104_729) % MEDICAID_SPACE
    value, digits = divmod(value, 100_000)
    value, last = divmod(value, len(MEDICAID_LETTERS))
    first, second = divmod(value, len(MEDICAID_LETTERS))
    letters = MEDICAID_LETTERS
    return f"{letters[first]}{letters[second]}{digits:05d}{letters[last]}"


def mbi_for(index: int, seed: int) -> str:
    """A Medicare Beneficiary Identifier in the CMS format, unique per index."""
    value = (index * MBI_STEP + seed * 1_299_709) % MBI_SPACE
    out = []
    for radix in reversed(MBI_RADICES):
        value, digit = divmod(value, radix)
        out.append(digit)
    d = out[::-1]
    a, an = MBI_ALPHA, MBI_ALNUM
    return f"{d[0] + 1}{a[d[1]]}{an[d[2]]}{d[3]}{a[d[4]]}{an[d[5]]}{d[6]}{a[d[7]]}{a[d[8]]}{d[9]}{d[10]}"


class Calendar:
    """Month arithmetic on day ordinals, with ISO strings cached (a million members share a few
    thousand distinct dates)."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.as_of_ord = as_of.toordinal()
        self.as_of_month = self.month_of(as_of.toordinal())
        self._iso: dict[int, str] = {}

    @staticmethod
    def month_of(ordinal: int) -> int:
        day = dt.date.fromordinal(ordinal)
        return day.year * 12 + day.month - 1

    @staticmethod
    def month_start(month: int) -> int:
        return dt.date(month // 12, month % 12 + 1, 1).toordinal()

    def month_end(self, month: int) -> int:
        return self.month_start(month + 1) - 1

    def iso(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text


@dataclass
class IdCounters:
    """The next primary key of each member table (the generator assigns keys itself)."""

    member: int = 1
    coverage: int = 1
    pcp: int = 1
    other: int = 1
    accumulator: int = 1


@dataclass
class Rows:
    """One chunk of rows for each member table, in the column order of the ``*_FIELDS`` tuples."""

    members: list[Row] = field(default_factory=list)
    coverages: list[Row] = field(default_factory=list)
    pcps: list[Row] = field(default_factory=list)
    others: list[Row] = field(default_factory=list)
    accumulators: list[Row] = field(default_factory=list)

    def by_model(self) -> tuple[tuple[type[Model], tuple[str, ...], list[Row]], ...]:
        lists = (self.members, self.coverages, self.pcps, self.others, self.accumulators)
        return tuple((model, fields, rows) for (model, fields), rows in zip(TABLES, lists, strict=True))


@dataclass(frozen=True)
class LobIds:
    spec: LobSpec
    lob_id: int
    plans: tuple[tuple[int, float, int, int], ...]  # (benefit plan id, weight, min age, max age)


@dataclass
class PopulationContext:
    """What the generator needs from the reference world."""

    seed: int
    as_of: dt.date
    lobs: dict[str, LobIds]
    pcp_locations: list[PcpLocation]
    dsnp_deductible: str  # the current benefit year's in-network deductible, for accumulators
    dsnp_oop_max: str
    # Filled while generating: current PCP assignments per (organization id, line-of-business id).
    panel_counts: Counter[tuple[int, int]] = field(default_factory=Counter)


def _cumulative(weights: list[float]) -> list[float]:
    total = sum(weights)
    return [value / total for value in itertools.accumulate(weights)]


class _Picker(Generic[T]):
    """Weighted choice by bisecting a cumulative table with one uniform draw."""

    __slots__ = ("cumulative", "items", "last")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = _cumulative(list(weights))
        self.last = len(self.items) - 1

    def pick(self, u: float) -> T:
        return self.items[min(bisect.bisect_right(self.cumulative, u), self.last)]


@dataclass(frozen=True)
class _Group:
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    languages: _Picker[str]


class PopulationGenerator:
    """Generates members in chunks. ``chunk(first_index, count)`` is deterministic for its arguments."""

    def __init__(self, context: PopulationContext, ids: IdCounters) -> None:
        self.ctx = context
        self.ids = ids
        self.cal = Calendar(context.as_of)
        lob_list = list(context.lobs.values())
        self.lob_picker = _Picker(lob_list, [lob.spec.share for lob in lob_list])
        self.cco_by_region = {lob.spec.region: lob for lob in lob_list if lob.spec.region}
        self.dsnp_region_picker = _Picker([k for k, _w in DSNP_REGION_WEIGHTS], [w for _k, w in DSNP_REGION_WEIGHTS])
        groups = [
            _Group(g.female, g.male, g.last, _Picker([lang for lang, _w in g.languages], [w for _l, w in g.languages]))
            for g in NAME_GROUPS
        ]
        self.group_picker = _Picker(groups, [g.weight for g in NAME_GROUPS])
        self.keys: dict[str, str] = {}
        for g in NAME_GROUPS:
            for name in (*g.female, *g.male, *g.last):
                self.keys[name] = name_key(name)
        self.city_pickers = {
            key: _Picker(list(region.cities), [c.weight for c in region.cities]) for key, region in REGIONS.items()
        }
        self.streets = [s.replace("-", " ") for s in STREET_NAMES]
        # PCP locations per region: adults choose among all-ages locations, children also among pediatric.
        self.pcp_adult: dict[str, _Picker[PcpLocation]] = {}
        self.pcp_child: dict[str, _Picker[PcpLocation]] = {}
        for region in REGIONS:
            here = [p for p in context.pcp_locations if p.region == region]
            adults = [p for p in here if not p.pediatric_only]
            if adults:
                self.pcp_adult[region] = _Picker(adults, [len(p.practitioner_ids) for p in adults])
            if here:
                self.pcp_child[region] = _Picker(here, [len(p.practitioner_ids) for p in here])
        self.termination_picker = _Picker([r for r, _w in TERMINATION_REASONS], [w for _r, w in TERMINATION_REASONS])
        self.dsnp_deductible_cents = round(float(context.dsnp_deductible) * 100)
        self.dsnp_oop_cents = round(float(context.dsnp_oop_max) * 100)
        self.year_start = dt.date(context.as_of.year, 1, 1).toordinal()

    # ---- one chunk ---------------------------------------------------------------------------------

    def chunk(self, first_index: int, count: int, chunk_number: int) -> Rows:
        """Members ``first_index .. first_index + count - 1`` of the generated population (0-based)."""
        rng = random.Random(f"portico-demo:{self.ctx.seed}:{chunk_number}")
        rows = Rows()
        for index in range(first_index, first_index + count):
            self._member(rng, index, rows)
        return rows

    def _member(self, rng: random.Random, index: int, rows: Rows) -> None:
        r = rng.random
        cal = self.cal
        as_of_ord = cal.as_of_ord
        seed = self.ctx.seed
        member_id = self.ids.member
        self.ids.member += 1

        lob: LobIds = self.lob_picker.pick(r())
        spec = lob.spec
        region: str = spec.region or self.dsnp_region_picker.pick(r())

        # Who: name, sex, age.
        group: _Group = self.group_picker.pick(r())
        u = r()
        sex = "F" if u < 0.515 else ("M" if u < 0.995 else "U")
        firsts = group.female if sex == "F" or (sex == "U" and u < 0.9975) else group.male
        first = firsts[int(r() * len(firsts))]
        middle = firsts[int(r() * len(firsts))] if r() < 0.3 else ""
        last = group.last[int(r() * len(group.last))]
        if spec.is_medicare:
            u = r()
            age_years = 22 + u * 43 if u < 0.22 else 65 + 31 * ((u - 0.22) / 0.78) ** 1.7
        else:
            u = r()
            if u < 0.36:
                age_years = 19 * (u / 0.36)
            elif u < 0.44:
                age_years = 19 + 7 * r()
            elif u < 0.95:
                age_years = 26 + 39 * r()
            else:
                age_years = 65 + 25 * r()
        birth = as_of_ord - int(age_years * DAYS_PER_YEAR)
        age = int(age_years)

        # Identifiers and Medicare status.
        dual = DualStatus.NONE.value
        mbi = ""
        if spec.is_medicare:
            dual = DualStatus.FULL.value if r() < 0.8 else DualStatus.PARTIAL.value
            mbi = mbi_for(index, seed)
        elif age >= 65 and r() < 0.75:
            dual = DualStatus.FULL.value  # Original Medicare primary, the CCO covers the Medicaid side
            mbi = mbi_for(index, seed)
        medicaid_id = medicaid_id_for(index, seed)

        # Where: address and phone in the region the line of business serves.
        city = self.city_pickers[region].pick(r())
        zips = city.zips
        postal_code = zips[int(r() * len(zips))]
        street = self.streets[int(r() * len(self.streets))]
        prefix = ("NE ", "SE ", "N ", "NW ", "SW ")[int(r() * 5)] if city.name in ("Portland", "Gresham") else ""
        address = f"{int(100 + r() * 9900)} {prefix}{street} {STREET_SUFFIXES[int(r() * len(STREET_SUFFIXES))]}"
        if r() < 0.18:
            address += f" {UNIT_PREFIXES[int(r() * len(UNIT_PREFIXES))]} {int(1 + r() * 40)}{'ABCD'[int(r() * 4)]}"
        phone = f"{city.area_code}-555-01{int(r() * 100):02d}" if r() < 0.92 else ""
        language = group.languages.pick(r())

        rows.members.append(
            (
                member_id, member_number_for(index, seed), medicaid_id, mbi, first, middle, last,
                self.keys[last], self.keys[first], cal.iso(birth), sex, address, city.name, "OR",
                postal_code, phone, language, dual, True,
            )
        )  # fmt: skip

        # Coverage: the spans of this line of business (and, for some D-SNP members, the CCO before it).
        earliest = max(birth, spec.launched.toordinal(), as_of_ord - 3650)
        if spec.is_medicare and age >= 65:
            earliest = max(earliest, birth + int(65 * DAYS_PER_YEAR))
        as_of_month = cal.as_of_month
        this_month_start = cal.month_start(as_of_month)

        def start_between(low: int, high: int) -> int:
            """A first-of-month start in [low, high] (or ``low`` itself, e.g. a birth date)."""
            pick = high - int((high - low) * r() ** 1.2)
            start = cal.month_start(cal.month_of(pick))
            return start if start >= low else low

        u = r()
        spans: list[tuple[int, int | None, str]] = []  # (start, end, termination reason)
        if u < TERMINATED_SHARE:
            end = cal.month_end(as_of_month - 1 - int(r() * 18))
            if earliest <= end:
                reason = self.termination_picker.pick(r())
                if reason == TerminationReason.DECEASED and age < 40:
                    reason = TerminationReason.LOST_ELIGIBILITY.value
                spans.append((start_between(earliest, end), end, reason))
        elif u < TERMINATED_SHARE + GAP_SHARE:
            restart = cal.month_start(as_of_month - int(r() * 13))
            end = cal.month_end(cal.month_of(restart) - 2 - int(r() * 6))
            if earliest <= end:
                reason = TerminationReason.LOST_ELIGIBILITY.value if r() < 0.7 else TerminationReason.MOVED.value
                spans.append((start_between(earliest, end), end, reason))
                spans.append((restart, None, ""))
        elif u < TERMINATED_SHARE + GAP_SHARE + NEW_THIS_MONTH_SHARE:
            spans.append((max(this_month_start, earliest), None, ""))
        if not spans:
            spans.append((start_between(earliest, as_of_ord), None, ""))

        plan_id = self._benefit_plan(lob, age, r())
        lob_id = lob.lob_id
        coverage_rows = rows.coverages
        first_start = spans[0][0]
        if spec.is_medicare and r() < DSNP_PRIOR_CCO_SHARE and first_start - birth > 60 * DAYS_PER_YEAR:
            cco = self.cco_by_region[region]
            prior_start = start_between(max(birth, cco.spec.launched.toordinal()), first_start - 31)
            if prior_start < first_start - 1:
                coverage_rows.append(
                    (self.ids.coverage, member_id, cco.lob_id, cco.plans[0][0], cal.iso(prior_start),
                     cal.iso(first_start - 1), TerminationReason.PLAN_CHANGE.value)
                )  # fmt: skip
                self.ids.coverage += 1
        for span_start, span_end, reason in spans:
            coverage_rows.append(
                (self.ids.coverage, member_id, lob_id, plan_id, cal.iso(span_start), cal.iso(span_end), reason)
            )
            self.ids.coverage += 1

        # PCP assignments.
        if r() < PCP_SHARE:
            self._pcps(rng, member_id, region, age, spans, lob_id, rows)

        # Other insurance.
        if spec.is_medicare:
            if r() < RETIREE_OI_SHARE:
                payer = RETIREE_PAYERS[int(r() * len(RETIREE_PAYERS))]
                relationship = "18" if r() < 0.75 else "01"
                self._other(rng, member_id, payer, relationship, 2, spans[0][0], None, rows)
        elif mbi:
            medicare_start = cal.month_start(cal.month_of(birth + int(65 * DAYS_PER_YEAR)))
            self._other(rng, member_id, ORIGINAL_MEDICARE, "18", 1, medicare_start, None, rows, policy=mbi)
        elif r() < EMPLOYER_OI_SHARE:
            relationship = "19" if age < 19 else ("18" if r() < 0.7 else "01")
            oi_start = start_between(spans[0][0], as_of_ord)
            oi_end = None if r() < 0.85 else cal.month_end(as_of_month - 1 - int(r() * 6))
            if oi_end is not None and oi_end < oi_start:
                oi_end = None
            payer = EMPLOYER_PAYERS[int(r() * len(EMPLOYER_PAYERS))]
            self._other(rng, member_id, payer, relationship, 1, oi_start, oi_end, rows)
            if age < 19 and r() < 0.2:
                second = EMPLOYER_PAYERS[int(r() * len(EMPLOYER_PAYERS))]
                if second != payer:
                    self._other(rng, member_id, second, relationship, 2, oi_start, oi_end, rows)

        # Accumulators: the D-SNP has a deductible; Medicaid has no cost share to accumulate.
        _last_start, last_end, _reason = spans[-1]
        if spec.is_medicare and (last_end is None or last_end >= self.year_start):
            deductible = self.dsnp_deductible_cents
            u = r()
            met = deductible if u < 0.55 else (int(deductible * r()) if u < 0.85 else 0)
            oop = met if met < deductible else min(self.dsnp_oop_cents, met + int(350_000 * r() ** 3))
            rows.accumulators.append(
                (self.ids.accumulator, member_id, self.ctx.as_of.year, "in", "IND", f"{met / 100:.2f}",
                 f"{oop / 100:.2f}")
            )  # fmt: skip
            self.ids.accumulator += 1

    def _benefit_plan(self, lob: LobIds, age: int, u: float) -> int:
        for plan_id, weight, min_age, max_age in lob.plans[1:]:
            if min_age <= age <= max_age and u < weight:
                return plan_id
        return lob.plans[0][0]

    def _pcps(
        self,
        rng: random.Random,
        member_id: int,
        region: str,
        age: int,
        spans: list[tuple[int, int | None, str]],
        lob_id: int,
        rows: Rows,
    ) -> None:
        r = rng.random
        cal = self.cal
        pickers = self.pcp_child if age < 18 else self.pcp_adult
        picker = pickers.get(region)
        if picker is None:
            return
        location: PcpLocation = picker.pick(r())
        practitioner = location.practitioner_ids[int(r() * len(location.practitioner_ids))]
        pcps = rows.pcps
        for start, end, _reason in spans[:-1]:  # an earlier span of a gap: same PCP, ended with the span
            pcps.append((self.ids.pcp, member_id, practitioner, location.location_id, cal.iso(start), cal.iso(end)))
            self.ids.pcp += 1
        start, end, _reason = spans[-1]
        this_month = cal.month_start(cal.as_of_month)
        u = r()
        switch = None
        if u < PCP_NEW_THIS_MONTH_SHARE and start < this_month and (end is None or end >= this_month):
            switch = this_month
        elif u < PCP_NEW_THIS_MONTH_SHARE + PCP_HISTORY_SHARE:
            latest = min(end if end is not None else cal.as_of_ord, cal.as_of_ord)
            first_month, last_month = cal.month_of(start) + 1, cal.month_of(latest)
            if first_month <= last_month:
                switch = cal.month_start(first_month + int(r() * (last_month - first_month + 1)))
                if switch > latest:
                    switch = None
        if switch is not None:
            previous: PcpLocation = picker.pick(r())
            previous_practitioner = previous.practitioner_ids[int(r() * len(previous.practitioner_ids))]
            pcps.append(
                (self.ids.pcp, member_id, previous_practitioner, previous.location_id, cal.iso(start),
                 cal.iso(switch - 1))
            )  # fmt: skip
            self.ids.pcp += 1
            start = switch
        if end is None and r() < PCP_ENDING_THIS_MONTH_SHARE:
            end = cal.month_end(cal.as_of_month)
        pcps.append((self.ids.pcp, member_id, practitioner, location.location_id, cal.iso(start), cal.iso(end)))
        self.ids.pcp += 1
        if start <= cal.as_of_ord and (end is None or end >= cal.as_of_ord):
            self.ctx.panel_counts[(location.organization_id, lob_id)] += 1

    def _other(
        self,
        rng: random.Random,
        member_id: int,
        payer: tuple[str, str],
        relationship: str,
        cob_order: int,
        start: int,
        end: int | None,
        rows: Rows,
        policy: str = "",
    ) -> None:
        r = rng.random
        if not policy:
            letters = "ABCDEFGHJKMNPRTUVWXYZ"
            policy = f"{letters[int(r() * 21)]}{letters[int(r() * 21)]}{int(r() * 10**9):09d}"
        group = f"{int(10_000 + r() * 90_000)}" if payer is not ORIGINAL_MEDICARE else ""
        rows.others.append(
            (self.ids.other, member_id, payer[0], payer[1], policy, group, relationship, cob_order,
             self.cal.iso(start), self.cal.iso(end))
        )  # fmt: skip
        self.ids.other += 1


def lob_ids_for(*, lob_ids: dict[str, int], benefit_plan_ids: dict[str, int]) -> dict[str, LobIds]:
    """Pair each line-of-business spec with its database ids (the default benefit plan first)."""
    out = {}
    for spec in LINES_OF_BUSINESS:
        plans = tuple((benefit_plan_ids[p.code], p.weight, p.min_age, p.max_age) for p in spec.plans)
        out[spec.code] = LobIds(spec=spec, lob_id=lob_ids[spec.code], plans=plans)
    return out
