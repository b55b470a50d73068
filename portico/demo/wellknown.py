"""The well-known members: hand-crafted cases that open every demo world (whatever the seed and size), so
docs/demo.md can name them. Member IDs and birth dates are fixed; coverage and PCP dates are relative to the
as-of date, so "coverage ended last month" stays true for a world built today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portico.demo.population import Calendar, IdCounters, PopulationContext, Rows
from portico.demo.providers import ProviderIds
from portico.members.models import DualStatus, TerminationReason, name_key

OHP_FFS = ("Oregon Health Plan (Medicaid fee-for-service)", "ORMAP")
RETIREE = ("Stillwater Teachers Retiree Health Trust", "STRHT")
EMPLOYER = ("Evergreen Employers Health Trust", "EVHT1")
SECOND_EMPLOYER = ("Columbia Mutual Health Plan", "CMHP2")


@dataclass(frozen=True)
class WellKnownMember:
    member_number: str
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    language: str
    medicaid_id: str
    mbi: str
    dual_status: str
    address: str
    city: str
    postal_code: str
    phone: str
    shows: str
    try_this: str


def _m(n: int, first: str, last: str, birth: dt.date, sex: str, language: str, address: str, city: str,
       postal_code: str, shows: str, try_this: str, *, mbi: str = "", dual: str = DualStatus.NONE.value
       ) -> WellKnownMember:  # fmt: skip
    return WellKnownMember(
        member_number=f"CH10000000{n}",
        first_name=first,
        last_name=last,
        birth_date=birth,
        sex=sex,
        language=language,
        medicaid_id=f"ZA1000{n}K",
        mbi=mbi,
        dual_status=dual,
        address=address,
        city=city,
        postal_code=postal_code,
        phone=f"503-555-01{10 + n}",
        shows=shows,
        try_this=try_this,
    )


WELL_KNOWN: tuple[WellKnownMember, ...] = (
    _m(1, "Maria", "Torres", dt.date(1988, 4, 12), "F", "Spanish", "1873 Chemeketa St NE", "Salem", "97301",
       "Active Willamette Valley CCO (OHP Plus) member; PCP at Thimbleberry Family Medicine - Court Street.",
       "As frontdesk: eligibility and benefits for today; she is on the Thimbleberry PCP roster."),
    _m(2, "Harold", "Jensen", dt.date(1951, 9, 3), "M", "English", "4421 Cherry Ave NE", "Keizer", "97303",
       "Cascadia Advantage Dual (HMO D-SNP), full dual, with a retiree plan (secondary) and Medicaid (tertiary); "
       "deductible met this year.",
       "Eligibility: other insurance in COB order, deductible and out-of-pocket accumulators, copays.",
       mbi="9EG4TE5MK72", dual=DualStatus.FULL.value),
    _m(3, "Kevin", "Walsh", dt.date(1979, 11, 30), "M", "English", "655 Liberty St SE", "Salem", "97301",
       "Coverage ended on the last day of last month (moved out of the service area).",
       "Eligibility for today: not covered, with the end date and reason; ask for a date last month: covered."),
    _m(4, "Aisha", "Mohamed", dt.date(1995, 2, 17), "F", "Somali", "3390 Sunnyview Rd NE", "Salem", "97305",
       "Coverage gap: covered until 6 months ago, not covered for 3 months, covered again since 2 months ago.",
       "Eligibility for a date 4 months ago (not covered) and for today (covered)."),
    _m(5, "Daniel", "Nguyen", dt.date(2012, 7, 22), "M", "Vietnamese", "1120 Queen Ave SE", "Albany", "97322",
       "Active member whose PCP is at Salal Street Family Clinic, not Thimbleberry.",
       "As frontdesk: not on your roster; an eligibility inquiry with ID and DOB finds him."),
    _m(6, "Olivia", "Bennett", dt.date(2001, 5, 9), "F", "English", "2290 Lancaster Dr NE", "Salem", "97305",
       "New on the Thimbleberry panel this month; her previous PCP was at Riverbend Community Health Center.",
       "PCP roster: new this month; eligibility shows PCP history."),
    _m(7, "Sofia", "Ramirez", dt.date(2019, 10, 14), "F", "Spanish", "4780 River Rd N", "Keizer", "97303",
       "A child on OHP with two parents' employer plans: Medicaid pays last.",
       "Eligibility: other insurance primary and secondary (COB order)."),
    _m(8, "Walter", "Price", dt.date(1947, 1, 25), "M", "English", "1575 Orchard Heights Rd NW", "Salem",
       "97304", "D-SNP partial dual (QMB); deductible partly met.",
       "Eligibility: remaining deductible and out-of-pocket maximum.",
       mbi="9HN2WK3RA15", dual=DualStatus.PARTIAL.value),
)  # fmt: skip


class _Writer:
    def __init__(self, ids: IdCounters, cal: Calendar, rows: Rows) -> None:
        self.ids, self.cal, self.rows = ids, cal, rows

    def coverage(self, member: int, lob: int, plan: int, start: int, end: int | None = None, reason: str = "") -> None:
        iso = self.cal.iso
        self.rows.coverages.append((self.ids.coverage, member, lob, plan, iso(start), iso(end), reason))
        self.ids.coverage += 1

    def pcp(self, member: int, practitioner: int, location: int, start: int, end: int | None = None) -> None:
        iso = self.cal.iso
        self.rows.pcps.append((self.ids.pcp, member, practitioner, location, iso(start), iso(end)))
        self.ids.pcp += 1

    def other(self, member: int, payer: tuple[str, str], policy: str, group: str, relationship: str, cob: int,
              start: int) -> None:  # fmt: skip
        self.rows.others.append(
            (self.ids.other, member, payer[0], payer[1], policy, group, relationship, cob, self.cal.iso(start), None)
        )
        self.ids.other += 1

    def accumulator(self, member: int, year: int, deductible_met: str, oop_met: str) -> None:
        self.rows.accumulators.append((self.ids.accumulator, member, year, "in", "IND", deductible_met, oop_met))
        self.ids.accumulator += 1


def wellknown_rows(*, ctx: PopulationContext, providers: ProviderIds, ids: IdCounters) -> Rows:
    """Rows for the well-known members, taking the next primary keys from ``ids``."""
    cal = Calendar(ctx.as_of)
    rows = Rows()
    out = _Writer(ids, cal, rows)
    member_ids: list[int] = []
    for wk in WELL_KNOWN:
        member_ids.append(ids.member)
        rows.members.append(
            (ids.member, wk.member_number, wk.medicaid_id, wk.mbi, wk.first_name, "", wk.last_name,
             name_key(wk.last_name), name_key(wk.first_name), wk.birth_date.isoformat(), wk.sex, wk.address,
             wk.city, "OR", wk.postal_code, wk.phone, wk.language, wk.dual_status, True)
        )  # fmt: skip
        ids.member += 1
    maria, harold, kevin, aisha, daniel, olivia, sofia, walter = member_ids

    cco, dsnp = ctx.lobs["WVCCO"], ctx.lobs["CADSNP"]
    ohp_plus, dsnp_plan = cco.plans[0][0], dsnp.plans[0][0]
    month = cal.as_of_month
    cco_launch, dsnp_launch = cco.spec.launched.toordinal(), dsnp.spec.launched.toordinal()

    def ago(months: int, floor: int) -> int:
        """The first day of the month ``months`` before the as-of month, but not before ``floor``."""
        return max(cal.month_start(month - months), floor)

    def practitioner(location_key: str, index: int) -> tuple[int, int]:
        return providers.practitioner_ids_by_location[location_key][index], providers.location_ids[location_key]

    court, keizer = "thimbleberry-court", "thimbleberry-keizer"

    start = ago(80, cco_launch)  # (a) covered, PCP at the front desk's clinic
    out.coverage(maria, cco.lob_id, ohp_plus, start)
    out.pcp(maria, *practitioner(court, 0), start)

    start = ago(58, dsnp_launch)  # (b) full dual with other insurance
    out.coverage(harold, dsnp.lob_id, dsnp_plan, start)
    out.pcp(harold, *practitioner(keizer, 0), start)
    out.other(harold, RETIREE, "STR448120967", "20417", "18", 2, start)
    out.other(harold, OHP_FFS, "ZA10002K", "", "18", 3, start)
    out.accumulator(harold, ctx.as_of.year, ctx.dsnp_deductible, "612.40")

    start, end = ago(70, cco_launch), cal.month_end(month - 1)  # (c) coverage ended last month
    out.coverage(kevin, cco.lob_id, ohp_plus, start, end, TerminationReason.MOVED.value)
    out.pcp(kevin, *practitioner(court, 1), start, end)

    first_start, first_end, restart = ago(40, cco_launch), cal.month_end(month - 6), cal.month_start(month - 2)
    out.coverage(aisha, cco.lob_id, ohp_plus, first_start, first_end, TerminationReason.LOST_ELIGIBILITY.value)
    out.coverage(aisha, cco.lob_id, ohp_plus, restart)  # (d) a gap of three months between the spans
    out.pcp(aisha, *practitioner(keizer, 1), first_start, first_end)
    out.pcp(aisha, *practitioner(keizer, 1), restart)

    start = ago(90, cco_launch)  # (e) PCP at another clinic
    out.coverage(daniel, cco.lob_id, ohp_plus, start)
    out.pcp(daniel, *practitioner("salal-albany", 0), start)

    start, this_month = ago(39, cco_launch), cal.month_start(month)  # (f) new on the panel this month
    out.coverage(olivia, cco.lob_id, ohp_plus, start)
    out.pcp(olivia, *practitioner("riverbend-woodburn", 0), start, this_month - 1)
    out.pcp(olivia, *practitioner(court, 2), this_month)

    birth = WELL_KNOWN[6].birth_date.toordinal()  # a child with two parents' plans, Medicaid last
    out.coverage(sofia, cco.lob_id, ohp_plus, birth)
    out.pcp(sofia, *practitioner(keizer, 2), ago(60, birth))
    out.other(sofia, EMPLOYER, "EV310552871", "40125", "19", 1, ago(30, birth))
    out.other(sofia, SECOND_EMPLOYER, "CM884210334", "77310", "19", 2, ago(18, birth))

    start = ago(30, dsnp_launch)  # partial dual, deductible partly met
    out.coverage(walter, dsnp.lob_id, dsnp_plan, start)
    out.pcp(walter, *practitioner("thimbleberry-west", 0), start)
    out.accumulator(walter, ctx.as_of.year, "120.00", "120.00")

    return rows
