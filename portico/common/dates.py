"""Date helpers: dates of service are dates; 'today' is the plan's local date."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def day_start(day: dt.date) -> dt.datetime:
    """Midnight starting ``day`` in the plan's time zone: "on a day" is a range of instants."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def span_contains(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    """Inclusive span; an open end (None) runs forever."""
    return start <= day and (end is None or day <= end)
