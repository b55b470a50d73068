"""The plan teams the messaging migration seeds for the demo plan (plain data: the migration reads it with its
historical models), and ``plan_teams_ensure`` for a database emptied since (a test flush, a demo build into a
database whose teams were deleted). Plan administrators change teams in the back office."""

from __future__ import annotations

HOURS = "Monday to Friday, 8 a.m. to 5 p.m. Pacific"

# key, name, what it handles, phone, hours
TEAMS: tuple[tuple[str, str, str, str, str], ...] = (
    ("provider-services", "Provider Services",
     "Eligibility and benefits, general questions, portal access and sign-in help", "503-555-0140", HOURS),
    ("claims", "Claims",
     "Claim status, payments and remittance advice, corrected claims and reconsiderations", "503-555-0141", HOURS),
    ("utilization-management", "Utilization Management",
     "Prior authorizations, concurrent review, peer-to-peer requests, appeals of decisions", "503-555-0142",
     "Monday to Friday, 8 a.m. to 5 p.m. Pacific; urgent requests 24 hours a day"),
    ("behavioral-health", "Behavioral Health",
     "Behavioral health and substance use services, care coordination and referrals", "503-555-0143", HOURS),
    ("pharmacy", "Pharmacy",
     "Formulary, drug prior authorizations and exceptions, pharmacy claims", "503-555-0144",
     "Monday to Friday, 8 a.m. to 6 p.m. Pacific"),
    ("provider-relations", "Provider Relations",
     "Contracting, credentialing, clinic and directory information, portal training", "503-555-0145", HOURS),
)  # fmt: skip


def plan_teams_ensure() -> int:
    """Create any of the seeded teams and holidays that are missing (existing ones are left as staff edited them);
    returns the number of teams created."""
    from portico.messaging.threads.business_days import SEEDED_YEARS, us_federal_holidays
    from portico.messaging.threads.models import BusinessHoliday, PlanTeam

    created = 0
    for position, (key, name, handles, phone, hours) in enumerate(TEAMS, start=1):
        _team, made = PlanTeam.objects.get_or_create(
            key=key,
            defaults={"name": name, "handles": handles, "phone": phone, "hours": hours, "position": position * 10},
        )
        created += made
    for year in SEEDED_YEARS:
        for day, holiday in us_federal_holidays(year):
            BusinessHoliday.objects.get_or_create(date=day, defaults={"name": holiday})
    return created
