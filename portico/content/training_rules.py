"""When training is due: pure date arithmetic over a requirement, a start date and the last completion.

Kept free of queries so the rules can be read, and tested, on their own (tests/content/test_training.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portico.content.training import RequirementFrequency, TrainingRequirement


class TrainingState(models.TextChoices):
    DONE = "done", _("Done")
    DUE = "due", _("Due")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    OPTIONAL = "optional", pgettext_lazy("training", "Not required")


OPEN_STATES = (TrainingState.DUE, TrainingState.DUE_SOON, TrainingState.OVERDUE)


def due_soon_days() -> int:
    return int(settings.PORTICO.get("TRAINING_DUE_SOON_DAYS", 30))


@dataclass(frozen=True)
class Standing:
    """Where one person or practitioner stands on one requirement today."""

    state: TrainingState
    due_on: dt.date | None  # the date it is (or was) due by; None when done for good or not required
    valid_until: dt.date | None = None  # for a yearly requirement done this year: next due date

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def _on(year: int, month: int, day: int) -> dt.date:
    """The date, or the month's last day when it has fewer days (February 29 in other years)."""
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def _yearly_due(requirement: TrainingRequirement, *, year: int, base: dt.date) -> dt.date | None:
    """The due date for the calendar year, or None if the subject owed nothing that year (started later)."""
    if base.year > year:
        return None
    assert requirement.due_month is not None
    assert requirement.due_day is not None
    due = _on(year, requirement.due_month, requirement.due_day)
    if base.year == year:  # a newcomer this year gets at least the newcomers' days, within the year
        due = max(due, min(base + dt.timedelta(days=requirement.days_for_newcomers), dt.date(year, 12, 31)))
    return due


def _open(due_on: dt.date, today: dt.date) -> Standing:
    if today > due_on:
        return Standing(TrainingState.OVERDUE, due_on)
    if (due_on - today).days <= due_soon_days():
        return Standing(TrainingState.DUE_SOON, due_on)
    return Standing(TrainingState.DUE, due_on)


def standing(
    requirement: TrainingRequirement, *, start: dt.date, completions: list[dt.date], today: dt.date
) -> Standing:
    """The standing of a subject who started with a covered organization on ``start`` and completed the module on
    the dates ``completions``. The clock starts no earlier than the requirement's effective start."""
    base = max(start, requirement.effective_start)
    if requirement.frequency == RequirementFrequency.ONCE:
        if completions:
            return Standing(TrainingState.DONE, None)
        return _open(base + dt.timedelta(days=requirement.days_for_newcomers), today)

    this_year = _yearly_due(requirement, year=today.year, base=base)
    if this_year is None:  # starts in a later year: nothing owed yet
        return Standing(TrainingState.OPTIONAL, None)
    if any(done.year == today.year for done in completions):
        next_due = _yearly_due(requirement, year=today.year + 1, base=base)
        return Standing(TrainingState.DONE, None, valid_until=next_due)
    if today > this_year:
        return Standing(TrainingState.OVERDUE, this_year)
    last_year = _yearly_due(requirement, year=today.year - 1, base=base)
    if (
        last_year is not None
        and last_year >= requirement.effective_start
        and not any(done.year == today.year - 1 for done in completions)
    ):
        return Standing(TrainingState.OVERDUE, last_year)  # last year's was never done
    return _open(this_year, today)


def in_effect(requirement: TrainingRequirement, today: dt.date) -> bool:
    return requirement.effective_start <= today and (
        requirement.effective_end is None or today <= requirement.effective_end
    )


STATE_ORDER = {
    TrainingState.OVERDUE: 0,
    TrainingState.DUE_SOON: 1,
    TrainingState.DUE: 2,
    TrainingState.DONE: 3,
    TrainingState.OPTIONAL: 4,
}


def most_urgent(first: Standing, second: Standing) -> Standing:
    """Of two standings of the same subject (through two organizations), the one that needs action first."""
    a, b = STATE_ORDER[first.state], STATE_ORDER[second.state]
    if a != b:
        return first if a < b else second
    if first.due_on and second.due_on:
        return first if first.due_on <= second.due_on else second
    return first
