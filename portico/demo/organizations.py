"""The demo world's registrations waiting for provider relations: one that matches the network, one that does
not. Written as rows (no emails go out while the world is built)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portico.accounts.models import OrganizationRegistration
from portico.providers.models import ProviderOrganization
from portico.providers.queries import practitioners_of


def demo_registrations_create(*, organization_ids: dict[str, int], as_of: dt.date) -> list[OrganizationRegistration]:
    """Riverbend Community Health Center asks for portal access with its own NPI and two of its practitioners'
    (every check passes: approve it); a dental office the network does not know asks too (decline it)."""
    riverbend = ProviderOrganization.objects.get(pk=organization_ids["riverbend"])
    practitioner_npis = list(practitioners_of(organization_id=riverbend.pk).values_list("npi", flat=True)[:2])
    submitted = timezone.make_aware(dt.datetime.combine(as_of, dt.time(9, 30)))
    rows = [
        OrganizationRegistration(
            reference="REG-RVBD7K3M",
            legal_name=riverbend.legal_name,
            tin=riverbend.tin,
            npis=[riverbend.group_npi, *practitioner_npis],
            address_line1="1350 N Pacific Hwy",
            city="Woodburn",
            state="OR",
            postal_code="97071",
            admin_first_name="Marisol",
            admin_last_name="Vega",
            admin_email="marisol.vega@riverbend-chc.example",
            admin_phone="503-555-0181",
            backup_first_name="Ivan",
            backup_last_name="Petrov",
            backup_email="ivan.petrov@riverbend-chc.example",
            backup_phone="503-555-0182",
            submitted_at=submitted - dt.timedelta(days=2),
        ),
        OrganizationRegistration(
            reference="REG-CDRH4P9T",
            legal_name="Cedar Hollow Dental, LLC",
            tin="910000017",  # outside the demo network's 93 prefix: not in the network
            npis=["1234567893"],
            address_line1="88 Hemlock St",
            address_line2="Suite 4",
            city="Cannon Beach",
            state="OR",
            postal_code="97110",
            admin_first_name="June",
            admin_last_name="Albright",
            admin_email="june@cedarhollowdental.example",
            admin_phone="503-555-0191",
            backup_first_name="Theo",
            backup_last_name="Marsh",
            backup_email="theo@cedarhollowdental.example",
            backup_phone="503-555-0192",
            submitted_at=submitted - dt.timedelta(days=1),
        ),
    ]
    return OrganizationRegistration.objects.bulk_create(rows)
