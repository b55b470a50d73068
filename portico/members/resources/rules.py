"""Who may get what, and when: the programs in force on a day, and whether a member qualifies for one — by the
line of business of the member's coverage on the day it is needed, the program's season, and (for help with
coverage) a coverage that ended not long ago. Every "no" says why, in words a front desk can repeat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portico.common.texts import day_text
from portico.members.models import Coverage
from portico.members.resources.models import ResourceProgram
from portico.plans.models import LineOfBusiness, ProgramKind


def programs_in_force(*, on: dt.date) -> list[ResourceProgram]:
    """One version per program key: the latest started on or before ``on`` and not ended, in display order."""
    rows = ResourceProgram.objects.filter(
        Q(effective_end__isnull=True) | Q(effective_end__gte=on), effective_start__lte=on
    )
    chosen: dict[str, ResourceProgram] = {}
    for row in rows.order_by("key", "-effective_start"):
        chosen.setdefault(row.key, row)
    return sorted(chosen.values(), key=lambda p: (p.position, p.key))


def program_in_force(*, key: str, on: dt.date) -> ResourceProgram | None:
    return next((p for p in programs_in_force(on=on) if p.key == key), None)


def _month_day(value: str) -> tuple[int, int]:
    return int(value[:2]), int(value[3:])


def in_season(program: ResourceProgram, day: dt.date) -> bool:
    """Inside the program's yearly season (one that wraps the new year, such as 11-01 to 02-28, works too)."""
    if not program.season_start or not program.season_end:
        return True
    start, end, here = _month_day(program.season_start), _month_day(program.season_end), (day.month, day.day)
    if start <= end:
        return start <= here <= end
    return here >= start or here <= end


def season_label(program: ResourceProgram) -> str:
    """ "May 1 to October 31", in the person's language; empty for a program offered all year."""
    if not program.season_start or not program.season_end:
        return ""
    start, end = _month_day(program.season_start), _month_day(program.season_end)
    return _("%(start)s to %(end)s") % {
        "start": date_format(dt.date(2000, *start), "F j"),
        "end": date_format(dt.date(2000, *end), "F j"),
    }


def eligible_programs_label(program: ResourceProgram) -> str:
    """ "Medicaid, Medicare Advantage": who the program serves."""
    labels = dict(ProgramKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in program.eligible_programs)


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reason: str  # why not; or, when it qualifies, how (the coverage)
    line_of_business: LineOfBusiness | None = None


def qualification(*, program: ResourceProgram, member_id: int, needed_on: dt.date, today: dt.date) -> Qualification:
    """Whether the member qualifies for the program for ``needed_on`` (asked on ``today``), and why not."""
    if not in_season(program, today):
        return Qualification(
            False,
            _("%(program)s is offered from %(season)s each year; today is outside that season.")
            % {"program": program.name, "season": season_label(program)},
        )
    spans = list(
        Coverage.objects.select_related("line_of_business")
        .filter(member_id=member_id, start__lte=needed_on)
        .order_by("-start")
    )
    eligible = set(program.eligible_programs)
    covering = [c for c in spans if c.covers(needed_on)]
    for coverage in covering:
        if coverage.line_of_business.program in eligible:
            return Qualification(
                True, _("Covered by %(lob)s.") % {"lob": coverage.line_of_business.name}, coverage.line_of_business
            )
    if covering:
        lob = covering[0].line_of_business
        return Qualification(
            False,
            _(
                "%(program)s is for members covered by %(programs)s. On %(date)s the member is covered by %(lob)s "
                "(%(kind)s), which does not offer it."
            )
            % {
                "program": program.name,
                "programs": eligible_programs_label(program),
                "date": day_text(needed_on),
                "lob": lob.name,
                "kind": lob.get_program_display(),
            },
        )
    if program.coverage_lookback_days:
        since = needed_on - dt.timedelta(days=program.coverage_lookback_days)
        for coverage in spans:
            ended_lately = coverage.end is not None and since <= coverage.end < needed_on
            if ended_lately and coverage.line_of_business.program in eligible:
                return Qualification(
                    True,
                    _("Coverage with %(lob)s ended on %(end)s: help is offered for %(days)s days after.")
                    % {
                        "lob": coverage.line_of_business.name,
                        "end": day_text(coverage.end) if coverage.end else "",
                        "days": program.coverage_lookback_days,
                    },
                    coverage.line_of_business,
                )
    return Qualification(
        False,
        _("The member has no coverage with the plan on %(date)s, so %(program)s cannot be arranged for that day.")
        % {"date": day_text(needed_on), "program": program.name},
    )
