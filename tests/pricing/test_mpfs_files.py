"""Reading CMS's real Medicare physician fee schedule files (shared/data/codesets/fee_schedule_medicare_pfs)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portico.common.errors import ValidationFailed
from portico.pricing import mpfs_files
from portico.pricing.models import MpfsLocality, MpfsRvu
from portico.pricing.services import mpfs_localities_load, mpfs_release_load
from tests.pricing.support import GPCI_2025, GPCI_2026, LOCCO_2025, RVU_FILE


def test_the_rvu_file_has_every_row_and_one_conversion_factor():
    rows = list(mpfs_files.rvu_rows(RVU_FILE.read_bytes()))
    assert len(rows) == 19_090
    assert {row.conversion_factor for row in rows} == {Decimal("32.3465")}
    assert {row.modifier for row in rows} == {"", "26", "TC", "53"}


def test_the_rvu_file_row_of_90834_is_read_column_by_column():
    # 90834,,,A,,2.45,0.72,,0.31,,0.05,3.22,2.81,0,XXX,...
    row = next(r for r in mpfs_files.rvu_rows(RVU_FILE.read_bytes()) if r.code == "90834")
    assert (row.status, row.work, row.pe_nonfacility, row.pe_facility, row.mp, row.pctc) == (
        "A", Decimal("2.45"), Decimal("0.72"), Decimal("0.31"), Decimal("0.05"), "0",
    )  # fmt: skip


def test_the_gpci_files_give_oregons_two_localities_for_each_year():
    assert mpfs_files.gpci_year(GPCI_2025.read_bytes()) == 2025
    assert mpfs_files.gpci_year(GPCI_2026.read_bytes()) == 2026
    oregon_2025 = [r for r in mpfs_files.gpci_rows(GPCI_2025.read_bytes()) if r.state == "OR"]
    assert [(r.mac, r.locality, r.name, r.work, r.pe, r.mp) for r in oregon_2025] == [
        ("02302", "01", "PORTLAND", Decimal("1.013"), Decimal("1.103"), Decimal("0.688")),
        ("02302", "99", "REST OF OREGON", Decimal("1"), Decimal("0.986"), Decimal("0.643")),
    ]
    assert len(list(mpfs_files.gpci_rows(GPCI_2026.read_bytes()))) == 109


def test_the_locality_file_names_portlands_counties():
    counties = mpfs_files.locality_counties(LOCCO_2025.read_bytes())
    assert counties[("02302", "01")] == "CLACKAMAS, MULTNOMAH AND WASHINGTON"
    assert counties[("02302", "99")] == "ALL OTHER COUNTIES"


@pytest.mark.django_db
def test_loading_the_whole_release_keeps_every_row_and_the_files_conversion_factor():
    release = mpfs_release_load(name="RVU25D", year=2025, content=RVU_FILE.read_bytes(), source_file=RVU_FILE.name)
    assert release.conversion_factor == Decimal("32.3465")
    assert MpfsRvu.objects.filter(release=release).count() == 19_090
    assert mpfs_localities_load(content=GPCI_2025.read_bytes(), counties=LOCCO_2025.read_bytes()) == 109
    portland = MpfsLocality.objects.get(year=2025, mac="02302", locality="01")
    assert portland.counties == "CLACKAMAS, MULTNOMAH AND WASHINGTON"


@pytest.mark.django_db
def test_a_file_that_is_not_a_relative_value_file_is_refused_by_name_and_nothing_is_kept():
    with pytest.raises(ValidationFailed) as caught:
        mpfs_release_load(name="RVU25D", year=2025, content=GPCI_2025.read_bytes())
    assert "PPRRVU" in caught.value.errors["file"][0]
    with pytest.raises(ValidationFailed) as caught:
        mpfs_localities_load(content=RVU_FILE.read_bytes()[:2000], year=2025)
    assert "GPCI" in caught.value.errors["file"][0]
    assert not MpfsRvu.objects.exists()
    assert not MpfsLocality.objects.exists()
