"""The pricer: what the plan allows for one service line, and why.

``price_line`` is the one function other apps call (adjudication, the rate lookup page and API). It picks the
most specific fee schedule in force on the date of service — the organization's own contracted schedule first,
then the schedule for the line of business, network status and kind of provider (a schedule for every line of
business or every kind of provider is less specific than one naming it) — finds the rate for the code and
modifier, and allows the lesser of the charge and rate times units. A code the schedule does not price is a
clear ``NO_RATE`` outcome, never an exception: the adjudication pipeline turns it into a pend or a denial.

Speed: the schedules and their versions are read once into an in-memory index (rebuilt after a publish in this
process, and at most ``INDEX_SECONDS`` old in any other); each published version's rates, each MPFS release's
RVUs and each year's GPCIs are read once and kept, keyed by what never changes after publishing. Pricing a
line then makes no query.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.common.errors import ValidationFailed
from portico.common.texts import day_text, text_fill, with_dates
from portico.pricing.models import (
    FeeSchedule,
    FeeScheduleRate,
    FeeScheduleVersion,
    MpfsLocality,
    MpfsRvu,
    PricingMethod,
    VersionStatus,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
INDEX_SECONDS = 30.0
# CMS: the facility rate (facility PE RVUs) applies in these places of service; every other place gets the
# non-facility rate (Medicare Claims Processing Manual, chapter 12, §20.4.2; POS 02 since 2024, 10 is non-facility).
FACILITY_PLACES = frozenset(
    {"02", "19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}
)
# CMS status indicators paid on the schedule: active, restricted, injections.
PAID_STATUSES = frozenset({"A", "R", "T"})


def money(value: Decimal) -> Decimal:
    """Cents, half up: the only rounding the pricer does, at the end of each amount."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Outcome(StrEnum):
    PRICED = "priced"
    NO_SCHEDULE = "no_schedule"
    NO_RATE = "no_rate"


@dataclass(frozen=True)
class MpfsDerivation:
    """How an MPFS-derived rate was computed, figure by figure, for the provider to check."""

    release: str
    code: str
    modifier: str
    status: str
    facility: bool
    work_rvu: Decimal
    pe_rvu: Decimal
    mp_rvu: Decimal
    gpci_year: int
    locality: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal
    conversion_factor: Decimal
    percentage: Decimal

    @property
    def medicare_amount(self) -> Decimal:
        """[(work RVU * work GPCI) + (PE RVU * PE GPCI) + (MP RVU * MP GPCI)] * CF, unrounded."""
        units = self.work_rvu * self.work_gpci + self.pe_rvu * self.pe_gpci + self.mp_rvu * self.mp_gpci
        return units * self.conversion_factor

    @property
    def amount(self) -> Decimal:
        return money(self.medicare_amount * self.percentage / HUNDRED)


@dataclass(frozen=True)
class Rate:
    """A rate found in a schedule version: the amount per unit in cents, and where it came from."""

    schedule_id: int
    schedule_name: str
    schedule_slug: str
    version_id: int
    version_number: int
    effective_start: dt.date
    effective_end: dt.date | None
    code: str
    modifier: str
    amount: Decimal
    description: str = ""
    derivation: MpfsDerivation | None = None


# Why a line was priced as it was (or not at all): stored untranslated by adjudication, shown in the reader's
# language with the values in ``PriceResult.reason_params`` (``portico.common.texts``).
NO_SCHEDULE_REASON = gettext_noop("No fee schedule applies to this provider on %(day)s.")
NO_RATE_REASON = gettext_noop("%(schedule)s has no rate for %(code)s on %(day)s.")
PRICED_REASON = gettext_noop("Allowed the lesser of the charge and the %(schedule)s rate times the units.")


@dataclass(frozen=True)
class PriceResult:
    outcome: Outcome
    reason_key: str
    code: str
    units: Decimal
    charge: Decimal
    allowed: Decimal | None = None
    rate: Rate | None = None
    reason_params: dict[str, str] = field(default_factory=dict)

    @property
    def priced(self) -> bool:
        return self.outcome == Outcome.PRICED

    @property
    def reason(self) -> str:
        """Why, in the active language (dates in its format)."""
        return text_fill(self.reason_key, self.reason_params)


# ---- the in-memory index ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Version:
    id: int
    number: int
    start: dt.date
    end: dt.date | None
    published_at: dt.datetime | None
    release_id: int | None
    release_name: str
    gpci_year: int | None
    conversion_factor: Decimal | None
    percentage: Decimal | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class _Schedule:
    id: int
    name: str
    slug: str
    line_of_business_id: int | None
    network_status: str
    provider_kind: str
    organization_id: int | None
    method: str
    locality_mac: str
    locality: str
    versions: tuple[_Version, ...]

    def version_on(self, day: dt.date) -> _Version | None:
        return next((v for v in self.versions if v.covers(day)), None)


_RvuEntry = tuple[str, Decimal, Decimal, Decimal, Decimal]  # status, work, PE non-facility, PE facility, MP
_GpciEntry = tuple[Decimal, Decimal, Decimal, str]  # work, PE, MP, locality name

_lock = threading.Lock()
_index: tuple[float, dict[str, list[_Schedule]]] | None = None
_rates: dict[tuple[int, str], dict[tuple[str, str], tuple[Decimal, str]]] = {}
_rvus: dict[int, dict[tuple[str, str], _RvuEntry]] = {}
_gpcis: dict[tuple[int, str, str], _GpciEntry | None] = {}


def pricing_cache_clear() -> None:
    """Forget everything read (services call this after publishing; tests between cases)."""
    global _index
    with _lock:
        _index = None
        _rates.clear()
        _rvus.clear()
        _gpcis.clear()


def _load_index() -> dict[str, list[_Schedule]]:
    versions: dict[int, list[_Version]] = {}
    rows = (
        FeeScheduleVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("mpfs_release")
        .order_by("effective_start")
    )
    for v in rows:
        versions.setdefault(v.schedule_id, []).append(
            _Version(
                id=v.pk,
                number=v.number,
                start=v.effective_start,
                end=v.effective_end,
                published_at=v.published_at,
                release_id=v.mpfs_release_id,
                release_name=v.mpfs_release.name if v.mpfs_release else "",
                gpci_year=v.gpci_year,
                conversion_factor=v.conversion_factor,
                percentage=v.percentage,
            )
        )
    by_network: dict[str, list[_Schedule]] = {}
    for s in FeeSchedule.objects.filter(pk__in=versions.keys()).order_by("pk"):
        by_network.setdefault(s.network_status, []).append(
            _Schedule(
                id=s.pk,
                name=s.name,
                slug=s.slug,
                line_of_business_id=s.line_of_business_id,
                network_status=s.network_status,
                provider_kind=s.provider_kind,
                organization_id=s.organization_id,
                method=s.method,
                locality_mac=s.locality_mac,
                locality=s.locality,
                versions=tuple(versions[s.pk]),
            )
        )
    return by_network


def _schedules() -> dict[str, list[_Schedule]]:
    global _index
    now = time.monotonic()
    current = _index
    if current is not None and now - current[0] < INDEX_SECONDS:
        return current[1]
    loaded = _load_index()
    with _lock:
        _index = (now, loaded)
    return loaded


def _schedule_by_id(schedule_id: int) -> _Schedule | None:
    for group in _schedules().values():
        for schedule in group:
            if schedule.id == schedule_id:
                return schedule
    return None


def _version_rates(version: _Version) -> dict[tuple[str, str], tuple[Decimal, str]]:
    key = (version.id, version.published_at.isoformat() if version.published_at else "")
    found = _rates.get(key)
    if found is None:
        rows = FeeScheduleRate.objects.filter(version_id=version.id).values_list(
            "code", "modifier", "rate", "description"
        )
        found = {(code, modifier): (rate, description) for code, modifier, rate, description in rows}
        _rates[key] = found
    return found


def _release_rvus(release_id: int) -> dict[tuple[str, str], _RvuEntry]:
    found = _rvus.get(release_id)
    if found is None:
        rows = MpfsRvu.objects.filter(release_id=release_id).values_list(
            "code", "modifier", "status", "work_rvu", "pe_nonfacility_rvu", "pe_facility_rvu", "mp_rvu"
        )
        found = {(code, mod): (status, work, pe_nf, pe_f, mp) for code, mod, status, work, pe_nf, pe_f, mp in rows}
        _rvus[release_id] = found
    return found


def _gpci(year: int, mac: str, locality: str) -> _GpciEntry | None:
    key = (year, mac, locality)
    if key not in _gpcis:
        row = MpfsLocality.objects.filter(year=year, mac=mac, locality=locality).first()
        _gpcis[key] = (row.work_gpci, row.pe_gpci, row.mp_gpci, row.name) if row else None
    return _gpcis[key]


# ---- finding a rate -----------------------------------------------------------------------------------------


def _pick(
    *, schedules: list[_Schedule], line_of_business_id: int | None, provider_kind: str, organization_id: int | None,
    day: dt.date,
) -> tuple[_Schedule, _Version] | None:  # fmt: skip
    best: tuple[int, _Schedule, _Version] | None = None
    for s in schedules:
        if s.organization_id is not None and s.organization_id != organization_id:
            continue
        if s.line_of_business_id is not None and s.line_of_business_id != line_of_business_id:
            continue
        if s.provider_kind and s.provider_kind != provider_kind:
            continue
        version = s.version_on(day)
        if version is None:
            continue
        score = (4 if s.organization_id else 0) + (2 if s.line_of_business_id else 0) + (1 if s.provider_kind else 0)
        if best is None or score > best[0]:
            best = (score, s, version)
    return (best[1], best[2]) if best else None


def _rate_in(schedule: _Schedule, version: _Version, code: str, modifiers: Sequence[str], place: str) -> Rate | None:
    """The rate of a code in one version: a listed flat rate for the first modifier that has one, else the code's
    own; for MPFS-derived versions then the RVU row for the first pricing modifier (26, TC, 53), else the global."""
    wanted = [m for m in modifiers if m] + [""]

    def made(modifier: str, amount: Decimal, description: str = "", derivation: MpfsDerivation | None = None) -> Rate:
        return Rate(
            schedule_id=schedule.id,
            schedule_name=schedule.name,
            schedule_slug=schedule.slug,
            version_id=version.id,
            version_number=version.number,
            effective_start=version.start,
            effective_end=version.end,
            code=code,
            modifier=modifier,
            amount=amount,
            description=description,
            derivation=derivation,
        )

    rates = _version_rates(version)
    for modifier in wanted:
        if (found := rates.get((code, modifier))) is not None:
            return made(modifier, found[0], found[1])
    if schedule.method != PricingMethod.MPFS or version.release_id is None or version.gpci_year is None:
        return None
    rvus = _release_rvus(version.release_id)
    gpci = _gpci(version.gpci_year, schedule.locality_mac, schedule.locality)
    if gpci is None or version.conversion_factor is None or version.percentage is None:
        return None
    for modifier in wanted:
        entry = rvus.get((code, modifier))
        if entry is None:
            continue
        status, work, pe_nf, pe_f, mp = entry
        if status not in PAID_STATUSES:
            return None
        facility = place in FACILITY_PLACES
        derivation = MpfsDerivation(
            release=version.release_name,
            code=code,
            modifier=modifier,
            status=status,
            facility=facility,
            work_rvu=work,
            pe_rvu=pe_f if facility else pe_nf,
            mp_rvu=mp,
            gpci_year=version.gpci_year,
            locality=f"{schedule.locality_mac}-{schedule.locality} {gpci[3]}",
            work_gpci=gpci[0],
            pe_gpci=gpci[1],
            mp_gpci=gpci[2],
            conversion_factor=version.conversion_factor,
            percentage=version.percentage,
        )
        return made(modifier, derivation.amount, derivation=derivation)
    return None


def schedule_rate(
    *, schedule_id: int, code: str, modifiers: Sequence[str], day: dt.date, place_of_service: str = ""
) -> tuple[Rate | None, str]:
    """The rate of a code in one schedule on a date, or None and why not. The schedule's visibility is the
    caller's business (``queries.fee_schedule_visible``)."""
    code = code.strip().upper()
    schedule = _schedule_by_id(schedule_id)
    version = schedule.version_on(day) if schedule else None
    if schedule is None or version is None:
        return None, _("The schedule has no version in force on %(day)s.") % {"day": day_text(day)}
    rate = _rate_in(schedule, version, code, [m.strip().upper() for m in modifiers], place_of_service.strip())
    if rate is None:
        return None, _("%(schedule)s has no rate for %(code)s on %(day)s.") % {
            "schedule": schedule.name,
            "code": code,
            "day": day_text(day),
        }
    return rate, ""


def price_line(
    *,
    line_of_business_id: int | None,
    network_status: str,
    provider_kind: str,
    organization_id: int | None,
    code: str,
    modifiers: Sequence[str],
    units: Decimal | int,
    charge: Decimal,
    date_of_service: dt.date,
    place_of_service: str,
) -> PriceResult:
    """Price one service line: allowed = the lesser of the charge and rate times units, in cents. Units of 0 or
    less, or a negative charge, raise ``ValidationFailed`` naming the field (the claim's own checks come first)."""
    code = code.strip().upper()
    units = Decimal(units)
    errors: dict[str, list[str]] = {}
    if not units.is_finite() or units <= 0:
        errors["units"] = [_("Units must be more than 0.")]
    if not charge.is_finite() or charge < 0:
        errors["charge"] = [_("The charge must be 0 or more.")]
    if errors:
        raise ValidationFailed(errors)
    picked = _pick(
        schedules=_schedules().get(network_status, []),
        line_of_business_id=line_of_business_id,
        provider_kind=provider_kind,
        organization_id=organization_id,
        day=date_of_service,
    )
    if picked is None:
        return PriceResult(
            outcome=Outcome.NO_SCHEDULE,
            reason_key=NO_SCHEDULE_REASON,
            reason_params=with_dates({"day": date_of_service}, "day"),
            code=code,
            units=units,
            charge=charge,
        )
    schedule, version = picked
    rate = _rate_in(schedule, version, code, [m.strip().upper() for m in modifiers], place_of_service.strip())
    if rate is None:
        return PriceResult(
            outcome=Outcome.NO_RATE,
            reason_key=NO_RATE_REASON,
            reason_params=with_dates({"schedule": schedule.name, "code": code, "day": date_of_service}, "day"),
            code=code,
            units=units,
            charge=charge,
        )
    allowed = money(min(charge, rate.amount * units))
    return PriceResult(
        outcome=Outcome.PRICED,
        reason_key=PRICED_REASON,
        reason_params={"schedule": schedule.name},
        code=code,
        units=units,
        charge=charge,
        allowed=allowed,
        rate=rate,
    )
