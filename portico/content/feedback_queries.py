"""Reads of website feedback for staff: the filtered list and the figures behind its charts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portico.common.dates import day_start
from portico.content.feedback import RATING_MAX, RATING_MIN, WebsiteFeedback

OPEN = "open"
HANDLED = "handled"


@dataclass(frozen=True)
class FeedbackFilters:
    page: str = ""
    rating: int | None = None
    status: str = ""  # OPEN, HANDLED or "" for both
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def feedback_filtered(filters: FeedbackFilters) -> QuerySet[WebsiteFeedback]:
    rows = WebsiteFeedback.objects.select_related("handled_by")
    if filters.page:
        rows = rows.filter(page__icontains=filters.page)
    if filters.rating is not None:
        rows = rows.filter(rating=filters.rating)
    if filters.status == OPEN:
        rows = rows.filter(handled_at__isnull=True)
    elif filters.status == HANDLED:
        rows = rows.filter(handled_at__isnull=False)
    if filters.date_from:
        rows = rows.filter(created_at__gte=day_start(filters.date_from))
    if filters.date_to:
        rows = rows.filter(created_at__lt=day_start(filters.date_to + dt.timedelta(days=1)))
    return rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class MonthRatings:
    month: str  # YYYY-MM
    by_rating: list[int]  # counts for ratings 1..5


def ratings_by_month(rows: QuerySet[WebsiteFeedback], *, months: int = 12) -> list[MonthRatings]:
    """Counts per rating for each of the last ``months`` months that have feedback (oldest first)."""
    counts: dict[str, Counter[int]] = {}
    tz = timezone.get_current_timezone()
    for month, rating, n in (
        rows.annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values_list("month", "rating")
        .annotate(n=Count("id"))
        .values_list("month", "rating", "n")
        .order_by()
    ):
        key = month.strftime("%Y-%m")
        counts.setdefault(key, Counter())[rating] += n
    keys = sorted(counts)[-months:]
    return [MonthRatings(k, [counts[k][r] for r in range(RATING_MIN, RATING_MAX + 1)]) for k in keys]


@dataclass(frozen=True)
class PageRatings:
    page: str
    low: int  # 1-2
    middle: int  # 3
    high: int  # 4-5
    average: float

    @property
    def total(self) -> int:
        return self.low + self.middle + self.high


def ratings_by_page(rows: QuerySet[WebsiteFeedback], *, top: int = 10) -> list[PageRatings]:
    """The pages with the most feedback, with their ratings grouped poor (1-2), middling (3) and good (4-5)."""
    by_page: dict[str, Counter[int]] = {}
    for page, rating, n in (
        rows.values_list("page", "rating").annotate(n=Count("id")).values_list("page", "rating", "n").order_by()
    ):
        by_page.setdefault(page, Counter())[rating] += n
    found = []
    for page, c in by_page.items():
        total = sum(c.values())
        found.append(
            PageRatings(
                page=page,
                low=c[1] + c[2],
                middle=c[3],
                high=c[4] + c[5],
                average=round(sum(r * n for r, n in c.items()) / total, 1) if total else 0.0,
            )
        )
    return sorted(found, key=lambda p: (-p.total, p.page))[:top]
