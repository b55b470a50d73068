"""Helpers for the pricing tests: schedules made through the services, and the real CMS files.

The CMS files are read where they are (never copied into the project); ``rvu_subset`` keeps the real file's
header lines and only the rows of the codes a test needs, so that loading takes milliseconds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from portico.pricing.models import FeeSchedule, FeeScheduleVersion, MpfsRelease, NetworkStatus, PricingMethod
from portico.pricing.services import (
    RateInput,
    fee_schedule_version_create,
    fee_schedule_version_publish,
    mpfs_localities_load,
    mpfs_release_load,
)

CMS = Path(__file__).resolve().parents[3] / "shared" / "data" / "codesets" / "fee_schedule_medicare_pfs"
if not CMS.exists():  # the checkout at /work/main, the data at /work/shared
    CMS = Path("/work/shared/data/codesets/fee_schedule_medicare_pfs")
RVU_FILE = CMS / "PPRRVU2025_Oct.csv"
GPCI_2025 = CMS / "GPCI2025.csv"
GPCI_2026 = CMS / "GPCI2026.csv"
LOCCO_2025 = CMS / "25LOCCO.csv"


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def rvu_subset(*codes: str) -> bytes:
    """The real PPRRVU file's ten header lines and the rows of ``codes`` (every modifier row of each)."""
    lines = RVU_FILE.read_bytes().decode("utf-8").splitlines(keepends=True)
    wanted = tuple(f"{code}," for code in codes)
    return "".join(lines[:10] + [line for line in lines[10:] if line.startswith(wanted)]).encode("utf-8")


def mpfs_load(*codes: str) -> MpfsRelease:
    release = mpfs_release_load(name="RVU25D", year=2025, content=rvu_subset(*codes), source_file=RVU_FILE.name)
    mpfs_localities_load(content=GPCI_2025.read_bytes(), counties=LOCCO_2025.read_bytes())
    mpfs_localities_load(content=GPCI_2026.read_bytes())
    return release


def schedule(slug: str, **fields: Any) -> FeeSchedule:
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("network_status", NetworkStatus.NON_CONTRACTED)
    fields.setdefault("method", PricingMethod.FLAT)
    return FeeSchedule.objects.create(slug=slug, **fields)


def flat_version(
    target: FeeSchedule,
    start: dt.date,
    rates: dict[str, str],
    *,
    end: dt.date | None = None,
    publish: bool = True,
) -> FeeScheduleVersion:
    """``rates``: ``{"90834": "90.75", "90834-HO": "80.00"}``."""
    inputs = []
    for key, rate in rates.items():
        code, _sep, modifier = key.partition("-")
        inputs.append(RateInput(code=code, modifier=modifier, rate=Decimal(rate), description=f"Service {code}"))
    version = fee_schedule_version_create(schedule=target, effective_start=start, effective_end=end, rates=inputs)
    return fee_schedule_version_publish(version=version) if publish else version
