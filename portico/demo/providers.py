"""The provider side of the demo world: organizations of every kind, their service locations, practitioners
(with valid NPIs and NUCC taxonomy codes), affiliations, network participation and billing arrangements.

The hand-made organizations (the ones personas work at and the docs name) come out the same whatever the
seed. Larger worlds add generated primary-care clinics, from the seed, so PCP panels stay near realistic
sizes (about 1,500 members per PCP).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from portico.common.identifiers import npi_check_digit
from portico.demo.names import CLINIC_SUFFIXES, CLINIC_WORDS, NAME_GROUPS, STREET_NAMES, STREET_SUFFIXES
from portico.demo.places import DSNP_REGION_WEIGHTS, REGIONS, fictional_phone
from portico.demo.world import ADVANTAGE_DUAL, LINES_OF_BUSINESS
from portico.providers.models import (
    Affiliation,
    BillingArrangement,
    NetworkParticipation,
    OrganizationKind,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)

# Practitioner kinds: credentials, NUCC taxonomy code, and whether they can be a member's PCP.
STAFF_KINDS: dict[str, tuple[str, str, bool]] = {
    "family": ("MD", "207Q00000X", True),
    "family_do": ("DO", "207Q00000X", True),
    "internal": ("MD", "207R00000X", True),
    "pediatrics": ("MD", "208000000X", True),
    "np": ("FNP-C", "363LF0000X", True),
    "pa": ("PA-C", "363AM0700X", True),
    "cardiology": ("MD", "207RC0000X", False),
    "interventional": ("MD", "207RI0011X", False),
    "cardiac_np": ("AGACNP-BC", "363LA2100X", False),
    "hospitalist": ("MD", "208M00001X", False),
    "emergency": ("DO", "207P00000X", False),
    "obgyn": ("MD", "207V00000X", False),
    "surgeon": ("MD", "208600000X", False),
    "radiology": ("MD", "2085R0202X", False),
    "dentist": ("DMD", "1223G0001X", False),
    "dentist_dds": ("DDS", "1223G0001X", False),
    "hygienist": ("RDH", "124Q00000X", False),
    "psychiatrist": ("MD", "2084P0800X", False),
    "pmhnp": ("PMHNP-BC", "363LP0808X", False),
    "lcsw": ("LCSW", "1041C0700X", False),
    "lpc": ("LPC", "101YP2500X", False),
    "psychologist": ("PsyD", "103TC0700X", False),
}

# The growth target for generated clinics: members per PCP practitioner.
MEMBERS_PER_PCP = 1500
PCP_ASSIGNMENT_RATE = 0.9
NETWORK_START = dt.date(2016, 1, 1)
FIXED_WORLD_SEED = "portico-demo-fixed-world"


@dataclass(frozen=True)
class LocationSpec:
    key: str
    name: str
    street: str
    city: str
    postal_code: str
    phone_n: int
    hours: str
    languages: tuple[str, ...]
    staff: tuple[tuple[str, int], ...]
    accepting_new_patients: bool = True
    pediatric_only: bool = False


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    legal_name: str
    kind: str
    phone: str
    locations: tuple[LocationSpec, ...]
    contracted: bool = True
    pcp_panel: bool = False
    lob_codes: tuple[str, ...] | None = None  # None: the CCOs of its locations' regions, and the D-SNP


WEEKDAYS = "Mon-Fri 8:00-17:00"

ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    OrganizationSpec(
        key="thimbleberry",
        legal_name="Thimbleberry Family Medicine, P.C.",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="503-555-0140",
        pcp_panel=True,
        locations=(
            LocationSpec("thimbleberry-court", "Thimbleberry Family Medicine - Court Street", "1450 Court St NE",
                         "Salem", "97301", 42, "Mon-Fri 8:00-17:30", ("English", "Spanish"),
                         (("family", 2), ("family_do", 1), ("np", 1), ("pa", 1))),
            LocationSpec("thimbleberry-keizer", "Thimbleberry Family Medicine - Keizer", "5120 River Rd N",
                         "Keizer", "97303", 43, "Mon-Fri 7:30-17:00; Sat 9:00-13:00",
                         ("English", "Spanish", "Russian"), (("family", 1), ("np", 1), ("pediatrics", 1))),
            LocationSpec("thimbleberry-west", "Thimbleberry Family Medicine - West Salem", "1290 Edgewater St NW",
                         "Salem", "97304", 44, "Mon-Thu 8:00-18:00; Fri 8:00-12:00", ("English",),
                         (("internal", 1), ("pa", 1)), accepting_new_patients=False),
        ),
    ),
    OrganizationSpec(
        key="salal",
        legal_name="Salal Street Family Clinic, LLC",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="541-555-0150",
        pcp_panel=True,
        locations=(
            LocationSpec("salal-albany", "Salal Street Family Clinic - Albany", "845 Salal St SE", "Albany",
                         "97321", 51, WEEKDAYS, ("English", "Spanish"), (("family", 2), ("np", 1))),
            LocationSpec("salal-corvallis", "Salal Street Family Clinic - Corvallis", "3300 NW Walnut Blvd",
                         "Corvallis", "97330", 52, "Mon-Fri 8:00-18:00", ("English", "Chinese (Mandarin)"),
                         (("internal", 1), ("pa", 1))),
        ),
    ),
    OrganizationSpec(
        key="driftwood",
        legal_name="Driftwood Coast Primary Care, P.C.",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="503-555-0160",
        pcp_panel=True,
        locations=(
            LocationSpec("driftwood-astoria", "Driftwood Coast Primary Care - Astoria", "1640 Exchange St",
                         "Astoria", "97103", 61, WEEKDAYS, ("English", "Spanish"),
                         (("family", 2), ("np", 1))),
            LocationSpec("driftwood-tillamook", "Driftwood Coast Primary Care - Tillamook", "1105 Main Ave",
                         "Tillamook", "97141", 62, "Mon-Thu 8:00-17:00", ("English",),
                         (("family_do", 1), ("pa", 1))),
        ),
    ),
    OrganizationSpec(
        key="osprey",
        legal_name="Osprey Bluff Family Practice, P.C.",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="541-555-0163",
        pcp_panel=True,
        locations=(
            LocationSpec("osprey-newport", "Osprey Bluff Family Practice", "930 SW Coast Hwy", "Newport",
                         "97365", 63, WEEKDAYS, ("English", "Spanish"), (("family", 1), ("np", 2))),
        ),
    ),
    OrganizationSpec(
        key="ninebark",
        legal_name="Ninebark Health Partners, LLC",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="503-555-0170",
        pcp_panel=True,
        locations=(
            LocationSpec("ninebark-alberta", "Ninebark Health Partners - Alberta", "2715 NE Alberta St",
                         "Portland", "97211", 71, "Mon-Fri 7:30-19:00", ("English", "Spanish", "Vietnamese"),
                         (("family", 2), ("internal", 1), ("np", 1))),
            LocationSpec("ninebark-gresham", "Ninebark Health Partners - Gresham", "1700 NE Division St",
                         "Gresham", "97030", 72, WEEKDAYS, ("English", "Russian", "Ukrainian"),
                         (("family", 1), ("np", 1), ("pa", 1))),
            LocationSpec("ninebark-hood-river", "Ninebark Health Partners - Hood River", "1010 12th St",
                         "Hood River", "97031", 73, "Mon-Fri 8:00-16:30", ("English", "Spanish"),
                         (("family_do", 1), ("np", 1))),
        ),
    ),
    OrganizationSpec(
        key="camas",
        legal_name="Camas Lily Pediatrics, P.C.",
        kind=OrganizationKind.PRIMARY_CARE,
        phone="503-555-0174",
        pcp_panel=True,
        lob_codes=("MGCCO",),  # children only: not in the D-SNP
        locations=(
            LocationSpec("camas-foster", "Camas Lily Pediatrics", "10205 SE Foster Rd", "Portland", "97266", 74,
                         "Mon-Fri 8:00-18:00; Sat 9:00-12:00",
                         ("English", "Spanish", "Vietnamese", "Chinese (Cantonese)"),
                         (("pediatrics", 3), ("np", 1)), pediatric_only=True),
        ),
    ),
    OrganizationSpec(
        key="riverbend",
        legal_name="Riverbend Community Health Center",
        kind=OrganizationKind.FQHC,
        phone="503-555-0180",
        pcp_panel=True,
        locations=(
            LocationSpec("riverbend-woodburn", "Riverbend Community Health Center - Woodburn",
                         "1350 N Pacific Hwy", "Woodburn", "97071", 81, "Mon-Fri 7:00-19:00; Sat 8:00-14:00",
                         ("English", "Spanish", "Russian", "Mixteco"),
                         (("family", 2), ("np", 2), ("lcsw", 1), ("dentist", 1))),
            LocationSpec("riverbend-cully", "Riverbend Community Health Center - Cully", "5240 NE 42nd Ave",
                         "Portland", "97211", 82, "Mon-Fri 8:00-19:00", ("English", "Spanish", "Somali", "Arabic"),
                         (("family", 1), ("internal", 1), ("np", 1), ("pa", 1), ("lcsw", 1))),
            LocationSpec("riverbend-the-dalles", "Riverbend Community Health Center - The Dalles",
                         "419 E 7th St", "The Dalles", "97058", 83, WEEKDAYS, ("English", "Spanish"),
                         (("family", 1), ("np", 1))),
        ),
    ),
    OrganizationSpec(
        key="mount-hollow",
        legal_name="Mount Hollow Regional Medical Center",
        kind=OrganizationKind.HOSPITAL,
        phone="503-555-0190",
        lob_codes=tuple(lob.code for lob in LINES_OF_BUSINESS),
        locations=(
            LocationSpec("mount-hollow-main", "Mount Hollow Regional Medical Center", "1800 Center St NE",
                         "Salem", "97301", 90, "Open 24 hours, 7 days",
                         ("English", "Spanish", "Interpreters on request"),
                         (("hospitalist", 3), ("emergency", 2), ("obgyn", 1), ("surgeon", 1), ("radiology", 1))),
            LocationSpec("mount-hollow-imaging", "Mount Hollow Outpatient Imaging", "2650 Commercial St SE",
                         "Salem", "97302", 91, "Mon-Sat 7:00-19:00", ("English", "Spanish"), (("radiology", 1),)),
        ),
    ),
    OrganizationSpec(
        key="bright-tide",
        legal_name="Bright Tide Dental Group, P.C.",
        kind=OrganizationKind.DENTAL,
        phone="503-555-0155",
        lob_codes=tuple(lob.code for lob in LINES_OF_BUSINESS),
        locations=(
            LocationSpec("bright-tide-lancaster", "Bright Tide Dental - Lancaster", "3960 Lancaster Dr NE",
                         "Salem", "97305", 56, "Mon-Thu 7:00-18:00", ("English", "Spanish"),
                         (("dentist", 2), ("dentist_dds", 1), ("hygienist", 2))),
            LocationSpec("bright-tide-newport", "Bright Tide Dental - Newport", "155 NE 7th St", "Newport",
                         "97365", 57, WEEKDAYS, ("English",), (("dentist", 1), ("hygienist", 1))),
        ),
    ),
    OrganizationSpec(
        key="basalt-ridge",
        legal_name="Basalt Ridge Heart & Vascular, LLC",
        kind=OrganizationKind.SPECIALTY,
        phone="503-555-0158",
        lob_codes=tuple(lob.code for lob in LINES_OF_BUSINESS),
        locations=(
            LocationSpec("basalt-ridge-salem", "Basalt Ridge Heart & Vascular - Salem", "875 Oak St SE", "Salem",
                         "97301", 58, WEEKDAYS, ("English", "Spanish"),
                         (("cardiology", 2), ("interventional", 1), ("cardiac_np", 1))),
            LocationSpec("basalt-ridge-portland", "Basalt Ridge Heart & Vascular - Portland", "10123 SE Stark St",
                         "Portland", "97220", 78, WEEKDAYS, ("English", "Russian"), (("cardiology", 2),)),
        ),
    ),
    OrganizationSpec(
        key="quiet-harbor",
        legal_name="Quiet Harbor Counseling Collective",
        kind=OrganizationKind.BEHAVIORAL_HEALTH,
        phone="503-555-0185",
        contracted=False,
        lob_codes=tuple(lob.code for lob in LINES_OF_BUSINESS),
        locations=(
            LocationSpec("quiet-harbor-woodstock", "Quiet Harbor Counseling Collective", "4410 SE Woodstock Blvd",
                         "Portland", "97206", 85, "Mon-Fri 9:00-20:00",
                         ("English", "Spanish", "American Sign Language"),
                         (("lcsw", 2), ("lpc", 2), ("psychologist", 1), ("pmhnp", 1))),
        ),
    ),
    OrganizationSpec(
        key="ledgerline",
        legal_name="Ledgerline Billing Partners, LLC",
        kind=OrganizationKind.BILLING_SERVICE,
        phone="503-555-0199",
        lob_codes=(),
        locations=(),
    ),
)  # fmt: skip

BILLING_CLIENTS: tuple[str, ...] = ("thimbleberry", "salal")
BILLING_SERVICE = "ledgerline"

_CITY_REGION = {city.name: region.key for region in REGIONS.values() for city in region.cities}
_CITY_AREA = {city.name: city.area_code for region in REGIONS.values() for city in region.cities}


@dataclass
class PcpLocation:
    """A location where members can be assigned a PCP, with the practitioners who can be that PCP."""

    location_id: int
    organization_id: int
    region: str
    pediatric_only: bool
    practitioner_ids: tuple[int, ...]


@dataclass
class ProviderIds:
    """Database ids of the provider side, for the population generator and the personas."""

    organization_ids: dict[str, int] = field(default_factory=dict)
    location_ids: dict[str, int] = field(default_factory=dict)
    practitioner_ids_by_location: dict[str, list[int]] = field(default_factory=dict)
    pcp_locations: list[PcpLocation] = field(default_factory=list)
    # (organization id, line-of-business id) -> participation id, for PCP panels.
    panel_participations: dict[tuple[int, int], int] = field(default_factory=dict)


class NpiSource:
    """Unique, valid NPIs (type 1 and type 2 both start with 1 or 2) drawn from a random stream."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken

    def next(self) -> str:
        while True:
            first_nine = f"{self.rng.choice('12')}{self.rng.randrange(10**8):08d}"
            npi = first_nine + npi_check_digit(first_nine)
            if npi not in self.taken:
                self.taken.add(npi)
                return npi


def _person_name(rng: random.Random) -> tuple[str, str]:
    groups = NAME_GROUPS
    group = rng.choices(groups, weights=[g.weight for g in groups])[0]
    first = rng.choice(group.female if rng.random() < 0.55 else group.male)
    return first, rng.choice(group.last)


def extra_clinic_specs(*, members: int, rng: random.Random) -> tuple[OrganizationSpec, ...]:
    """Generated primary-care clinics, enough that each region has about one PCP per MEMBERS_PER_PCP members.

    The hand-made clinics cover the small worlds; a million members need a few hundred more PCPs."""
    fixed_pcps: dict[str, int] = dict.fromkeys(REGIONS, 0)
    for org in ORGANIZATIONS:
        if org.pcp_panel:
            for loc in org.locations:
                if not loc.pediatric_only:
                    fixed_pcps[_CITY_REGION[loc.city]] += sum(n for kind, n in loc.staff if STAFF_KINDS[kind][2])
    dsnp = dict(DSNP_REGION_WEIGHTS)
    specs: list[OrganizationSpec] = []
    used_names: set[str] = set()
    for region_key, region in REGIONS.items():
        cco_share = sum(lob.share for lob in LINES_OF_BUSINESS if lob.region == region_key)
        region_share = cco_share + ADVANTAGE_DUAL.share * dsnp[region_key]
        needed = math.ceil(members * region_share * PCP_ASSIGNMENT_RATE / MEMBERS_PER_PCP)
        missing = needed - fixed_pcps[region_key]
        number = 0
        while missing > 0:
            number += 1
            city = rng.choices(region.cities, weights=[c.weight for c in region.cities])[0]
            while True:
                word = rng.choice(CLINIC_WORDS).replace("-", " ")
                suffix = rng.choice(CLINIC_SUFFIXES)
                brand = f"{word} {suffix}"
                if brand not in used_names:
                    used_names.add(brand)
                    break
            key = f"gen-{region_key}-{number}"
            locations = []
            location_names: set[str] = set()
            for index in range(rng.choice((1, 1, 2, 2, 3))):
                loc_city = (
                    city if index == 0 else rng.choices(region.cities, weights=[c.weight for c in region.cities])[0]
                )
                name = f"{brand} - {loc_city.name}"
                if name in location_names:
                    name = f"{name} {('North', 'South', 'East')[index]}"
                location_names.add(name)
                staff = (("family", rng.randint(1, 3)), ("np", rng.randint(0, 2)), ("pa", rng.randint(0, 1)))
                locations.append(
                    LocationSpec(
                        key=f"{key}-{index + 1}",
                        name=name,
                        street=f"{rng.randint(100, 9999)} {rng.choice(STREET_NAMES).replace('-', ' ')} "
                        f"{rng.choice(STREET_SUFFIXES)}",
                        city=loc_city.name,
                        postal_code=rng.choice(loc_city.zips),
                        phone_n=rng.randrange(100),
                        hours=rng.choice((WEEKDAYS, "Mon-Fri 7:30-18:00", "Mon-Thu 8:00-18:00; Fri 8:00-12:00")),
                        languages=(
                            "English",
                            *rng.sample(("Spanish", "Russian", "Vietnamese", "Chinese (Mandarin)"), rng.randint(0, 2)),
                        ),
                        staff=staff,
                        accepting_new_patients=rng.random() < 0.85,
                    )
                )
                missing -= sum(n for _kind, n in staff)
            specs.append(
                OrganizationSpec(
                    key=key,
                    legal_name=f"{brand}, {rng.choice(('P.C.', 'LLC', 'PLLC'))}",
                    kind=OrganizationKind.PRIMARY_CARE,
                    phone=fictional_phone(_CITY_AREA[city.name], rng.randrange(100)),
                    pcp_panel=True,
                    locations=tuple(locations),
                )
            )
    return tuple(specs)  # fmt: skip


def _tin(rng: random.Random) -> str:
    # 93 is a prefix the IRS assigns in the Pacific Northwest; the rest is random.
    return f"93{rng.randrange(10**7):07d}"


def providers_create(*, members: int, seed: int, lob_ids: dict[str, int]) -> ProviderIds:
    """Every demo organization with its locations, practitioners, affiliations and network participation,
    and the billing service's arrangements with its two client clinics. All organizations are ``is_demo``."""
    fixed_rng = random.Random(FIXED_WORLD_SEED)
    extra_rng = random.Random(f"portico-demo-clinics:{seed}")
    npis = NpiSource(fixed_rng, set(Practitioner.objects.values_list("npi", flat=True)))
    specs = ORGANIZATIONS + extra_clinic_specs(members=members, rng=extra_rng)
    ids = ProviderIds()
    for spec in specs:
        rng = fixed_rng if not spec.key.startswith("gen-") else extra_rng
        npis.rng = rng
        org = ProviderOrganization.objects.create(
            legal_name=spec.legal_name,
            tin=_tin(rng),
            group_npi=npis.next() if spec.locations else "",
            kind=spec.kind,
            phone=spec.phone,
            is_demo=True,
        )
        ids.organization_ids[spec.key] = org.pk
        regions: list[str] = []
        for loc_spec in spec.locations:
            region = _CITY_REGION[loc_spec.city]
            regions.append(region)
            location = ServiceLocation.objects.create(
                organization=org,
                name=loc_spec.name,
                npi=npis.next(),
                address_line1=loc_spec.street,
                city=loc_spec.city,
                state="OR",
                postal_code=loc_spec.postal_code,
                phone=fictional_phone(_CITY_AREA[loc_spec.city], loc_spec.phone_n),
                hours=loc_spec.hours,
                accepting_new_patients=loc_spec.accepting_new_patients,
                languages=list(loc_spec.languages),
            )
            ids.location_ids[loc_spec.key] = location.pk
            pcp_ids: list[int] = []
            all_ids: list[int] = []
            for kind, count in loc_spec.staff:
                credentials, taxonomy, is_pcp = STAFF_KINDS[kind]
                for _n in range(count):
                    first, last = _person_name(rng)
                    practitioner = Practitioner.objects.create(
                        npi=npis.next(), first_name=first, last_name=last, credentials=credentials,
                        taxonomy_code=taxonomy,
                    )  # fmt: skip
                    Affiliation.objects.create(
                        practitioner=practitioner,
                        location=location,
                        start=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365)),
                    )
                    all_ids.append(practitioner.pk)
                    if is_pcp:
                        pcp_ids.append(practitioner.pk)
            ids.practitioner_ids_by_location[loc_spec.key] = all_ids
            if spec.pcp_panel and pcp_ids:
                ids.pcp_locations.append(
                    PcpLocation(location.pk, org.pk, region, loc_spec.pediatric_only, tuple(pcp_ids))
                )
        lob_codes = spec.lob_codes
        if lob_codes is None:
            lob_codes = tuple(lob.code for lob in LINES_OF_BUSINESS if lob.region is None or lob.region in regions)
        for code in lob_codes:
            participation = NetworkParticipation.objects.create(
                organization=org,
                line_of_business_id=lob_ids[code],
                contracted=spec.contracted,
                start=NETWORK_START,
                pcp_panel=spec.pcp_panel,
                panel_capacity=None,
            )
            if spec.pcp_panel:
                ids.panel_participations[(org.pk, lob_ids[code])] = participation.pk
    for client in BILLING_CLIENTS:
        BillingArrangement.objects.create(
            billing_service_id=ids.organization_ids[BILLING_SERVICE],
            client_id=ids.organization_ids[client],
            start=dt.date(2021, 7, 1),
        )
    return ids


def panel_capacities_set(*, ids: ProviderIds, assigned: dict[tuple[int, int], int]) -> None:
    """Size each PCP panel from the members actually assigned (open panels have about 20% room left)."""
    for key, participation_id in ids.panel_participations.items():
        count = assigned.get(key, 0)
        capacity = max(100, math.ceil(count * 1.2 / 50) * 50)
        NetworkParticipation.objects.filter(pk=participation_id).update(panel_capacity=capacity)
