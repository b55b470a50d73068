"""Loading and publishing fee schedules: versions never overlap, bad files are named row by row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portico.common.errors import DomainError, ValidationFailed
from portico.demo.content import fee_schedule_csv
from portico.pricing.demo import NONCONTRACTED_BH_RATES, fee_schedules_demo_load
from portico.pricing.models import FeeSchedule, FeeScheduleRate, FeeScheduleVersion, PricingMethod, VersionStatus
from portico.pricing.services import (
    RateInput,
    fee_schedule_rates_parse,
    fee_schedule_version_create,
    fee_schedule_version_publish,
)
from tests.pricing.support import d, flat_version, mpfs_load, schedule

pytestmark = pytest.mark.django_db


def test_publishing_a_later_version_ends_the_open_ended_one_the_day_before():
    target = schedule("bh")
    first = flat_version(target, d(2025, 1, 1), {"90834": "90.00"})
    second = flat_version(target, d(2025, 6, 1), {"90834": "93.00"})
    first.refresh_from_db()
    assert first.effective_end == d(2025, 5, 31)
    assert second.effective_end is None
    assert second.status == VersionStatus.PUBLISHED
    assert second.published_at is not None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (d(2025, 1, 1), None),  # the same first day
        (d(2024, 12, 1), d(2025, 1, 1)),  # ends on the first day of the published one
        (d(2024, 1, 1), None),  # starts earlier and runs on
    ],
)
def test_an_overlapping_version_is_refused_naming_the_date_and_nothing_changes(start, end):
    target = schedule("bh")
    flat_version(target, d(2025, 1, 1), {"90834": "90.00"})
    draft = flat_version(target, start, {"90834": "95.00"}, end=end, publish=False)
    with pytest.raises(DomainError) as caught:
        fee_schedule_version_publish(version=draft)
    assert caught.value.field == "effective_start"
    assert "2025-01-01" in caught.value.message
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert FeeScheduleVersion.objects.get(number=1).effective_end is None


def test_a_version_ending_the_day_before_the_published_one_is_accepted():
    target = schedule("bh")
    flat_version(target, d(2025, 1, 1), {"90834": "90.00"})
    earlier = flat_version(target, d(2024, 1, 1), {"90834": "85.00"}, end=d(2024, 12, 31))
    assert earlier.status == VersionStatus.PUBLISHED


def test_a_published_version_cannot_be_published_again():
    target = schedule("bh")
    version = flat_version(target, d(2025, 1, 1), {"90834": "90.00"})
    with pytest.raises(DomainError, match="already published"):
        fee_schedule_version_publish(version=version)


def test_a_version_is_checked_before_it_is_saved():
    flat = schedule("flat")
    with pytest.raises(ValidationFailed) as caught:
        fee_schedule_version_create(schedule=flat, effective_start=d(2025, 6, 1), effective_end=d(2025, 5, 31))
    assert set(caught.value.errors) == {"effective_end", "rates"}
    mpfs = schedule("mpfs", method=PricingMethod.MPFS, locality_mac="02302", locality="01")
    with pytest.raises(ValidationFailed) as caught:
        fee_schedule_version_create(schedule=mpfs, effective_start=d(2025, 1, 1), percentage=Decimal("0"))
    assert set(caught.value.errors) == {"mpfs_release", "percentage", "gpci_year"}
    assert not FeeScheduleVersion.objects.exists()


def test_an_mpfs_version_takes_the_releases_conversion_factor_unless_given():
    release = mpfs_load("90834")
    mpfs = schedule("mpfs", method=PricingMethod.MPFS, locality_mac="02302", locality="01")
    version = fee_schedule_version_create(
        schedule=mpfs, effective_start=d(2025, 1, 1), mpfs_release=release, gpci_year=2025, percentage=Decimal("100")
    )
    assert version.conversion_factor == Decimal("32.3465")
    other = fee_schedule_version_create(
        schedule=mpfs, effective_start=d(2026, 1, 1), mpfs_release=release, gpci_year=2026,
        percentage=Decimal("100"), conversion_factor=Decimal("33.4009"),
    )  # fmt: skip
    assert other.conversion_factor == Decimal("33.4009")


def test_a_rates_file_is_read_with_its_columns_in_any_order():
    content = b'\xef\xbb\xbfdescription,rate,Modifier,CODE\nTherapy,90.75,,90834\nWith HO,"$1,100.00",ho,90834\n,,,#\n'
    assert fee_schedule_rates_parse(content) == [
        RateInput(code="90834", modifier="", rate=Decimal("90.75"), description="Therapy"),
        RateInput(code="90834", modifier="HO", rate=Decimal("1100.00"), description="With HO"),
    ]


def test_every_bad_row_of_a_rates_file_is_named_and_nothing_is_kept():
    content = (
        b"code,modifier,rate\n"
        b"9083,,10.00\n"  # row 2: code too short
        b"90834,HOX,10.00\n"  # row 3: modifier
        b"90837,,ten\n"  # row 4: not an amount
        b"90839,,-1.00\n"  # row 5: negative
        b"90840,,1.005\n"  # row 6: fractions of a cent
        b"90846,,10.00\n"
        b"90846,,11.00\n"  # row 8: twice
    )
    with pytest.raises(ValidationFailed) as caught:
        fee_schedule_rates_parse(content)
    errors = caught.value.errors
    assert sorted(errors) == ["row 2", "row 3", "row 4", "row 5", "row 6", "row 8"]
    assert errors["row 2"][0].startswith("code:")
    assert errors["row 3"][0].startswith("modifier:")
    assert errors["row 4"][0].startswith("rate:")
    assert "twice" in errors["row 8"][0]


@pytest.mark.parametrize("content", [b"", b"procedure,amount\n90834,10\n", b"\xff\xfe\x00"])
def test_a_file_without_the_columns_is_refused_as_a_whole(content):
    with pytest.raises(ValidationFailed) as caught:
        fee_schedule_rates_parse(content)
    assert list(caught.value.errors) == ["file"]


def test_the_demo_schedule_is_published_once_and_is_the_source_of_the_library_document():
    said = fee_schedules_demo_load()
    assert any("Non-contracted Behavioral Health Fee Schedule" in line for line in said)
    fee_schedules_demo_load()  # again: nothing new
    target = FeeSchedule.objects.get(name="Non-contracted Behavioral Health Fee Schedule")
    versions = list(target.versions.order_by("number"))
    assert [(v.effective_start, v.effective_end, v.status) for v in versions] == [
        (d(2024, 7, 1), d(2025, 5, 31), VersionStatus.PUBLISHED),
        (d(2025, 6, 1), None, VersionStatus.PUBLISHED),
    ]
    assert target.organization is None  # public
    rates = dict(FeeScheduleRate.objects.filter(version=versions[1]).values_list("code", "rate"))
    assert len(rates) == len(NONCONTRACTED_BH_RATES)
    assert {"90791", "90792", "90834", "90837", "90839", "90840", "90853", "H0004", "H0031", "H2019", "96127"} <= set(
        rates
    )
    document = fee_schedule_csv(effective=d(2025, 6, 1), factor=Decimal("1.03")).decode()
    for code, rate in rates.items():
        assert f"{code}," in document
        assert f",{rate}," in document
