"""The pricer: which schedule, which rate, allowed = the lesser of the charge and rate times units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from portico.common.errors import ValidationFailed
from portico.pricing.demo import fee_schedules_demo_load
from portico.pricing.models import NetworkStatus, PricingMethod
from portico.pricing.pricer import Outcome, PriceResult, price_line
from portico.pricing.services import fee_schedule_version_create, fee_schedule_version_publish
from portico.providers.models import OrganizationKind
from tests import factories
from tests.pricing.support import d, flat_version, mpfs_load, schedule

pytestmark = pytest.mark.django_db

BH = OrganizationKind.BEHAVIORAL_HEALTH


def price(**overrides: Any) -> PriceResult:
    line: dict[str, Any] = {
        "line_of_business_id": None,
        "network_status": NetworkStatus.NON_CONTRACTED,
        "provider_kind": BH,
        "organization_id": None,
        "code": "90834",
        "modifiers": [],
        "units": 1,
        "charge": Decimal("500.00"),
        "date_of_service": d(2025, 6, 1),
        "place_of_service": "11",
    }
    line.update(overrides)
    return price_line(**line)


# ---- the demo's Non-contracted Behavioral Health Fee Schedule, and its effective dates --------------------------


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (d(2024, 7, 1), Decimal("90.75")),  # version 1's first day
        (d(2025, 5, 31), Decimal("90.75")),  # version 1's last day
        (d(2025, 6, 1), Decimal("93.47")),  # version 2 (90.75 x 1.03 = 93.4725) from its first day
        (d(2030, 1, 1), Decimal("93.47")),  # and on, open-ended
    ],
)
def test_the_non_contracted_behavioral_health_schedule_prices_by_date_of_service(day, allowed):
    fee_schedules_demo_load()
    result = price(date_of_service=day)
    assert result.outcome == Outcome.PRICED
    assert result.allowed == allowed
    assert result.rate is not None
    assert result.rate.schedule_name == "Non-contracted Behavioral Health Fee Schedule"


def test_before_the_first_version_no_schedule_applies():
    fee_schedules_demo_load()
    result = price(date_of_service=d(2024, 6, 30))
    assert result.outcome == Outcome.NO_SCHEDULE
    assert result.allowed is None
    assert "06/30/2024" in result.reason


def test_allowed_is_the_lesser_of_the_charge_and_rate_times_units():
    fee_schedules_demo_load()
    assert price(code="H0004", units=4, charge=Decimal("500.00")).allowed == Decimal("89.80")  # 22.45 x 4
    assert price(code="H0004", units=4, charge=Decimal("80.00")).allowed == Decimal("80.00")
    assert price(code="H0004", units=4, charge=Decimal("89.80")).allowed == Decimal("89.80")


def test_a_code_the_schedule_does_not_price_is_a_clear_no_rate():
    fee_schedules_demo_load()
    result = price(code="99213")
    assert result.outcome == Outcome.NO_RATE
    assert result.allowed is None
    assert "99213" in result.reason
    assert "Non-contracted Behavioral Health Fee Schedule" in result.reason


def test_other_providers_are_not_priced_on_the_behavioral_health_schedule():
    fee_schedules_demo_load()
    assert price(provider_kind=OrganizationKind.PRIMARY_CARE).outcome == Outcome.NO_SCHEDULE
    in_network = price(network_status=NetworkStatus.IN)  # on the demo's standard contracted schedule instead
    assert in_network.rate is not None
    assert in_network.rate.schedule_name == "Cascadia Health standard contracted fee schedule"


# ---- the most specific schedule --------------------------------------------------------------------------------


def test_the_organizations_contracted_schedule_comes_first_then_line_of_business_then_kind():
    lob = factories.LineOfBusinessFactory()
    mine = factories.OrganizationFactory(kind=BH)
    theirs = factories.OrganizationFactory(kind=BH)
    everyone = schedule("everyone", network_status=NetworkStatus.IN)
    flat_version(everyone, d(2025, 1, 1), {"90834": "50.00"})
    kind = schedule("bh-in-network", network_status=NetworkStatus.IN, provider_kind=BH)
    flat_version(kind, d(2025, 1, 1), {"90834": "60.00"})
    line = schedule("lob-in-network", network_status=NetworkStatus.IN, line_of_business=lob)
    flat_version(line, d(2025, 1, 1), {"90834": "70.00"})
    contract = schedule("their-contract", network_status=NetworkStatus.IN, organization=theirs)
    flat_version(contract, d(2025, 1, 1), {"90834": "99.00"})
    common = {"network_status": NetworkStatus.IN, "date_of_service": d(2025, 3, 1)}

    assert price(**common, line_of_business_id=None, provider_kind="dental").allowed == Decimal("50.00")
    assert price(**common, line_of_business_id=None, organization_id=mine.pk).allowed == Decimal("60.00")
    assert price(**common, line_of_business_id=lob.pk, organization_id=mine.pk).allowed == Decimal("70.00")
    # Another organization's contracted schedule never prices my lines; theirs does.
    assert price(**common, line_of_business_id=lob.pk, organization_id=theirs.pk).allowed == Decimal("99.00")


def test_a_schedule_whose_version_has_not_started_is_passed_over_for_a_less_specific_one():
    org = factories.OrganizationFactory(kind=BH)
    general = schedule("general", network_status=NetworkStatus.IN)
    flat_version(general, d(2025, 1, 1), {"90834": "50.00"})
    contract = schedule("contract", network_status=NetworkStatus.IN, organization=org)
    flat_version(contract, d(2025, 7, 1), {"90834": "99.00"})
    common = {"network_status": NetworkStatus.IN, "organization_id": org.pk}
    assert price(**common, date_of_service=d(2025, 6, 30)).allowed == Decimal("50.00")
    assert price(**common, date_of_service=d(2025, 7, 1)).allowed == Decimal("99.00")


def test_a_modifier_with_its_own_rate_is_priced_at_it_otherwise_the_codes_rate():
    bh = schedule("bh", provider_kind=BH)
    flat_version(bh, d(2025, 1, 1), {"90834": "90.00", "90834-HO": "110.00"})
    assert price(modifiers=["HO"]).allowed == Decimal("110.00")
    assert price(modifiers=["GT", "HO"]).allowed == Decimal("110.00")
    result = price(modifiers=["GT"])
    assert result.allowed == Decimal("90.00")
    assert result.rate is not None
    assert result.rate.modifier == ""


def test_codes_and_modifiers_are_matched_whatever_their_case_and_spaces():
    bh = schedule("bh", provider_kind=BH)
    flat_version(bh, d(2025, 1, 1), {"H0004": "20.00", "H0004-HN": "15.00"})
    assert price(code=" h0004 ", modifiers=[" hn"]).allowed == Decimal("15.00")


def test_pricing_a_line_makes_no_query_once_the_schedule_is_read(django_assert_num_queries):
    fee_schedules_demo_load()
    price()  # reads the index and the version's rates once
    with django_assert_num_queries(0):
        for code in ("90834", "90837", "H0004", "99213"):
            price(code=code)


# ---- MPFS-derived schedules: the real CMS files, computed by hand -----------------------------------------------


@pytest.fixture
def contracted() -> dict[str, Any]:
    release = mpfs_load("90834", "71046", "H0004", "99213")
    org = factories.OrganizationFactory()
    target = schedule(
        "contracted", network_status=NetworkStatus.IN, organization=org, method=PricingMethod.MPFS,
        locality_mac="02302", locality="01",
    )  # fmt: skip
    version = fee_schedule_version_create(
        schedule=target, effective_start=d(2025, 1, 1), mpfs_release=release, gpci_year=2025,
        percentage=Decimal("110"),
    )  # fmt: skip
    fee_schedule_version_publish(version=version)
    return {"network_status": NetworkStatus.IN, "organization_id": org.pk, "provider_kind": "primary_care",
            "date_of_service": d(2025, 6, 1), "schedule": target, "release": release}  # fmt: skip


def mpfs_price(contracted: dict[str, Any], **overrides: Any) -> PriceResult:
    line = {k: v for k, v in contracted.items() if k not in ("schedule", "release")}
    return price(**{**line, **overrides})


def test_an_mpfs_rate_is_rvus_times_gpcis_times_the_conversion_factor_times_the_percentage(contracted):
    # PPRRVU2025_Oct 90834: work 2.45, non-facility PE 0.72, MP 0.05. GPCI2025 Portland: 1.013, 1.103, 0.688.
    # (2.45 x 1.013 + 0.72 x 1.103 + 0.05 x 0.688) x 32.3465 = 3.31041 x 32.3465 = 107.080177...
    # x 110% = 117.788194... -> 117.79
    result = mpfs_price(contracted, place_of_service="11")
    assert result.allowed == Decimal("117.79")
    assert result.rate is not None
    assert result.rate.derivation is not None
    derivation = result.rate.derivation
    assert (derivation.work_rvu, derivation.pe_rvu, derivation.mp_rvu) == (
        Decimal("2.45"), Decimal("0.72"), Decimal("0.05"),
    )  # fmt: skip
    assert derivation.conversion_factor == Decimal("32.3465")
    assert derivation.medicare_amount == Decimal("107.080177065")
    assert not derivation.facility


@pytest.mark.parametrize(
    ("place", "allowed"),
    [
        ("11", Decimal("117.79")),  # office: non-facility
        ("22", Decimal("101.70")),  # outpatient hospital: facility PE 0.31 -> (2.48185+0.34193+0.0344) x CF x 1.1
        ("21", Decimal("101.70")),  # inpatient hospital
        ("10", Decimal("117.79")),  # telehealth in the patient's home: non-facility
        ("02", Decimal("101.70")),  # telehealth elsewhere: facility
    ],
)
def test_the_place_of_service_chooses_the_facility_or_non_facility_practice_expense(contracted, place, allowed):
    assert mpfs_price(contracted, place_of_service=place).allowed == allowed


@pytest.mark.parametrize(
    ("modifiers", "allowed"),
    [
        ([], Decimal("38.64")),  # global: 0.22, 0.77, 0.02
        (["26"], Decimal("11.31")),  # professional component: 0.22, 0.08, 0.01
        (["TC"], Decimal("27.32")),  # technical component: 0.00, 0.69, 0.01
        (["RT", "26"], Decimal("11.31")),  # the pricing modifier wherever it is
    ],
)
def test_professional_and_technical_components_use_their_own_rvu_rows(contracted, modifiers, allowed):
    assert mpfs_price(contracted, code="71046", modifiers=modifiers).allowed == allowed


def test_a_code_medicare_does_not_pay_on_the_schedule_has_no_derived_rate(contracted):
    result = mpfs_price(contracted, code="H0004")  # status I in PPRRVU
    assert result.outcome == Outcome.NO_RATE
    assert mpfs_price(contracted, code="90837").outcome == Outcome.NO_RATE  # not in the loaded rows


def test_a_flat_rate_in_an_mpfs_version_takes_precedence(contracted):
    from portico.pricing.services import RateInput

    version = fee_schedule_version_create(
        schedule=contracted["schedule"], effective_start=d(2026, 1, 1), mpfs_release=contracted["release"],
        gpci_year=2026, percentage=Decimal("110"), rates=[RateInput(code="H0004", modifier="", rate=Decimal("25.00"))],
    )  # fmt: skip
    fee_schedule_version_publish(version=version)
    assert mpfs_price(contracted, code="H0004", date_of_service=d(2026, 1, 1)).allowed == Decimal("25.00")
    assert mpfs_price(contracted, code="H0004", date_of_service=d(2025, 12, 31)).outcome == Outcome.NO_RATE
    # 2026 GPCIs for Portland: 1.016, 1.111, 0.744 -> (2.4892 + 0.79992 + 0.0372) x 32.3465 x 1.1 = 118.354...
    assert mpfs_price(contracted, date_of_service=d(2026, 1, 1)).allowed == Decimal("118.35")
    assert mpfs_price(contracted, date_of_service=d(2025, 12, 31)).allowed == Decimal("117.79")


def test_units_multiply_the_rounded_rate(contracted):
    assert mpfs_price(contracted, units=2).allowed == Decimal("235.58")
    assert mpfs_price(contracted, units=Decimal("1.5"), charge=Decimal("100")).allowed == Decimal("100.00")


def test_the_rate_is_looked_up_for_the_day_of_service_not_today(contracted, time_machine):
    time_machine.move_to(dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    assert mpfs_price(contracted).allowed == Decimal("117.79")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"units": 0}, "units"), ({"units": Decimal("-1")}, "units"), ({"charge": Decimal("-0.01")}, "charge")],
)
def test_impossible_units_or_charges_are_refused_by_name(overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        price(**overrides)
    assert list(caught.value.errors) == [field]
