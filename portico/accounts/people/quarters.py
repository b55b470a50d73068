"""Calendar quarters, for the quarterly attestation of an organization's people and roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def index(self) -> int:
        """Quarters since year 0: the difference of two indexes counts the quarters between them."""
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter.from_index(self.index + 1)

    def previous(self) -> Quarter:
        return Quarter.from_index(self.index - 1)

    def days_left(self, day: dt.date) -> int:
        """Days from ``day`` through the quarter's last day, ``day`` included (1 on the last day)."""
        return (self.end - day).days + 1

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"
