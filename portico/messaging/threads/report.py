"""The reply-target report: for each team and week, how many waits for the plan's answer were answered within the
team's target and how many late (answered after the due time, or still unanswered past it). A wait belongs to the
week (Monday to Sunday, plan time) it started in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portico.common.charts import BarChart, Series, bar_chart
from portico.messaging.threads.models import PlanTeam
from portico.messaging.threads.queries import waits_since

ON_TIME_COLOR = "#196c2e"
LATE_COLOR = "#a4161a"


@dataclass(frozen=True)
class TeamFigures:
    team: PlanTeam
    on_time: int
    late: int
    waiting: int  # unanswered and not yet due
    chart: BarChart

    @property
    def answered_share(self) -> int | None:
        """Per cent of the settled waits (on time or late) that were on time."""
        settled = self.on_time + self.late
        return round(100 * self.on_time / settled) if settled else None


@dataclass(frozen=True)
class ReplyTargetReport:
    weeks: list[dt.date]
    teams: list[TeamFigures]
    overview: BarChart


def _week_of(moment: dt.datetime) -> dt.date:
    day = timezone.localtime(moment, timezone.get_default_timezone()).date()
    return day - dt.timedelta(days=day.weekday())


def reply_target_report(*, teams: list[PlanTeam], today: dt.date, weeks: int) -> ReplyTargetReport:
    this_week = today - dt.timedelta(days=today.weekday())
    starts = [this_week - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    since = timezone.make_aware(dt.datetime.combine(starts[0], dt.time.min), timezone.get_default_timezone())
    now = timezone.now()
    # team id -> week -> [on time, late, waiting]
    counts: dict[int, dict[dt.date, list[int]]] = {t.pk: {w: [0, 0, 0] for w in starts} for t in teams}
    for team_id, received, due, answered in waits_since(since=since):
        week = counts.get(team_id, {}).get(_week_of(received))
        if week is None:
            continue
        if due is None:
            continue
        if answered is not None:
            week[0 if answered <= due else 1] += 1
        else:
            week[1 if due < now else 2] += 1
    labels = [date_format(w, "M j") for w in starts]
    on_time_label, late_label = _("Answered within the target"), _("Late")
    figures = []
    for team in teams:
        rows = [counts[team.pk][w] for w in starts]
        on_time, late, waiting = (sum(r[i] for r in rows) for i in range(3))
        chart = bar_chart(
            id=f"reply-target-{team.key}",
            title=_("%(team)s: answers within %(days)s business days, by week received")
            % {"team": team.name, "days": team.reply_target_days},
            summary=_("%(team)s, the last %(weeks)s weeks: %(on_time)s answered within the target, %(late)s late.")
            % {"team": team.name, "weeks": weeks, "on_time": on_time, "late": late},
            categories=labels,
            series=[
                Series(label=on_time_label, values=[r[0] for r in rows], color=ON_TIME_COLOR),
                Series(label=late_label, values=[r[1] for r in rows], color=LATE_COLOR),
            ],
            stacked=True,
        )
        figures.append(TeamFigures(team=team, on_time=on_time, late=late, waiting=waiting, chart=chart))
    overview = bar_chart(
        id="reply-target-teams",
        title=_("Answers within the target and late, by team (the last %(weeks)s weeks)") % {"weeks": weeks},
        summary=", ".join(
            _("%(team)s: %(on_time)s within the target, %(late)s late")
            % {"team": f.team.name, "on_time": f.on_time, "late": f.late}
            for f in figures
        ),
        categories=[f.team.name for f in figures],
        series=[
            Series(label=on_time_label, values=[f.on_time for f in figures], color=ON_TIME_COLOR),
            Series(label=late_label, values=[f.late for f in figures], color=LATE_COLOR),
        ],
    )
    return ReplyTargetReport(weeks=starts, teams=figures, overview=overview)
