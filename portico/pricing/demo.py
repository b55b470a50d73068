"""The demo world's fee schedules. Every rate here is synthetic: Cascadia Health is fictional.

- *Non-contracted Behavioral Health Fee Schedule*, every line of business, behavioral-health providers without
  a contract: version 1 from 2024-07-01 with the rates below, version 2 from 2025-06-01 raising each by 3%.
  This table is the source of truth: the document library's copy of the schedule (portico/demo/content.py) is
  generated from it.
- *Cascadia Health standard contracted fee schedule*, every line of business and kind of provider, in network:
  flat synthetic rates (from 2020-01-01) for the codes the demo's claims bill — office and preventive visits,
  emergency and hospital visits, common lab tests, an ECG and a chest X-ray, behavioral health, and per-revenue-code
  rates for hospital lines that carry no procedure code. It is published with the world, so every contracted demo
  organization's claims price and pay without the Medicare files.
- *Thimbleberry Family Medicine contracted schedule* (when a Medicare relative value release is loaded):
  110% of the 2025 Medicare physician fee schedule for the Portland locality, for that clinic only, with the
  clinical lab codes (which Medicare pays on its lab fee schedule, not the physician fee schedule) at the flat
  rates above. **It wins for Thimbleberry**: the pricer takes an organization's own schedule before any schedule
  for every provider (``portico/pricing/pricer.py``, ``_pick``), so from 2025-01-01 Thimbleberry's lines are priced
  on it and every other contracted organization stays on the standard schedule.
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
STANDARD_SLUG = "standard-contracted"
STANDARD_NAME = "Cascadia Health standard contracted fee schedule"
STANDARD_EFFECTIVE = dt.date(2020, 1, 1)

# Made-up in-network rates per unit (synthetic: no rate here is anyone's real rate).
STANDARD_RATES: tuple[tuple[str, str, Decimal], ...] = (
    ("99202", "New patient office visit, straightforward", Decimal("72.40")),
    ("99203", "New patient office visit, low complexity", Decimal("108.60")),
    ("99204", "New patient office visit, moderate complexity", Decimal("162.30")),
    ("99205", "New patient office visit, high complexity", Decimal("214.50")),
    ("99211", "Established patient visit, minimal", Decimal("23.10")),
    ("99212", "Established patient visit, straightforward", Decimal("56.80")),
    ("99213", "Established patient visit, low complexity", Decimal("91.20")),
    ("99214", "Established patient visit, moderate complexity", Decimal("128.70")),
    ("99215", "Established patient visit, high complexity", Decimal("181.40")),
    ("99381", "Well visit, new patient, under 1 year", Decimal("118.00")),
    ("99383", "Well visit, new patient, 5-11 years", Decimal("121.50")),
    ("99384", "Well visit, new patient, 12-17 years", Decimal("132.80")),
    ("99385", "Well visit, new patient, 18-39 years", Decimal("128.90")),
    ("99386", "Well visit, new patient, 40-64 years", Decimal("148.20")),
    ("99387", "Well visit, new patient, 65 and over", Decimal("160.70")),
    ("99391", "Well visit, established patient, under 1 year", Decimal("104.30")),
    ("99393", "Well visit, established patient, 5-11 years", Decimal("108.10")),
    ("99394", "Well visit, established patient, 12-17 years", Decimal("116.90")),
    ("99395", "Well visit, established patient, 18-39 years", Decimal("117.40")),
    ("99396", "Well visit, established patient, 40-64 years", Decimal("126.60")),
    ("99397", "Well visit, established patient, 65 and over", Decimal("137.20")),
    ("99283", "Emergency department visit, moderate", Decimal("74.60")),
    ("99284", "Emergency department visit, high", Decimal("126.90")),
    ("99285", "Emergency department visit, highest", Decimal("185.30")),
    ("99223", "Hospital admission visit, high", Decimal("198.40")),
    ("36415", "Blood draw from a vein", Decimal("3.00")),
    ("80053", "Comprehensive metabolic panel", Decimal("10.56")),
    ("80061", "Cholesterol panel", Decimal("13.39")),
    ("83036", "Hemoglobin A1c", Decimal("9.71")),
    ("84443", "Thyroid stimulating hormone (TSH)", Decimal("16.80")),
    ("85025", "Complete blood count with differential", Decimal("7.77")),
    ("81001", "Urinalysis with microscopy", Decimal("3.17")),
    ("87880", "Rapid strep test", Decimal("16.53")),
    ("93000", "Heart tracing (ECG) with reading", Decimal("17.20")),
    ("71046", "Chest X-ray, 2 views", Decimal("31.40")),
    ("90791", "Psychiatric diagnostic evaluation", Decimal("156.30")),
    ("90832", "Psychotherapy, 30 minutes", Decimal("75.20")),
    ("90834", "Psychotherapy, 45 minutes", Decimal("99.80")),
    ("90837", "Psychotherapy, 60 minutes", Decimal("146.50")),
    ("90846", "Family psychotherapy without the patient", Decimal("108.40")),
    ("90847", "Family psychotherapy with the patient", Decimal("112.50")),
    ("90853", "Group psychotherapy", Decimal("29.90")),
    ("96127", "Brief emotional or behavioral assessment", Decimal("5.05")),
    ("H0004", "Behavioral health counseling, per 15 minutes", Decimal("24.00")),
    ("H0031", "Mental health assessment by a non-physician", Decimal("82.00")),
    ("H2019", "Therapeutic behavioral services, per 15 minutes", Decimal("21.70")),
    # Hospital lines with a revenue code and no procedure code, per unit (room and board: per day).
    ("0120", "Room and board, semi-private (per day)", Decimal("1450.00")),
    ("0250", "Pharmacy", Decimal("38.00")),
    ("0270", "Medical and surgical supplies", Decimal("22.00")),
)
# Clinical lab codes: Medicare pays them on its lab fee schedule, so the MPFS-derived schedule lists them flat.
LAB_CODES = frozenset({"36415", "80053", "80061", "83036", "84443", "85025", "81001", "87880"})

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
    said += _standard_demo()
    said += _contracted_demo()
    return said


def _standard_demo() -> list[str]:
    if FeeSchedule.objects.filter(slug=STANDARD_SLUG).exists():
        return []
    schedule = FeeSchedule.objects.create(
        slug=STANDARD_SLUG,
        name=STANDARD_NAME,
        description="What Cascadia Health pays contracted providers, every line of business, unless the "
        "organization's own contract has a schedule. Synthetic demonstration rates.",
        network_status=NetworkStatus.IN,
        method=PricingMethod.FLAT,
    )
    version = fee_schedule_version_create(
        schedule=schedule,
        effective_start=STANDARD_EFFECTIVE,
        rates=[RateInput(code=c, modifier="", rate=r, description=t) for c, t, r in STANDARD_RATES],
        note="Standard contracted rates",
    )
    fee_schedule_version_publish(version=version)
    return [f"Published {STANDARD_NAME} (flat rates, effective {STANDARD_EFFECTIVE})."]


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
        rates=[RateInput(code=c, modifier="", rate=r, description=t) for c, t, r in STANDARD_RATES if c in LAB_CODES],
        note=f"110% of Medicare, {release.name}, 2025 GPCIs; clinical lab at flat rates",
    )
    fee_schedule_version_publish(version=version)
    return [f"Published {schedule.name} (110% of {release.name}, effective 2025-01-01)."]
