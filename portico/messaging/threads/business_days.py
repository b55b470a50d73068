"""Business days for reply targets: weekdays that are not a plan holiday (``BusinessHoliday`` rows — the US
federal holidays as observed, seeded by the messaging migration, plus any closure the plan adds in the back
office).

A message received at any moment of a day (in the plan's zone) is due by the end of the N-th business day after
that day: received Friday afternoon with a target of 2, it is due by the end of Tuesday; received on Saturday, by
the end of Tuesday too (Monday is the first business day after it). "The end of the day" is midnight, when the next
day starts, so a message is overdue from the first moment of the following day.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from portico.messaging.threads.models import BusinessHoliday

SEEDED_YEARS = range(2024, 2036)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` (0 = Monday) of the month; n = -1 for the last one."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[n - 1] if n > 0 else days[n]


def _observed(day: dt.date) -> dt.date:
    """Federal rule (5 U.S.C. 6103(b)): a holiday on Saturday is observed on Friday, on Sunday on Monday."""
    if day.weekday() == calendar.SATURDAY:
        return day - dt.timedelta(days=1)
    if day.weekday() == calendar.SUNDAY:
        return day + dt.timedelta(days=1)
    return day


def us_federal_holidays(year: int) -> list[tuple[dt.date, str]]:
    """The eleven US federal holidays of ``year`` on the days they are observed (5 U.S.C. 6103(a)). New Year's Day
    on a Saturday is observed on 31 December of the year before, so it is listed in that year."""
    fixed = [
        (dt.date(year, 6, 19), "Juneteenth National Independence Day"),
        (dt.date(year, 7, 4), "Independence Day"),
        (dt.date(year, 11, 11), "Veterans Day"),
        (dt.date(year, 12, 25), "Christmas Day"),
    ]
    floating = [
        (_nth_weekday(year, 1, calendar.MONDAY, 3), "Birthday of Martin Luther King, Jr."),
        (_nth_weekday(year, 2, calendar.MONDAY, 3), "Washington's Birthday"),
        (_nth_weekday(year, 5, calendar.MONDAY, -1), "Memorial Day"),
        (_nth_weekday(year, 9, calendar.MONDAY, 1), "Labor Day"),
        (_nth_weekday(year, 10, calendar.MONDAY, 2), "Columbus Day"),
        (_nth_weekday(year, 11, calendar.THURSDAY, 4), "Thanksgiving Day"),
    ]
    days = [(_observed(d), name) for d, name in fixed] + floating
    for new_year in (dt.date(year, 1, 1), dt.date(year + 1, 1, 1)):
        observed = _observed(new_year)
        if observed.year == year:
            days.append((observed, "New Year's Day"))
    return sorted(days)


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(BusinessHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_business_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() < calendar.SATURDAY and day not in holidays


def business_days_after(start: dt.date, days: int, holidays: set[dt.date] | None = None) -> dt.date:
    """The ``days``-th business day after ``start`` (``start`` itself never counts)."""
    if holidays is None:
        # Generous: every run of holidays and weekends in a month is shorter than the span looked at.
        holidays = holidays_between(start, start + dt.timedelta(days=days * 3 + 14))
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_business_day(day, holidays):
            counted += 1
    return day


def reply_due_at(*, received_at: dt.datetime, days: int) -> dt.datetime:
    """When the answer to a message received at ``received_at`` is due: the end (midnight) of the ``days``-th
    business day after the day received, in the plan's zone."""
    local_day = timezone.localtime(received_at, timezone.get_default_timezone()).date()
    due_day = business_days_after(local_day, days)
    next_midnight = dt.datetime.combine(due_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(next_midnight, timezone.get_default_timezone())


def due_day_of(due_at: dt.datetime) -> dt.date:
    """The last day to answer, for people: the day before the midnight the answer is due at."""
    return timezone.localtime(due_at, timezone.get_default_timezone()).date() - dt.timedelta(days=1)
