"""Pricing speed: service lines priced per second on one core, in-process, against a real SQLite database.

Makes a fresh SQLite database in a temporary folder, migrates it, loads the whole Medicare relative value file
(PPRRVU2025_Oct, 19,090 rows) and the 2025 GPCIs, publishes the demo's Non-contracted Behavioral Health Fee
Schedule and a contracted schedule at 110% of Medicare (Portland), then prices a mix of lines with
``portico.pricing.pricer.price_line``: 60% MPFS-derived (random paid codes, half with 26/TC where the file has
them, a quarter in a facility), 30% flat behavioral-health rates, 10% codes with no rate. It prints lines per
second for the first pass (reading the rates into memory) and the warm passes after it. Target: ≥ 1,000 lines/s.

    .venv/bin/python bench/pricing.py [--lines 50000] [--mpfs ../shared/data/codesets/fee_schedule_medicare_pfs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument(
        "--mpfs", default=str(ROOT.parent / "shared" / "data" / "codesets" / "fee_schedule_medicare_pfs")
    )
    args = parser.parse_args()
    folder = Path(args.mpfs)

    workdir = Path(tempfile.mkdtemp(prefix="portico-bench-pricing-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["PORTICO_VAR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from portico.plans.models import HealthPlan, LineOfBusiness
    from portico.pricing.demo import fee_schedules_demo_load
    from portico.pricing.models import FeeSchedule, MpfsRvu, NetworkStatus, PricingMethod
    from portico.pricing.pricer import price_line, pricing_cache_clear
    from portico.pricing.services import (
        fee_schedule_version_create,
        fee_schedule_version_publish,
        mpfs_localities_load,
        mpfs_release_load,
    )
    from portico.providers.models import OrganizationKind, ProviderOrganization

    started = time.monotonic()
    release = mpfs_release_load(
        name="RVU25D", year=2025, content=(folder / "PPRRVU2025_Oct.csv").read_bytes(), source_file="PPRRVU2025_Oct.csv"
    )
    mpfs_localities_load(content=(folder / "GPCI2025.csv").read_bytes(), counties=(folder / "25LOCCO.csv").read_bytes())
    print(f"loaded {release.rvus.count():,} RVU rows in {time.monotonic() - started:.1f} s")
    plan = HealthPlan.objects.create(name="Cascadia Health", payer_id="CASCADIA")
    lob = LineOfBusiness.objects.create(plan=plan, code="NCCCO", name="North Coast CCO", program="medicaid")
    clinic = ProviderOrganization.objects.create(legal_name="Bench Clinic", tin="930000001", kind="primary_care")
    fee_schedules_demo_load()
    contracted = FeeSchedule.objects.create(
        slug="bench-contract", name="Bench contracted", network_status=NetworkStatus.IN, organization=clinic,
        method=PricingMethod.MPFS, locality_mac="02302", locality="01",
    )  # fmt: skip
    version = fee_schedule_version_create(
        schedule=contracted, effective_start=dt.date(2025, 1, 1), mpfs_release=release,
        gpci_year=2025, percentage=Decimal("110"),
    )  # fmt: skip
    fee_schedule_version_publish(version=version)

    rng = random.Random(20251201)
    paid = list(MpfsRvu.objects.filter(release=release, status__in=("A", "R", "T")).values_list("code", "modifier"))
    bh_codes = ["90791", "90834", "90837", "90853", "H0004", "H2019", "96127"]
    lines = []
    for _ in range(args.lines):
        roll = rng.random()
        common = {"line_of_business_id": lob.pk, "units": rng.choice((1, 1, 1, 2, 4)),
                  "charge": Decimal(rng.randrange(2000, 90000)) / 100,
                  "date_of_service": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))}  # fmt: skip
        if roll < 0.6:
            code, modifier = rng.choice(paid)
            lines.append({**common, "network_status": NetworkStatus.IN, "provider_kind": OrganizationKind.PRIMARY_CARE,
                          "organization_id": clinic.pk, "code": code, "modifiers": [modifier] if modifier else [],
                          "place_of_service": "22" if rng.random() < 0.25 else "11"})  # fmt: skip
        else:
            code = rng.choice(bh_codes) if roll < 0.9 else "99499"
            lines.append({**common, "network_status": NetworkStatus.NON_CONTRACTED,
                          "provider_kind": OrganizationKind.BEHAVIORAL_HEALTH, "organization_id": None, "code": code,
                          "modifiers": [], "place_of_service": "11"})  # fmt: skip

    pricing_cache_clear()
    outcomes: dict[str, int] = {}
    for label in ("first pass", "warm pass 1", "warm pass 2"):
        started = time.perf_counter()
        for line in lines:
            result = price_line(**line)
            if label == "first pass":
                outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        seconds = time.perf_counter() - started
        print(f"{label}: {len(lines):,} lines in {seconds:.2f} s = {len(lines) / seconds:,.0f} lines/s")
    print("outcomes:", ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))


if __name__ == "__main__":
    main()
