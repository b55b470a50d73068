"""Reads of fee schedules, scoped to who is asking.

A schedule with no organization (the non-contracted schedules, say) is public: anyone may see it, signed in or
not. A contracted schedule is seen only by people acting for its organization, and by plan staff. Anything
else answers "not found", the same as a schedule that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from django.db.models import Q
from django.utils.translation import gettext as _

from portico.common.errors import NotFound, ValidationFailed
from portico.pricing.models import (
    FeeSchedule,
    FeeScheduleRate,
    FeeScheduleVersion,
    MpfsLocality,
    MpfsRvu,
    PricingMethod,
    VersionStatus,
)
from portico.pricing.pricer import PAID_STATUSES, Rate, schedule_rate


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the organization they act for (None: nobody, or not signed in), or plan staff."""

    organization_id: int | None = None
    plan_staff: bool = False


@dataclass(frozen=True)
class RateRow:
    code: str
    modifier: str
    description: str
    rate: Decimal | None  # flat rate, or the MPFS non-facility amount
    facility_rate: Decimal | None = None  # MPFS only


def _visible(viewer: Viewer) -> Q:
    published = Q(versions__status=VersionStatus.PUBLISHED)
    if viewer.plan_staff:
        return published
    scope = Q(organization__isnull=True)
    if viewer.organization_id is not None:
        scope |= Q(organization_id=viewer.organization_id)
    return published & scope


def fee_schedules_visible(*, viewer: Viewer) -> list[FeeSchedule]:
    """Every schedule with a published version that the viewer may see."""
    return list(
        FeeSchedule.objects.filter(_visible(viewer))
        .select_related("line_of_business", "organization")
        .distinct()
        .order_by("organization_id", "name")
    )


def fee_schedule_visible(*, viewer: Viewer, slug: str) -> FeeSchedule:
    found = (
        FeeSchedule.objects.filter(_visible(viewer), slug=slug)
        .select_related("line_of_business", "organization")
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such fee schedule."))
    return found


def fee_schedule_versions(*, schedule: FeeSchedule) -> list[FeeScheduleVersion]:
    return list(
        schedule.versions.filter(status=VersionStatus.PUBLISHED)
        .select_related("mpfs_release")
        .order_by("-effective_start")
    )


def version_on(*, schedule: FeeSchedule, day: dt.date) -> FeeScheduleVersion | None:
    return (
        schedule.versions.filter(status=VersionStatus.PUBLISHED, effective_start__lte=day)
        .filter(Q(effective_end__isnull=True) | Q(effective_end__gte=day))
        .select_related("mpfs_release")
        .first()
    )


def locality_of(*, schedule: FeeSchedule, version: FeeScheduleVersion) -> MpfsLocality | None:
    if schedule.method != PricingMethod.MPFS or version.gpci_year is None:
        return None
    return MpfsLocality.objects.filter(
        year=version.gpci_year, mac=schedule.locality_mac, locality=schedule.locality
    ).first()


class RateRows(Sequence[RateRow]):
    """A version's rows in code order; an MPFS-derived row is computed only when read (a page of 100 of the
    ~17,000 codes Medicare pays, not all of them)."""

    def __init__(self, *, schedule_id: int, day: dt.date, entries: list[tuple[str, str, RateRow | None]]) -> None:
        self._schedule_id = schedule_id
        self._day = day
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    def _row(self, entry: tuple[str, str, RateRow | None]) -> RateRow:
        code, modifier, row = entry
        if row is not None:
            return row
        found = [
            schedule_rate(
                schedule_id=self._schedule_id, code=code, modifiers=[modifier], day=self._day, place_of_service=place
            )[0]
            for place in ("11", "22")  # a non-facility and a facility place of service
        ]
        nonfacility, facility = found
        return RateRow(
            code, modifier, "", nonfacility.amount if nonfacility else None, facility.amount if facility else None
        )

    @overload
    def __getitem__(self, index: int) -> RateRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[RateRow]: ...

    def __getitem__(self, index: int | slice) -> RateRow | list[RateRow]:
        if isinstance(index, slice):
            return [self._row(entry) for entry in self._entries[index]]
        return self._row(self._entries[index])


def fee_schedule_rows(*, schedule: FeeSchedule, version: FeeScheduleVersion, q: str = "") -> RateRows:
    """The rates of a version, searched by code (prefix) or words of the description. For an MPFS-derived
    version: every code Medicare pays on the schedule, non-facility and facility, plus the flat rates listed."""
    q = q.strip().upper()
    flat = FeeScheduleRate.objects.filter(version=version)
    if q:
        flat = flat.filter(Q(code__startswith=q) | Q(description__icontains=q))
    entries: list[tuple[str, str, RateRow | None]] = [
        (r.code, r.modifier, RateRow(r.code, r.modifier, r.description, r.rate))
        for r in flat.order_by("code", "modifier")
    ]
    if schedule.method == PricingMethod.MPFS and version.mpfs_release_id is not None:
        listed = {(code, modifier) for code, modifier, _row in entries}
        rvus = MpfsRvu.objects.filter(release_id=version.mpfs_release_id, status__in=PAID_STATUSES)
        if q:
            rvus = rvus.filter(code__startswith=q)
        for code, modifier in rvus.order_by("code", "modifier").values_list("code", "modifier"):
            if (code, modifier) not in listed:
                entries.append((code, modifier, None))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
    return RateRows(schedule_id=schedule.pk, day=version.effective_start, entries=entries)


# ---- the rate lookup: one code of one schedule on a date ----------------------------------------------------

EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)


@dataclass(frozen=True)
class RateLookup:
    code: str
    modifier: str
    day: dt.date
    place_of_service: str


def rate_lookup_parse(*, code: str, modifier: str = "", date: str = "", place_of_service: str = "") -> RateLookup:
    """Check what a person typed; every bad field is named with what to write instead."""
    errors: dict[str, list[str]] = {}
    code = code.strip().upper()
    modifier = modifier.strip().upper()
    place = place_of_service.strip()
    if len(code) != 5 or not code.isalnum():
        errors["code"] = [_("Enter a 5-character CPT or HCPCS code, like 90834 or H0004.")]
    if modifier and (len(modifier) != 2 or not modifier.isalnum()):
        errors["modifier"] = [_("A modifier is 2 letters or digits, like 26 or TC; leave it empty for none.")]
    day: dt.date | None = None
    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError:
        errors["date"] = [_("The date of service must be a date like 2025-06-01.")]
    if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
        errors["date"] = [_("The date of service must be between 2000-01-01 and 2099-12-31.")]
    if place and (len(place) != 2 or not place.isdigit()):
        errors["place_of_service"] = [
            _("A place of service is 2 digits, like 11 (office) or 22 (outpatient hospital).")
        ]
    if errors:
        raise ValidationFailed(errors)
    assert day is not None
    return RateLookup(code=code, modifier=modifier, day=day, place_of_service=place or "11")


def fee_schedule_rate_lookup(*, viewer: Viewer, slug: str, lookup: RateLookup) -> tuple[FeeSchedule, Rate | None, str]:
    """The rate of a code in a schedule the viewer may see, on a date and at a place of service, and how it was
    derived; or None and why not. A schedule out of the viewer's scope is not found."""
    schedule = fee_schedule_visible(viewer=viewer, slug=slug)
    rate, reason = schedule_rate(
        schedule_id=schedule.pk,
        code=lookup.code,
        modifiers=[lookup.modifier] if lookup.modifier else [],
        day=lookup.day,
        place_of_service=lookup.place_of_service,
    )
    return schedule, rate, reason
