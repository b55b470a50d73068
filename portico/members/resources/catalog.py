"""The member resource programs the members migration seeds for the demo plan (plain data: the migration reads it
with its historical models), and ``resource_catalog_ensure`` for a database emptied since (a test flush, a demo
build). Plan administrators change programs in the back office: a change is a new version with a later start.

What the programs are follows the plan's provider website ("Help our members and potential members get the right
care and service they deserve, in a language they understand. From signing up eligible candidates to finding them
a free air conditioner when it gets hot") and Oregon's Medicaid rules: health-related social needs (HRSN) supports
are Medicaid (OHP) benefits — climate devices from March 2024, housing supports from November 2024, nutrition
supports from January 2025 — so members of the D-SNP alone do not qualify; rides and interpreters serve every line.
"""

from __future__ import annotations

from typing import Any

MEDICAID = "medicaid"
MEDICARE_ADVANTAGE = "medicare_advantage"

PROGRAMS: tuple[dict[str, Any], ...] = (
    {
        "key": "coverage-help",
        "kind": "coverage_help",
        "name": "Help applying for or keeping coverage",
        "description": "A community health worker helps the member apply for OHP, renew before coverage ends (or "
        "after it ended), or apply for the Medicare Savings Program and Extra Help.",
        "handled_by": "Cascadia Health enrollment assisters",
        "eligible_programs": [MEDICAID, MEDICARE_ADVANTAGE],
        "coverage_lookback_days": 90,
        "form_fields": ["help_needed", "help_details"],
        "optional_fields": ["help_details"],
        "position": 10,
        "effective_start": "2018-01-01",
    },
    {
        "key": "interpreter",
        "kind": "interpreter",
        "name": "Interpreter for an appointment",
        "description": "A qualified or certified health care interpreter, spoken or sign language, in person, by "
        "phone or by video, at no cost to the member or the clinic.",
        "handled_by": "Cascadia Health language services",
        "eligible_programs": [MEDICAID, MEDICARE_ADVANTAGE],
        "min_notice_days": 2,
        "form_fields": ["language", "interpretation_mode", "appointment_date", "appointment_time"],
        "position": 20,
        "effective_start": "2018-01-01",
    },
    {
        "key": "rides",
        "kind": "transportation",
        "name": "Ride to an appointment",
        "description": "Non-emergency medical transportation to a covered appointment: a car, a wheelchair van or "
        "secured transport, booked with the plan's ride line.",
        "handled_by": "Cascadia Rides (non-emergency medical transportation)",
        "eligible_programs": [MEDICAID, MEDICARE_ADVANTAGE],
        "min_notice_days": 2,
        "form_fields": [
            "appointment_date", "appointment_time", "pickup_address", "destination", "mobility_needs", "rider_notes",
        ],
        "optional_fields": ["rider_notes"],
        "position": 30,
        "effective_start": "2018-01-01",
    },
    {
        "key": "climate-devices",
        "kind": "climate_device",
        "name": "Climate device: air conditioner, air filter and more",
        "description": "A health-related social needs (HRSN) support for OHP members whose health condition extreme "
        "heat or wildfire smoke makes worse: an air conditioner, a portable air cleaner, a mini refrigerator for "
        "medicines or a power supply for medical equipment, delivered to the member's home.",
        "handled_by": "Cascadia Health care coordination",
        "eligible_programs": [MEDICAID],
        "season_start": "05-01",
        "season_end": "10-31",
        "form_fields": ["condition_attestation", "device", "delivery_address"],
        "position": 40,
        "effective_start": "2024-03-01",
    },
    {
        "key": "housing-supports",
        "kind": "housing",
        "name": "Housing supports",
        "description": "A health-related social needs (HRSN) support for OHP members: rent or utility assistance, "
        "help finding or keeping housing, home modifications for health and safety.",
        "handled_by": "Cascadia Health care coordination",
        "eligible_programs": [MEDICAID],
        "form_fields": ["hrsn_attestation", "housing_support", "need_described"],
        "position": 50,
        "effective_start": "2024-11-01",
    },
    {
        "key": "nutrition-supports",
        "kind": "nutrition",
        "name": "Nutrition supports",
        "description": "A health-related social needs (HRSN) support for OHP members: medically tailored meals, a "
        "fruit and vegetable prescription, nutrition education.",
        "handled_by": "Cascadia Health care coordination",
        "eligible_programs": [MEDICAID],
        "form_fields": ["hrsn_attestation", "nutrition_support", "need_described"],
        "position": 60,
        "effective_start": "2025-01-01",
    },
)  # fmt: skip


def resource_catalog_ensure() -> int:
    """Create any seeded program version that is missing (existing ones are left as staff edited them); returns
    the number created."""
    from portico.members.resources.models import ResourceProgram  # the migration imports this module's data

    created = 0
    for spec in PROGRAMS:
        values = dict(spec)
        key, start = values.pop("key"), values.pop("effective_start")
        _program, made = ResourceProgram.objects.get_or_create(key=key, effective_start=start, defaults=values)
        created += made
    return created
