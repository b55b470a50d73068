"""``portico pricing``: load CMS's folder, add and publish versions, make the demo's schedules."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portico.pricing.models import FeeSchedule, MpfsLocality, MpfsRelease, VersionStatus
from portico.pricing.pricer import Outcome, price_line
from portico.providers.models import OrganizationKind
from tests import factories
from tests.pricing.support import CMS, d, flat_version, schedule

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("pricing", *args, stdout=out)
    return out.getvalue()


def test_the_cms_folder_loads_and_the_demo_contracted_schedule_is_derived_from_it():
    said = run("mpfs", str(CMS))
    assert "PPRRVU2025_Oct: 19090 code rows, conversion factor 32.3465." in said
    assert "GPCIs 2025: 109 localities." in said
    assert "GPCIs 2026: 109 localities." in said
    assert MpfsLocality.objects.get(year=2026, mac="02302", locality="01").counties  # the 2025 county list
    assert MpfsRelease.objects.get().year == 2025

    clinic = factories.OrganizationFactory(legal_name="Thimbleberry Family Medicine, P.C.")
    said = run("demo")
    assert "Non-contracted Behavioral Health Fee Schedule" in said
    assert "110% of PPRRVU2025_Oct" in said
    result = price_line(
        line_of_business_id=None, network_status="in", provider_kind=OrganizationKind.PRIMARY_CARE,
        organization_id=clinic.pk, code="90834", modifiers=[], units=1, charge=Decimal("500"),
        date_of_service=d(2025, 6, 1), place_of_service="11",
    )  # fmt: skip
    assert result.allowed == Decimal("117.79")
    assert "already there" in run("demo")
    assert "thimbleberry-contracted" in run("list")


def test_a_rates_file_becomes_a_published_version(tmp_path: Path):
    target = schedule("bh", provider_kind=OrganizationKind.BEHAVIORAL_HEALTH)
    rates = tmp_path / "rates.csv"
    rates.write_text("code,modifier,rate,description\n90834,,95.00,Psychotherapy 45\n")
    said = run("load", "bh", str(rates), "--effective", "2026-01-01", "--publish")
    assert "Published" in said
    version = target.versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert version.effective_start == d(2026, 1, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["load", "nope", "x.csv", "--effective", "2026-01-01"], "No fee schedule 'nope'"),
        (["load", "bh", "RATES", "--effective", "soon"], "--effective: 'soon' is not a date"),
        (["load", "bh", "BAD", "--effective", "2026-01-01"], "row 2: rate: ten is not an amount."),
        (["derive", "bh", "--release", "RVU99", "--gpci-year", "2025", "--percentage", "110", "--effective",
          "2026-01-01"], "No MPFS release 'RVU99'"),
        (["mpfs", "/nonexistent"], "No PPRRVU*.csv file"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_naming_it_and_nothing_is_saved(tmp_path: Path, args: list[str], message: str):
    schedule("bh")
    (tmp_path / "rates.csv").write_text("code,rate\n90834,95.00\n")
    (tmp_path / "bad.csv").write_text("code,rate\n90834,ten\n")
    args = [
        str(tmp_path / "rates.csv") if a == "RATES" else str(tmp_path / "bad.csv") if a == "BAD" else a for a in args
    ]
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert not FeeSchedule.objects.get(slug="bh").versions.exists()


def test_a_newly_published_version_prices_at_once():
    target = schedule("bh", provider_kind=OrganizationKind.BEHAVIORAL_HEALTH)

    def allowed() -> object:
        result = price_line(
            line_of_business_id=None, network_status="non_contracted", provider_kind="behavioral_health",
            organization_id=None, code="90834", modifiers=[], units=1, charge=Decimal("500"),
            date_of_service=d(2026, 2, 1), place_of_service="11",
        )  # fmt: skip
        return result.allowed if result.outcome == Outcome.PRICED else result.outcome

    assert allowed() == Outcome.NO_SCHEDULE
    flat_version(target, d(2025, 1, 1), {"90834": "90.00"})
    assert allowed() == Decimal("90.00")
    flat_version(target, d(2026, 2, 1), {"90834": "95.00"})
    assert allowed() == Decimal("95.00")
