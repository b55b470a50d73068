"""Prior-authorization metrics: the CMS-0057-F public report on a known year of requests (built through the real
submit, decide, extend and appeal services, with the clock set for each step), its public page and CSV, and the
reviewers' dashboard."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import StaffRole
from portico.authorizations.metrics import (
    Grain,
    public_report,
    report_default_year,
    report_years,
    review_dashboard,
    services_needing_authorization,
    year_bounds,
)
from portico.authorizations.metrics_views import report_csv_rows
from portico.authorizations.models import AuthorizationLine, AuthorizationRequest, DecisionOutcome
from portico.authorizations.review_services import (
    AssignAction,
    authorization_line_appeal,
    authorization_line_assign,
    authorization_line_decide,
    authorization_line_extend,
)
from portico.authorizations.services import authorization_submit
from portico.common.charts import Series, bar_chart, nice_step
from tests import factories
from tests.authorizations.review_support import Reviewers
from tests.authorizations.support import AuthWorld

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
DENIAL = {"reason": "No record of six weeks of physical therapy.", "criteria": "Cascadia Medical Policy MP-112"}


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=PACIFIC)  # type: ignore[misc]


def submit(auth: AuthWorld, when: dt.datetime, lines: list[dict[str, Any]], urgency: str = "standard") -> Any:
    extra: dict[str, Any] = {"urgency": urgency}
    if urgency == "expedited":
        extra["expedited_attested"] = True
    with time_machine.travel(when, tick=False):
        return authorization_submit(
            actor=auth.actor(), data=auth.payload(lines=lines, **extra), acknowledge_duplicates=True
        ).request


def line(row: AuthorizationRequest, number: int = 1) -> AuthorizationLine:
    return row.lines.get(number=number)


def decide(reviewers: Reviewers, who: Any, target: AuthorizationLine, when: dt.datetime, outcome: str, **extra: Any):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        return authorization_line_decide(
            actor=reviewers.actor(who), line_id=target.pk, outcome=DecisionOutcome(outcome), **extra
        )


KNEE = {"code": "27447", "units": 1, "start": "2026-06-01"}  # the plan reviews it
MRI = {"code": "70551", "units": 1, "start": "2026-06-02"}  # Summit reviews it
VISIT = {"code": "99213", "units": 1, "start": "2026-06-03"}  # on the No-Auth list


def build_year(auth: AuthWorld, reviewers: Reviewers) -> dict[str, AuthorizationRequest]:
    """The 2026 requests of the report tests (and one of 2025):

    | request | received (Pacific) | lines | what happens | counts as |
    | --- | --- | --- | --- | --- |
    | last_2025 | 2025-12-31 23:30 | plan | approved after 2 h | 2025 standard, approved |
    | s1 | 2026-01-01 00:30 | plan | approved after 24.5 h | approved, 24.5 h |
    | s2 | 2026-03-02 10:00 | plan + Summit | denied 10 h, 50 h; Summit's approved on appeal | denied, 50 h |
    | s3 | 2026-04-01 09:00 | plan | extended at 24 h, approved at 200 h | approved after extension, 200 h |
    | s4 | 2026-05-04 08:00 | plan (2 units) + No-Auth | 1 unit at 12 h; 2 on appeal | partly, appeal, 12 h |
    | s5 | 2026-12-31 23:30 | plan | open | pending |
    | s6 | 2026-06-01 10:00 | No-Auth only | — | not counted |
    | s7 | 2026-07-01 10:00 | plan | withdrawn | withdrawn |
    | e1 e2 e3 | 2026-02-10/11/12 10:00, expedited | plan | approved 5 h, denied 80 h, approved 30 h | 2 of 3 approved |

    s2 stays denied and is not approved after appeal: its knee line is still denied. s4 is denied (partly
    approved) at first, then approved after appeal: its one reviewed line was approved in full on appeal.
    """
    nurse, summit = reviewers.plan, reviewers.summit
    rows: dict[str, AuthorizationRequest] = {}
    rows["last_2025"] = submit(auth, at(2025, 12, 31, 23, 30), [KNEE])
    decide(reviewers, nurse, line(rows["last_2025"]), at(2026, 1, 1, 1, 30), "approved")

    rows["s1"] = submit(auth, at(2026, 1, 1, 0, 30), [KNEE])
    decide(reviewers, nurse, line(rows["s1"]), at(2026, 1, 2, 1, 0), "approved")

    s2_received = at(2026, 3, 2, 10, 0)
    rows["s2"] = submit(auth, s2_received, [KNEE, MRI])
    decide(reviewers, nurse, line(rows["s2"], 1), s2_received + dt.timedelta(hours=10), "denied", **DENIAL)
    decide(reviewers, summit, line(rows["s2"], 2), s2_received + dt.timedelta(hours=50), "denied", **DENIAL)
    with time_machine.travel(s2_received + dt.timedelta(hours=60), tick=False):
        authorization_line_appeal(
            actor=auth.actor(), request_id=rows["s2"].pk, line_id=line(rows["s2"], 2).pk, reason="Exam attached."
        )
    decide(reviewers, summit, line(rows["s2"], 2), s2_received + dt.timedelta(hours=70), "approved")

    s3_received = at(2026, 4, 1, 9, 0)
    rows["s3"] = submit(auth, s3_received, [KNEE])
    with time_machine.travel(s3_received + dt.timedelta(hours=24), tick=False):
        authorization_line_extend(actor=reviewers.actor(nurse), line_id=line(rows["s3"]).pk, reason="Records asked.")
    decide(reviewers, nurse, line(rows["s3"]), s3_received + dt.timedelta(hours=200), "approved")

    s4_received = at(2026, 5, 4, 8, 0)
    rows["s4"] = submit(auth, s4_received, [{**KNEE, "units": 2}, VISIT])
    decide(
        reviewers,
        nurse,
        line(rows["s4"]),
        s4_received + dt.timedelta(hours=12),
        "partially_approved",
        units=1,
        **DENIAL,
    )
    with time_machine.travel(s4_received + dt.timedelta(hours=20), tick=False):
        authorization_line_appeal(
            actor=auth.actor(), request_id=rows["s4"].pk, line_id=line(rows["s4"]).pk, reason="Both knees."
        )
    decide(reviewers, nurse, line(rows["s4"]), s4_received + dt.timedelta(hours=30), "approved")

    rows["s5"] = submit(auth, at(2026, 12, 31, 23, 30), [KNEE])
    rows["s6"] = submit(auth, at(2026, 6, 1, 10, 0), [VISIT])
    rows["s7"] = submit(auth, at(2026, 7, 1, 10, 0), [KNEE])
    decide(reviewers, nurse, line(rows["s7"]), at(2026, 7, 1, 12, 0), "withdrawn")

    for name, day, hours, outcome in (("e1", 10, 5, "approved"), ("e2", 11, 80, "denied"), ("e3", 12, 30, "approved")):
        received = at(2026, 2, day, 10, 0)
        rows[name] = submit(auth, received, [KNEE], urgency="expedited")
        extra = DENIAL if outcome == "denied" else {}
        decide(reviewers, nurse, line(rows[name]), received + dt.timedelta(hours=hours), outcome, **extra)
    return rows


@pytest.fixture
def year_2026(auth: AuthWorld, reviewers: Reviewers) -> dict[str, AuthorizationRequest]:
    return build_year(auth, reviewers)


AFTER_THE_YEAR = at(2027, 1, 15, 12, 0)


# ---- the figures ------------------------------------------------------------------------------------------


def test_the_year_is_the_plans_calendar_year() -> None:
    start, end = year_bounds(2026)
    assert start == dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2027, 1, 1, 8, 0, tzinfo=dt.UTC)


def test_standard_requests_of_the_year_by_the_counting_rules(year_2026: dict[str, AuthorizationRequest]) -> None:
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        report = public_report(year=2026)
    standard = report.standard
    assert report.complete
    assert (standard.received, standard.decided, standard.pending, standard.withdrawn) == (6, 4, 1, 1)
    assert (standard.approved, standard.denied, standard.partly_approved) == (2, 2, 1)
    # Every share is of the 6 requests received: the one still waiting and the withdrawn one are neither
    # approved nor denied, and the four shares make up the whole.
    assert standard.approved_percent == Decimal("33.3")
    assert standard.denied_percent == Decimal("33.3")
    assert standard.partly_approved_percent == Decimal("16.7")
    assert (standard.pending_percent, standard.withdrawn_percent) == (Decimal("16.7"), Decimal("16.7"))
    # s4 (partly approved, then approved in full on appeal) is approved after appeal; s2 is not: one of its
    # lines was overturned on appeal, the other is still denied.
    assert standard.approved_after_appeal == 1
    assert standard.approved_after_appeal_percent == Decimal("16.7")
    assert standard.approved_after_extension_percent == Decimal("16.7")
    # 24.5, 50 (the last line's first decision; the appeal does not count), 200 and 12 hours.
    assert standard.average_hours == Decimal("71.6")
    assert standard.median_hours == Decimal("37.3")


def test_expedited_requests_of_the_year(year_2026: dict[str, AuthorizationRequest]) -> None:
    expedited = public_report(year=2026).expedited
    assert (expedited.received, expedited.decided, expedited.approved, expedited.denied) == (3, 3, 2, 1)
    assert expedited.approved_percent == Decimal("66.7")
    assert expedited.denied_percent == Decimal("33.3")
    assert expedited.approved_after_appeal_percent == Decimal("0.0")
    assert expedited.average_hours == Decimal("38.3")
    assert expedited.median_hours == Decimal("30.0")


def test_the_extended_timeframe_share_is_of_all_requests(year_2026: dict[str, AuthorizationRequest]) -> None:
    report = public_report(year=2026)
    every = report.all_requests
    assert every.label == "All requests"
    assert report.columns == [report.standard, report.expedited, every]
    assert (every.received, every.decided, every.approved, every.denied, every.pending) == (9, 7, 4, 3, 1)
    # s3, the one request approved after its deadline was extended, of the 9 standard and expedited requests.
    assert every.approved_after_extension == 1
    assert every.approved_after_extension_percent == Decimal("11.1")
    assert every.approved_percent == Decimal("44.4")
    assert every.median_hours == Decimal("30.0")


def test_a_request_counts_in_the_year_of_receipt_on_the_plans_clock(
    year_2026: dict[str, AuthorizationRequest],
) -> None:
    # 23:30 on 31 December in Oregon is already 1 January in UTC: still the old year.
    earlier = public_report(year=2025).standard
    assert (earlier.received, earlier.decided, earlier.approved) == (1, 1, 1)
    assert earlier.median_hours == Decimal("2.0")
    assert public_report(year=2027).standard.received == 0
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        assert report_years() == [2027, 2026, 2025]
        assert report_default_year() == 2026


def test_a_line_of_business_without_requests_has_no_shares(
    auth: AuthWorld, year_2026: dict[str, AuthorizationRequest]
) -> None:
    report = public_report(year=2026, line_of_business=auth.lists.dsnp)
    assert report.standard.received == 0
    assert report.standard.approved_percent is None
    assert report.standard.median_hours is None
    assert public_report(year=2026, line_of_business=auth.lists.nc).standard.decided == 4


def test_the_items_and_services_are_the_lists_in_force_at_the_end_of_the_year(auth: AuthWorld) -> None:
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        (nc,) = services_needing_authorization(year=2026, line_of_business=auth.lists.nc)
    assert nc.day == dt.date(2026, 12, 31)
    vendor_codes = {(row.code, row.vendor.name if row.vendor else "") for row in nc.vendor_codes}
    assert ("70551", "Summit Specialty Review") in vendor_codes
    assert ("G0399", "Beacon Sleep Partners") in vendor_codes
    assert "97110" not in {row.code for row in nc.vendor_codes}  # moved to the No-Auth list on 2026-08-01
    assert {row.code for row in nc.no_auth_codes} == {"99213", "90834", "97110"}


# ---- the public page and its CSV --------------------------------------------------------------------------


def test_the_public_page_needs_no_sign_in_and_names_no_member(
    auth: AuthWorld, year_2026: dict[str, AuthorizationRequest]
) -> None:
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        response = Client().get("/prior-authorization/metrics/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Prior-authorization metrics, 2026" in body
    assert "66.7%" in body
    assert "37.3" in body
    assert '<th scope="col" class="num">All requests</th>' in body
    assert '<td class="num">11.1%</td>' in body  # approved after an extended timeframe, of all requests
    assert '<td class="num">1 (16.7%)</td>' in body  # one standard request withdrawn, of six
    assert "70551" in body
    member = auth.world.member_a
    for private in (member.last_name, member.member_number, year_2026["s1"].number or "?"):
        assert private not in body
    assert 'class="site-nav"' not in body  # the navigation is for signed-in people


def test_the_csv_holds_the_same_figures_as_the_page(year_2026: dict[str, AuthorizationRequest]) -> None:
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        response = Client().get("/prior-authorization/metrics/report.csv?year=2026")
        expected = report_csv_rows(public_report(year=2026))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="prior-authorization-metrics-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == expected
    header, standard, expedited, every = rows
    figures = dict(zip(header, standard, strict=True))
    assert figures["Urgency"] == "Standard"
    assert figures["Requests received"] == "6"
    assert figures["Approved (%)"] == "33.3"
    assert figures["Still waiting for a decision (%)"] == "16.7"
    assert figures["Approved after appeal (%)"] == "16.7"
    assert figures["Approved after an extended timeframe (%)"] == "16.7"
    assert figures["Average hours from receipt to decision"] == "71.6"
    assert figures["Median hours from receipt to decision"] == "37.3"
    assert dict(zip(header, expedited, strict=True))["Denied (%)"] == "33.3"
    all_requests = dict(zip(header, every, strict=True))
    assert (all_requests["Urgency"], all_requests["Requests received"]) == ("All requests", "9")
    assert all_requests["Approved after an extended timeframe (%)"] == "11.1"


def test_a_line_of_business_and_a_bad_year_on_the_public_page(
    auth: AuthWorld, year_2026: dict[str, AuthorizationRequest]
) -> None:
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        client = Client()
        one = client.get("/prior-authorization/metrics/report.csv?year=2026&line_of_business=CADSNP")
        assert one["Content-Disposition"] == 'attachment; filename="prior-authorization-metrics-2026-cadsnp.csv"'
        assert list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))[1][3] == "0"
        assert client.get("/prior-authorization/metrics/?year=1800").status_code == 400
        assert client.get("/prior-authorization/metrics/?year=soon").status_code == 400
        assert client.get("/prior-authorization/metrics/?line_of_business=NOPE").status_code == 400
        assert client.get("/prior-authorization/metrics/report.csv?year=2999").status_code == 400


# ---- the dashboard ----------------------------------------------------------------------------------------

NOW = at(2026, 6, 10, 12, 0)  # a Wednesday: this week began on Monday 8 June


def build_weeks(auth: AuthWorld, reviewers: Reviewers) -> None:
    nurse = reviewers.plan
    a = submit(auth, at(2026, 6, 1, 10, 0), [KNEE], urgency="expedited")
    decide(reviewers, nurse, line(a), at(2026, 6, 1, 15, 0), "approved")  # 5 h, on time
    b = submit(auth, at(2026, 6, 2, 10, 0), [{**KNEE, "start": "2026-06-05"}], urgency="expedited")
    decide(reviewers, nurse, line(b), at(2026, 6, 5, 18, 0), "denied", **DENIAL)  # 80 h, late
    c = submit(auth, at(2026, 6, 3, 10, 0), [{**KNEE, "start": "2026-06-20"}])  # due 10 June 10:00: overdue
    authorization_line_assign(actor=reviewers.actor(nurse), line_id=line(c).pk, action=AssignAction.ASSIGN)
    submit(auth, at(2026, 6, 9, 10, 0), [MRI])  # Summit's, due 16 June
    submit(auth, at(2026, 6, 8, 10, 0), [{**KNEE, "start": "2026-07-01"}], urgency="expedited")  # due in 22 h


def test_the_dashboard_counts_lines_by_week_line_of_business_and_reviewer(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    build_weeks(auth, reviewers)
    board = review_dashboard(grain=Grain.WEEK, now=NOW)
    assert len(board.periods) == 12
    assert board.periods[-1].start == dt.date(2026, 6, 8)
    last_week, this_week = board.periods[-2:]
    assert (last_week.received, last_week.decided, last_week.on_time, last_week.late) == (3, 2, 1, 1)
    assert (this_week.received, this_week.decided) == (2, 0)
    assert (board.open, board.overdue, board.near_due) == (3, 1, 1)
    assert board.on_time_percent == Decimal("50.0")
    (north_coast,) = board.by_line_of_business
    assert (north_coast.open, north_coast.overdue, north_coast.near_due, north_coast.decided) == (3, 1, 1, 2)
    rows = {row.label: row for row in board.by_reviewer}
    assert list(rows) == ["Grace Lindqvist", "Not assigned", "Summit Specialty Review"]
    grace = rows["Grace Lindqvist"]
    assert (grace.decided, grace.on_time, grace.late, grace.open, grace.overdue) == (2, 1, 1, 1, 1)
    assert grace.median_hours == Decimal("42.5")
    assert (rows["Not assigned"].open, rows["Not assigned"].near_due) == (1, 1)
    assert rows["Summit Specialty Review"].open == 1
    by_month = review_dashboard(grain=Grain.MONTH, now=NOW)
    assert by_month.periods[-1].start == dt.date(2026, 6, 1)
    assert by_month.periods[-1].received == 5


def test_a_vendor_reviewer_sees_only_the_vendors_lines(auth: AuthWorld, reviewers: Reviewers) -> None:
    build_weeks(auth, reviewers)
    with time_machine.travel(NOW, tick=False):
        body = reviewers.client(reviewers.summit).get("/authorizations/review/dashboard/").content.decode()
    board = review_dashboard(vendor_id=auth.lists.summit.pk, now=NOW)
    assert (board.open, board.decided) == (1, 0)
    assert [row.label for row in board.by_reviewer] == ["Summit Specialty Review"]
    assert "Prior-authorization lines routed to Summit Specialty Review." in body
    assert "Grace Lindqvist" not in body


def test_the_dashboard_is_for_um_reviewers_and_plan_administrators(
    auth: AuthWorld, reviewers: Reviewers, client_a: Client
) -> None:
    build_weeks(auth, reviewers)
    url = "/authorizations/review/dashboard/"
    assert client_a.get(url).status_code == 403
    assert reviewers.client(reviewers.clerk).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    admin = factories.UserFactory(staff_roles=[StaffRole.ADMINISTRATOR.value])
    assert reviewers.client(admin).get(url).status_code == 200
    with time_machine.travel(NOW, tick=False):
        response = reviewers.client(reviewers.plan).get(url)
        monthly = reviewers.client(reviewers.plan).get(url + "?by=month")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Prior-auth dashboard" in body
    assert 'role="img"' in body
    assert "Stacked bar chart of decisions per week: 1 on time and 1 late." in body
    assert '<td class="num">42.5</td>' in body
    assert "Grace Lindqvist" in body
    assert auth.world.member_a.last_name not in body
    assert "Month (last 12)" in monthly.content.decode()
    assert 'href="/authorizations/review/dashboard/"' in body  # the navigation item


# ---- the charts -------------------------------------------------------------------------------------------


def test_chart_steps_are_round_numbers() -> None:
    assert [nice_step(n) for n in (0, 3, 9, 17, 40, 130, 999)] == [1, 1, 5, 5, 10, 50, 500]


def test_a_stacked_chart_stacks_and_keeps_the_numbers() -> None:
    chart = bar_chart(
        id="c",
        title="t",
        summary="s",
        categories=["Jun 1", "Jun 8"],
        series=[Series("On time", [3, 0]), Series("Late", [1, 2])],
        stacked=True,
    )
    assert chart.rows == [("Jun 1", [3, 1]), ("Jun 8", [0, 2])]
    assert len(chart.bars) == 3  # a zero draws no bar
    first_on_time, first_late = chart.bars[:2]
    assert first_late.y + first_late.height == pytest.approx(first_on_time.y)
    assert [t.label for t in chart.ticks] == ["0", "1", "2", "3", "4"]
