"""The public prior-authorization metrics (mounted at /prior-authorization/metrics/, no sign-in on purpose) and
the reviewers' dashboard (/authorizations/review/dashboard/, plan staff).

The public page shows aggregates only — counts, shares and times per urgency for a whole year and line of
business, and the plan's code lists — never anything about a member. The views only translate HTTP.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole
from portico.authorizations.metrics import (
    Dashboard,
    Grain,
    PublicReport,
    public_report,
    report_default_year,
    report_list_day,
    report_year_valid,
    report_years,
    review_dashboard,
    services_needing_authorization,
)
from portico.authorizations.review_queries import reviewer_scope
from portico.codes.list_queries import line_of_business_by_code, lines_of_business
from portico.common.charts import BarChart, Series, bar_chart
from portico.plans.models import LineOfBusiness

dashboard_required = staff_role_required(StaffRole.UM_REVIEWER, StaffRole.ADMINISTRATOR)


# ---- the public report -------------------------------------------------------------------------------------


def _report_params(request: HttpRequest) -> tuple[dict[str, str], dict[str, list[str]], int, LineOfBusiness | None]:
    values = {
        "year": request.GET.get("year", "").strip(),
        "line_of_business": request.GET.get("line_of_business", "").strip(),
    }
    errors: dict[str, list[str]] = {}
    year = report_default_year()
    if values["year"]:
        try:
            year = int(values["year"])
        except ValueError:
            year = 0
        if not report_year_valid(year):
            errors["year"] = [_("Choose one of the years listed.")]
            year = report_default_year()
    values["year"] = str(year)
    lob = None
    if values["line_of_business"]:
        lob = line_of_business_by_code(values["line_of_business"])
        if lob is None:
            errors["line_of_business"] = [_("Choose one of the plan's lines of business.")]
    return values, errors, year, lob


def _percent(value: Decimal | None) -> str:
    return "" if value is None else str(value)


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The CMS-0057-F figures for a calendar year, and what needs prior authorization: for anyone."""
    values, errors, year, lob = _report_params(request)
    figures = public_report(year=year, line_of_business=lob)
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "years": report_years(),
        "lobs": lines_of_business(),
        "report": figures,
        "services": services_needing_authorization(year=year, line_of_business=lob),
        "list_day": report_list_day(year),
        "time_zone": settings.TIME_ZONE,
        "csv_query": f"year={year}" + (f"&line_of_business={lob.code}" if lob else ""),
    }
    return render(request, "authorizations/metrics/report.html", context, status=400 if errors else 200)


def report_csv_rows(figures: PublicReport) -> list[list[str]]:
    """The page's figures as CSV rows: a header, then one row per urgency and one for all requests."""
    header = [
        _("Year"),
        _("Line of business"),
        _("Urgency"),
        _("Requests received"),
        _("Requests decided"),
        _("Still waiting for a decision"),
        _("Still waiting for a decision (%)"),
        _("Withdrawn before a decision"),
        _("Withdrawn before a decision (%)"),
        _("Approved"),
        _("Approved (%)"),
        _("Denied"),
        _("Denied (%)"),
        _("Partly approved, counted as denied"),
        _("Partly approved (%)"),
        _("Approved after appeal"),
        _("Approved after appeal (%)"),
        _("Approved after an extended timeframe"),
        _("Approved after an extended timeframe (%)"),
        _("Average hours from receipt to decision"),
        _("Median hours from receipt to decision"),
    ]
    lob = figures.line_of_business.name if figures.line_of_business else _("All lines of business")
    rows = [header]
    for f in figures.columns:
        rows.append(
            [
                str(figures.year),
                lob,
                f.label,
                str(f.received),
                str(f.decided),
                str(f.pending),
                _percent(f.pending_percent),
                str(f.withdrawn),
                _percent(f.withdrawn_percent),
                str(f.approved),
                _percent(f.approved_percent),
                str(f.denied),
                _percent(f.denied_percent),
                str(f.partly_approved),
                _percent(f.partly_approved_percent),
                str(f.approved_after_appeal),
                _percent(f.approved_after_appeal_percent),
                str(f.approved_after_extension),
                _percent(f.approved_after_extension_percent),
                _percent(f.average_hours),
                _percent(f.median_hours),
            ]
        )
    return rows


@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    """The same figures as the page, as CSV."""
    _values, errors, year, lob = _report_params(request)
    if errors:
        return report(request)
    figures = public_report(year=year, line_of_business=lob)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"prior-authorization-metrics-{year}" + (f"-{lob.code.lower()}" if lob else "") + ".csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
    csv.writer(response).writerows(report_csv_rows(figures))
    return response


# ---- the dashboard -----------------------------------------------------------------------------------------


def dashboard_charts(board: Dashboard) -> dict[str, BarChart]:
    categories = [p.label for p in board.periods]
    grain = _("week") if board.grain == Grain.WEEK else _("month")
    received = sum(p.received for p in board.periods)
    late = sum(p.late for p in board.periods)
    lob_labels = [row.label or _("No line of business") for row in board.by_line_of_business]
    reviewer_labels = [row.label for row in board.by_reviewer]

    def open_series(rows: list[Any]) -> list[Series]:
        return [
            Series(_("Overdue"), [r.overdue for r in rows], "#a4161a"),
            Series(_("Near due"), [r.near_due for r in rows], "#7a4a00"),
            Series(_("Due later"), [r.open - r.overdue - r.near_due for r in rows], "#0b5e6b"),
        ]

    return {
        "volume": bar_chart(
            id="chart-volume",
            title=_("Lines received and decided, by %(grain)s") % {"grain": grain},
            summary=_(
                "Bar chart of lines received and decided per %(grain)s: %(received)s received and %(decided)s "
                "decided in all. The numbers are in the table below the chart."
            )
            % {"grain": grain, "received": received, "decided": board.decided},
            categories=categories,
            series=[
                Series(_("Received"), [p.received for p in board.periods], "#0b5e6b"),
                Series(_("Decided"), [p.decided for p in board.periods], "#5b2a86"),
            ],
        ),
        "turnaround": bar_chart(
            id="chart-turnaround",
            title=_("Decisions on time and late, by %(grain)s") % {"grain": grain},
            summary=_(
                "Stacked bar chart of decisions per %(grain)s: %(on_time)s on time and %(late)s late. The "
                "numbers are in the table below the chart."
            )
            % {"grain": grain, "on_time": board.on_time, "late": late},
            categories=categories,
            series=[
                Series(_("On time"), [p.on_time for p in board.periods], "#196c2e"),
                Series(_("Late"), [p.late for p in board.periods], "#a4161a"),
            ],
            stacked=True,
        ),
        "by_lob": bar_chart(
            id="chart-open-lob",
            title=_("Open lines by line of business"),
            summary=_(
                "Stacked bar chart of open lines by line of business: %(overdue)s overdue, %(near)s near due, "
                "%(open)s open in all. The numbers are in the table below the chart."
            )
            % {"overdue": board.overdue, "near": board.near_due, "open": board.open},
            categories=lob_labels,
            series=open_series(board.by_line_of_business),
            stacked=True,
        ),
        "by_reviewer": bar_chart(
            id="chart-open-reviewer",
            title=_("Open lines by reviewer"),
            summary=_(
                "Stacked bar chart of open lines by reviewer or vendor: %(overdue)s overdue, %(near)s near due, "
                "%(open)s open in all. The numbers are in the table below the chart."
            )
            % {"overdue": board.overdue, "near": board.near_due, "open": board.open},
            categories=reviewer_labels,
            series=open_series(board.by_reviewer),
            stacked=True,
        ),
    }


@never_cache
@dashboard_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Volume, turnaround against the deadlines, overdue and near-due lines, by line of business and reviewer.
    A vendor's reviewer sees that vendor's lines; plan staff see every reviewed line."""
    grain = Grain.MONTH if request.GET.get("by") == Grain.MONTH else Grain.WEEK
    scope = reviewer_scope(request.user)  # type: ignore[arg-type]
    board = review_dashboard(vendor_id=scope.vendor_id if scope else None, grain=grain)
    return render(
        request,
        "authorizations/review/dashboard.html",
        {"board": board, "charts": dashboard_charts(board), "grain": grain},
    )
