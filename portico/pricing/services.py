"""Every change to fee schedules and the Medicare data: load an MPFS release and a year's GPCIs, create a
schedule, add a version (flat rates from a CSV file, or derived from an MPFS release), publish it.

Publishing keeps the published versions of a schedule from overlapping: an open-ended version in force when a
later one starts is closed the day before; any other overlap is refused, naming the effective date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.errors import DomainError, ValidationFailed
from portico.pricing import mpfs_files
from portico.pricing.models import (
    FeeSchedule,
    FeeScheduleRate,
    FeeScheduleVersion,
    MpfsLocality,
    MpfsRelease,
    MpfsRvu,
    PricingMethod,
    VersionStatus,
)
from portico.pricing.pricer import CENT, pricing_cache_clear

RATE_COLUMNS = ("code", "modifier", "rate", "description")
MAX_RATE_ROWS = 20_000


@dataclass(frozen=True)
class RateInput:
    code: str
    modifier: str
    rate: Decimal
    description: str = ""


# ---- the Medicare physician fee schedule files --------------------------------------------------------------


@transaction.atomic
def mpfs_release_load(*, name: str, year: int, content: bytes, source_file: str = "") -> MpfsRelease:
    """Load a PPRRVU file as a release (replacing a release of the same name). The conversion factor is the
    one printed in the file's CONV FACTOR column, which must be the same on every row."""
    try:
        rows = list(mpfs_files.rvu_rows(content))
    except mpfs_files.MpfsFileError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from exc
    factors = {row.conversion_factor for row in rows if row.conversion_factor}
    if len(factors) != 1:
        raise ValidationFailed({"file": [_("The file has no single conversion factor: %(f)s") % {"f": factors}]})
    (factor,) = factors
    MpfsRelease.objects.filter(name=name).delete()
    release = MpfsRelease.objects.create(name=name, year=year, conversion_factor=factor, source_file=source_file[:200])
    MpfsRvu.objects.bulk_create(
        [
            MpfsRvu(
                release=release,
                code=row.code,
                modifier=row.modifier,
                status=row.status,
                work_rvu=row.work,
                pe_nonfacility_rvu=row.pe_nonfacility,
                pe_facility_rvu=row.pe_facility,
                mp_rvu=row.mp,
                pctc=row.pctc,
            )
            for row in rows
        ],
        batch_size=2000,
    )
    transaction.on_commit(pricing_cache_clear)
    return release


@transaction.atomic
def mpfs_localities_load(*, content: bytes, year: int | None = None, counties: bytes | None = None) -> int:
    """Load a year's GPCIs by locality (replacing that year's), with each locality's counties if given."""
    try:
        year = year or mpfs_files.gpci_year(content)
        rows = list(mpfs_files.gpci_rows(content))
        county_map = mpfs_files.locality_counties(counties) if counties else {}
    except mpfs_files.MpfsFileError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from exc
    if year is None:
        raise ValidationFailed({"year": [_("Give the calendar year of the GPCI file.")]})
    MpfsLocality.objects.filter(year=year).delete()
    MpfsLocality.objects.bulk_create(
        [
            MpfsLocality(
                year=year, mac=r.mac, locality=r.locality, state=r.state, name=r.name, work_gpci=r.work,
                pe_gpci=r.pe, mp_gpci=r.mp, counties=county_map.get((r.mac, r.locality), "")[:300],
            )
            for r in rows
        ]
    )  # fmt: skip
    transaction.on_commit(pricing_cache_clear)
    return len(rows)


# ---- schedules and versions ---------------------------------------------------------------------------------


def fee_schedule_rates_parse(content: bytes) -> list[RateInput]:
    """Read a rates file (CSV: code, modifier, rate, description). Every bad row is named; nothing is kept."""
    errors: dict[str, list[str]] = {}
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed({"file": [_("The file is not UTF-8 text.")]}) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "code" not in header or "rate" not in header:
        raise ValidationFailed(
            {"file": [_("The first line must name the columns: %(c)s.") % {"c": ", ".join(RATE_COLUMNS)}]}
        )
    rates: list[RateInput] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        code = row.get("code", "").upper()
        if not code or code.startswith("#"):
            continue
        modifier = row.get("modifier", "").upper()
        where = f"row {number}"
        if len(code) != 5 or not code.isalnum():
            errors.setdefault(where, []).append(
                _("code: %(code)s is not a 5-character CPT or HCPCS code.") % {"code": code}
            )
            continue
        if modifier and (len(modifier) != 2 or not modifier.isalnum()):
            errors.setdefault(where, []).append(_("modifier: %(m)s is not a 2-character modifier.") % {"m": modifier})
            continue
        try:
            rate = Decimal(row.get("rate", "").replace("$", "").replace(",", ""))
        except InvalidOperation:
            errors.setdefault(where, []).append(_("rate: %(r)s is not an amount.") % {"r": row.get("rate", "")})
            continue
        if not rate.is_finite() or rate < 0 or rate != rate.quantize(CENT):
            errors.setdefault(where, []).append(_("rate: %(r)s must be dollars and cents, 0 or more.") % {"r": rate})
            continue
        if (code, modifier) in seen:
            errors.setdefault(where, []).append(_("%(code)s %(m)s is listed twice.") % {"code": code, "m": modifier})
            continue
        seen.add((code, modifier))
        rates.append(RateInput(code=code, modifier=modifier, rate=rate, description=row.get("description", "")[:200]))
    if len(rates) > MAX_RATE_ROWS:
        errors["file"] = [_("The file has more than %(n)s rates.") % {"n": MAX_RATE_ROWS}]
    if errors:
        raise ValidationFailed(errors)
    return rates


@transaction.atomic
def fee_schedule_version_create(
    *,
    schedule: FeeSchedule,
    effective_start: dt.date,
    effective_end: dt.date | None = None,
    rates: list[RateInput] | None = None,
    mpfs_release: MpfsRelease | None = None,
    gpci_year: int | None = None,
    percentage: Decimal | None = None,
    conversion_factor: Decimal | None = None,
    note: str = "",
) -> FeeScheduleVersion:
    """A draft version of a schedule. A flat schedule needs rates; an MPFS-derived one needs a release, a GPCI
    year for its locality and a percentage (the conversion factor is the release's unless given)."""
    errors: dict[str, list[str]] = {}
    if effective_end is not None and effective_end < effective_start:
        errors["effective_end"] = [_("The last date of service must be on or after the first.")]
    if schedule.method == PricingMethod.FLAT and not rates:
        errors["rates"] = [_("A flat fee schedule version needs at least one rate.")]
    if schedule.method == PricingMethod.MPFS:
        if mpfs_release is None:
            errors["mpfs_release"] = [_("Choose the Medicare relative value release to derive rates from.")]
        if percentage is None or percentage <= 0:
            errors["percentage"] = [_("Give the percentage of the Medicare amount paid, more than 0.")]
        if (
            gpci_year is None
            or not MpfsLocality.objects.filter(
                year=gpci_year, mac=schedule.locality_mac, locality=schedule.locality
            ).exists()
        ):
            errors["gpci_year"] = [
                _("No GPCIs are loaded for locality %(loc)s in %(year)s.")
                % {"loc": f"{schedule.locality_mac}-{schedule.locality}", "year": gpci_year}
            ]
    if errors:
        raise ValidationFailed(errors)
    locked = FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FeeScheduleVersion.objects.create(
        schedule=locked,
        number=number,
        effective_start=effective_start,
        effective_end=effective_end,
        mpfs_release=mpfs_release,
        gpci_year=gpci_year if schedule.method == PricingMethod.MPFS else None,
        conversion_factor=(conversion_factor or (mpfs_release.conversion_factor if mpfs_release else None)),
        percentage=percentage if schedule.method == PricingMethod.MPFS else None,
        note=note[:300],
    )
    FeeScheduleRate.objects.bulk_create(
        [
            FeeScheduleRate(version=version, code=r.code, modifier=r.modifier, rate=r.rate, description=r.description)
            for r in rates or []
        ],
        batch_size=2000,
    )
    return version


def _overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@transaction.atomic
def fee_schedule_version_publish(*, version: FeeScheduleVersion, user: User | None = None) -> FeeScheduleVersion:
    """Publish a draft: from its first date of service claims are priced on it. An open-ended published version
    that started earlier ends the day before; a version it would otherwise overlap makes this refuse."""
    FeeSchedule.objects.select_for_update().get(pk=version.schedule_id)
    version = FeeScheduleVersion.objects.get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise DomainError(_("Version %(n)s is already published.") % {"n": version.number}, field="version")
    others = FeeScheduleVersion.objects.filter(schedule_id=version.schedule_id, status=VersionStatus.PUBLISHED)
    to_close: list[FeeScheduleVersion] = []
    for other in others:
        if not _overlaps(version.effective_start, version.effective_end, other.effective_start, other.effective_end):
            continue
        if other.effective_end is None and other.effective_start < version.effective_start:
            to_close.append(other)
            continue
        raise DomainError(
            _("Version %(n)s already applies to dates of service from %(start)s; choose a later first date.")
            % {"n": other.number, "start": other.effective_start.isoformat()},
            field="effective_start",
        )
    for other in to_close:
        other.effective_end = version.effective_start - dt.timedelta(days=1)
        other.save(update_fields=["effective_end"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "published_at", "published_by"])
    pricing_cache_clear()
    transaction.on_commit(pricing_cache_clear)
    return version
