"""Oregon service regions of the demo world: the cities (with their real ZIP codes) where members live and
clinics practice. Street addresses are generated, and phone numbers use the 555-01xx block reserved for
fiction, so no real household or clinic is described.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    zips: tuple[str, ...]
    area_code: str
    weight: float


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    cities: tuple[City, ...]


NORTH_COAST = Region(
    key="north_coast",
    name="North Coast",
    cities=(
        City("Astoria", ("97103",), "503", 3.0),
        City("Warrenton", ("97146",), "503", 1.0),
        City("Seaside", ("97138",), "503", 1.5),
        City("Cannon Beach", ("97110",), "503", 0.4),
        City("Tillamook", ("97141",), "503", 1.5),
        City("Lincoln City", ("97367",), "541", 1.6),
        City("Newport", ("97365",), "541", 2.0),
        City("Toledo", ("97391",), "541", 0.6),
        City("Waldport", ("97394",), "541", 0.4),
    ),
)

WILLAMETTE_VALLEY = Region(
    key="willamette_valley",
    name="Willamette Valley",
    cities=(
        City("Salem", ("97301", "97302", "97304", "97305", "97306", "97317"), "503", 9.0),
        City("Keizer", ("97303",), "503", 2.0),
        City("Woodburn", ("97071",), "503", 1.5),
        City("Silverton", ("97381",), "503", 0.6),
        City("Dallas", ("97338",), "503", 0.9),
        City("McMinnville", ("97128",), "503", 1.8),
        City("Albany", ("97321", "97322"), "541", 3.0),
        City("Corvallis", ("97330", "97333"), "541", 3.0),
        City("Lebanon", ("97355",), "541", 1.0),
        City("Eugene", ("97401", "97402", "97404", "97405"), "541", 6.0),
        City("Springfield", ("97477", "97478"), "541", 3.0),
    ),
)

METRO_GORGE = Region(
    key="metro_gorge",
    name="Metro and Gorge",
    cities=(
        City("Portland", ("97203", "97206", "97211", "97217", "97220", "97230", "97233", "97266"), "503", 14.0),
        City("Gresham", ("97030", "97080"), "971", 3.5),
        City("Troutdale", ("97060",), "503", 0.8),
        City("Fairview", ("97024",), "503", 0.4),
        City("Cascade Locks", ("97014",), "541", 0.2),
        City("Hood River", ("97031",), "541", 1.0),
        City("The Dalles", ("97058",), "541", 1.2),
    ),
)

REGIONS: dict[str, Region] = {region.key: region for region in (NORTH_COAST, WILLAMETTE_VALLEY, METRO_GORGE)}

# Where D-SNP members live (the D-SNP serves all three regions), roughly by population.
DSNP_REGION_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("north_coast", 0.18),
    ("willamette_valley", 0.42),
    ("metro_gorge", 0.40),
)


def fictional_phone(area_code: str, n: int) -> str:
    """A phone number in the 555-0100..0199 block, which is reserved for fictional use."""
    return f"{area_code}-555-01{n % 100:02d}"
