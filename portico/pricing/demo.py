"""The demo world's fee schedules. Every rate here is synthetic: Cascadia Health is fictional.

- *Non-contracted Behavioral Health Fee Schedule*, every line of business, behavioral-health providers without
  a contract: version 1 from 2024-07-01 with the rates below, version 2 from 2025-06-01 raising each by 3%.
  This table is the source of truth: the document library's copy of the schedule (portico/demo/content.py) is
  generated from it.
- *Thimbleberry Family Medicine contracted schedule* (when a Medicare relative value release is loaded):
  110% of the 2025 Medicare physician fee schedule for the Portland locality, for that clinic only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from portico.pricing.models import (
    FeeSchedule,
    MpfsLocality,
    MpfsRelease,
    NetworkStatus,
    PricingMethod,
)
from portico.pricing.services import RateInput, fee_schedule_version_create, fee_schedule_version_publish
from portico.providers.models import OrganizationKind, ProviderOrganization

NONCONTRACTED_BH_SLUG = "non-contracted-behavioral-health"
NONCONTRACTED_BH_NAME = "Non-contracted Behavioral Health Fee Schedule"
NONCONTRACTED_BH_EFFECTIVE = dt.date(2025, 6, 1)
NONCONTRACTED_BH_INCREASE = Decimal("1.03")
CONTRACTED_DEMO_SLUG = "thimbleberry-contracted"
CONTRACTED_DEMO_ORGANIZATION = "Thimbleberry Family Medicine, P.C."

# Behavioral-health codes and a made-up 2024 rate for each (the 2025 version raises every one by 3%).
NONCONTRACTED_BH_RATES: tuple[tuple[str, str, Decimal], ...] = (
    ("90791", "Psychiatric diagnostic evaluation", Decimal("142.10")),
    ("90792", "Psychiatric diagnostic evaluation with medical services", Decimal("158.40")),
    ("90832", "Psychotherapy, 30 minutes", Decimal("68.40")),
    ("90834", "Psychotherapy, 45 minutes", Decimal("90.75")),
    ("90837", "Psychotherapy, 60 minutes", Decimal("133.20")),
    ("90839", "Crisis psychotherapy, first 60 minutes", Decimal("140.60")),
    ("90840", "Crisis psychotherapy, each additional 30 minutes", Decimal("67.20")),
    ("90846", "Family psychotherapy without the patient, 50 minutes", Decimal("98.60")),
    ("90847", "Family psychotherapy with the patient, 50 minutes", Decimal("102.30")),
    ("90853", "Group psychotherapy", Decimal("27.15")),
    ("96127", "Brief emotional or behavioral assessment, per instrument", Decimal("4.60")),
    ("H0004", "Behavioral health counseling and therapy, per 15 minutes", Decimal("21.80")),
    ("H0031", "Mental health assessment by a non-physician", Decimal("74.50")),
    ("H2014", "Skills training and development, per 15 minutes", Decimal("15.90")),
    ("H2019", "Therapeutic behavioral services, per 15 minutes", Decimal("19.70")),
)


def noncontracted_bh_rates(factor: Decimal) -> list[tuple[str, str, Decimal]]:
    """The table times ``factor``, in cents (1 for the 2024 version, 1.03 for 2025)."""
    return [(code, text, (rate * factor).quantize(Decimal("0.01"))) for code, text, rate in NONCONTRACTED_BH_RATES]


def _rates(factor: Decimal) -> list[RateInput]:
    return [RateInput(code=c, modifier="", rate=r, description=t) for c, t, r in noncontracted_bh_rates(factor)]


@transaction.atomic
def fee_schedules_demo_load() -> list[str]:
    """Make the demo's schedules that are not there yet; says what it did. Idempotent."""
    said: list[str] = []
    schedule, created = FeeSchedule.objects.get_or_create(
        slug=NONCONTRACTED_BH_SLUG,
        defaults={
            "name": NONCONTRACTED_BH_NAME,
            "description": "What Cascadia Health pays behavioral-health providers who have no contract with it, "
            "every line of business. Synthetic demonstration rates.",
            "network_status": NetworkStatus.NON_CONTRACTED,
            "provider_kind": OrganizationKind.BEHAVIORAL_HEALTH,
            "method": PricingMethod.FLAT,
        },
    )
    if created or not schedule.versions.exists():
        first = fee_schedule_version_create(
            schedule=schedule, effective_start=dt.date(2024, 7, 1), rates=_rates(Decimal(1)), note="2024 rates"
        )
        fee_schedule_version_publish(version=first)
        second = fee_schedule_version_create(
            schedule=schedule,
            effective_start=NONCONTRACTED_BH_EFFECTIVE,
            rates=_rates(NONCONTRACTED_BH_INCREASE),
            note="Rates raised 3% for every code",
        )
        fee_schedule_version_publish(version=second)
        said.append(f"Published {NONCONTRACTED_BH_NAME} (effective 2024-07-01 and {NONCONTRACTED_BH_EFFECTIVE}).")
    said += _contracted_demo()
    return said


def _contracted_demo() -> list[str]:
    organization = ProviderOrganization.objects.filter(legal_name=CONTRACTED_DEMO_ORGANIZATION).first()
    release = MpfsRelease.objects.filter(year=2025).first()
    if FeeSchedule.objects.filter(slug=CONTRACTED_DEMO_SLUG).exists():
        return []
    if organization is None or release is None:
        return ["The contracted demo schedule needs the demo world and `portico pricing mpfs DIR` first."]
    if not MpfsLocality.objects.filter(year=2025, mac="02302", locality="01").exists():
        return ["The contracted demo schedule needs the 2025 GPCIs: `portico pricing mpfs DIR`."]
    schedule = FeeSchedule.objects.create(
        slug=CONTRACTED_DEMO_SLUG,
        name="Thimbleberry Family Medicine contracted fee schedule",
        description="110% of the Medicare physician fee schedule, Portland locality. Synthetic demonstration terms.",
        network_status=NetworkStatus.IN,
        organization=organization,
        method=PricingMethod.MPFS,
        locality_mac="02302",
        locality="01",
    )
    version = fee_schedule_version_create(
        schedule=schedule,
        effective_start=dt.date(2025, 1, 1),
        mpfs_release=release,
        gpci_year=2025,
        percentage=Decimal("110.00"),
        note=f"110% of Medicare, {release.name}, 2025 GPCIs",
    )
    fee_schedule_version_publish(version=version)
    return [f"Published {schedule.name} (110% of {release.name}, effective 2025-01-01)."]
