"""Bar charts drawn on the server as inline SVG: the geometry here, the drawing in ``web/_bar_chart.html``.

No JavaScript. Each chart carries a text alternative (``summary``, read out for the ``role="img"`` SVG) and
the numbers it draws (``rows``), which the template shows as a table. Series colors come from
``SERIES_COLORS``: each has at least 3:1 contrast against white and against the grid, as WCAG 2.1 asks of
graphics (1.4.11); a legend and the table say the same thing without color.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Teal, purple, dark red, dark amber, green: each at least 4.5:1 on white.
SERIES_COLORS = ("#0b5e6b", "#5b2a86", "#a4161a", "#7a4a00", "#196c2e")

WIDTH = 720
HEIGHT = 260
LEFT = 48  # room for the value axis
RIGHT = 8
TOP = 12
BOTTOM = 40  # room for the category labels
MAX_GROUP = 96  # widest group of bars for one category


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]
    color: str = ""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class CategoryLabel:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    summary: str
    series: list[Series]
    categories: list[str]
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[CategoryLabel]
    stacked: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The numbers drawn: one row per category, one value per series."""
        return [(category, [int(s.values[i]) for s in self.series]) for i, category in enumerate(self.categories)]


def nice_step(top: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most ``ticks`` intervals up to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover


def bar_chart(
    *, id: str, title: str, summary: str, categories: Sequence[str], series: Sequence[Series], stacked: bool = False
) -> BarChart:
    """Bars per category, side by side (grouped) or on top of each other (stacked)."""
    colored = [
        Series(label=s.label, values=list(s.values), color=s.color or SERIES_COLORS[i % len(SERIES_COLORS)])
        for i, s in enumerate(series)
    ]
    count = max(len(categories), 1)
    if stacked:
        top_value = max((sum(s.values[i] for s in colored) for i in range(len(categories))), default=0)
    else:
        top_value = max((v for s in colored for v in s.values), default=0)
    step = nice_step(top_value)
    top = max(step * math.ceil(top_value / step), step)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / count
    group = min(slot * 0.8, MAX_GROUP)  # a lone category does not become one wall-wide bar
    bar_width = group if stacked else group / max(len(colored), 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (1 - value / top), 2)

    bars: list[Bar] = []
    for i, category in enumerate(categories):
        x0 = LEFT + slot * i + (slot - group) / 2
        below = 0
        for n, s in enumerate(colored):
            value = s.values[i]
            if stacked:
                x, low, high = x0, below, below + value
                below = high
            else:
                x, low, high = x0 + bar_width * n, 0, value
            if value <= 0:
                continue
            bars.append(
                Bar(
                    x=round(x, 2),
                    y=y_of(high),
                    width=round(bar_width, 2),
                    height=round(y_of(low) - y_of(high), 2),
                    color=s.color,
                    title=f"{category}, {s.label}: {value}",
                )
            )
    ticks = [Tick(y=y_of(v), label=str(v)) for v in range(0, top + 1, step)]
    labels = [CategoryLabel(x=round(LEFT + slot * (i + 0.5), 2), label=c) for i, c in enumerate(categories)]
    return BarChart(
        id=id,
        title=title,
        summary=summary,
        series=colored,
        categories=list(categories),
        bars=bars,
        ticks=ticks,
        labels=labels,
        stacked=stacked,
    )
