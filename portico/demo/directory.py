"""The demo world's directory work: every organization's 90-day attestations (one late, Thimbleberry due soon),
a change Thimbleberry's administrator proposed and provider relations have not applied yet, and two applications
to join the network — one submitted, one still a draft. Written as rows (no emails, no notifications)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.utils import timezone

from portico.accounts.models import User
from portico.authorizations.attachments import attachment_write
from portico.common.identifiers import npi_check_digit
from portico.plans.models import LineOfBusiness
from portico.providers.directory.models import (
    ChangeTarget,
    DirectoryAttestation,
    DirectoryChange,
    DirectoryChangeField,
)
from portico.providers.joining.models import (
    ApplicationDocument,
    ApplicationPractitioner,
    ApplicationStatus,
    DocumentKind,
    NetworkApplication,
)
from portico.providers.models import AccessibilityFeature, OrganizationKind, ProviderOrganization, ServiceLocation

LATE = "mount-hollow"  # last attested 120 days before the as-of date: 30 days late
DUE_SOON = "thimbleberry"  # attested 84 days before: due within the week, so its administrator can try it
# The demo applications' private links are known so the demo can open them (a real link is a random secret).
DRAFT_TOKEN = "demo-draft-alpine-meadows"
SUBMITTED_TOKEN = "demo-submitted-larkspur"
W9_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Demo W-9 (fictional)\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _npi(n: int) -> str:
    first_nine = f"{n:09d}"
    return first_nine + npi_check_digit(first_nine)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def demo_directory_create(*, organization_ids: dict[str, int], as_of: dt.date, seed: int) -> None:
    rng = random.Random(f"{seed}-directory")
    admin = User.objects.filter(username="clinicadmin").first()
    attestations = []
    for key, organization_id in sorted(organization_ids.items()):
        if key == LATE:
            days = 120
        elif key == DUE_SOON:
            days = 84
        else:
            days = rng.randint(5, 70)
        attestations.append(
            DirectoryAttestation(
                organization_id=organization_id,
                attested_by=admin if key == DUE_SOON else None,
                attested_at=_at(as_of - dt.timedelta(days=days)),
            )
        )
    billing = set(
        ProviderOrganization.objects.filter(kind=OrganizationKind.BILLING_SERVICE).values_list("pk", flat=True)
    )
    DirectoryAttestation.objects.bulk_create([a for a in attestations if a.organization_id not in billing])

    # Accessibility and telehealth on the demo's named clinics, so the directory has something to show.
    ServiceLocation.objects.filter(organization_id__in=organization_ids.values()).update(
        accessibility=[AccessibilityFeature.WHEELCHAIR.value, AccessibilityFeature.PARKING.value]
    )

    thimbleberry = ServiceLocation.objects.filter(organization_id=organization_ids[DUE_SOON]).order_by("name").first()
    if thimbleberry is not None and admin is not None:
        change = DirectoryChange.objects.create(
            organization_id=thimbleberry.organization_id,
            target=ChangeTarget.LOCATION,
            location=thimbleberry,
            note="Saturday clinic starts next month; video visits are available now.",
            proposed_by=admin,
        )
        DirectoryChange.objects.filter(pk=change.pk).update(proposed_at=_at(as_of - dt.timedelta(days=1), 15))
        new_languages = [*thimbleberry.languages, "Vietnamese"] if "Vietnamese" not in thimbleberry.languages else []
        fields = [
            ("hours", thimbleberry.hours, "Mon-Fri 8:00-17:00; Sat 9:00-12:00"),
            ("telehealth", thimbleberry.telehealth, True),
        ]
        if new_languages:
            fields.append(("languages", thimbleberry.languages, new_languages))
        DirectoryChangeField.objects.bulk_create(
            [DirectoryChangeField(change=change, field=f, old_value=old, new_value=new) for f, old, new in fields]
        )

    lines = list(LineOfBusiness.objects.order_by("name")[:2])
    submitted = NetworkApplication.objects.create(
        reference="APP-LRKSP4M7",
        token_hash=hashlib.sha256(SUBMITTED_TOKEN.encode()).hexdigest(),
        status=ApplicationStatus.SUBMITTED,
        contact_name="June Ortega",
        contact_email="june.ortega@larkspur-peds.example",
        contact_phone="541-555-0110",
        legal_name="Larkspur Pediatrics, PC",
        tin="937650012",
        group_npi=_npi(188800001),
        kind=OrganizationKind.PRIMARY_CARE,
        taxonomy_code="208000000X",
        address_line1="12 Larkspur Way",
        city="Eugene",
        state="OR",
        postal_code="97401",
        phone="541-555-0110",
        submitted_at=_at(as_of - dt.timedelta(days=3), 11),
    )
    submitted.lines_of_business.set(lines)
    ApplicationPractitioner.objects.bulk_create(
        [
            ApplicationPractitioner(
                application=submitted,
                npi=_npi(188800002),
                first_name="June",
                last_name="Ortega",
                credentials="MD",
                taxonomy_code="208000000X",
                license_state="OR",
                license_number="MD-204518",
                license_expires=dt.date(as_of.year + 2, 6, 30),
            ),
            ApplicationPractitioner(
                application=submitted,
                npi=_npi(188800003),
                first_name="Theo",
                last_name="Brandt",
                credentials="FNP-C",
                taxonomy_code="363LF0000X",
                license_state="OR",
                license_number="NP-88231",
                license_expires=dt.date(as_of.year + 1, 12, 31),
            ),
        ]
    )
    ApplicationDocument.objects.create(
        application=submitted,
        kind=DocumentKind.W9,
        name="Larkspur W-9.pdf",
        content_type="application/pdf",
        size=len(W9_PDF),
        sha256=hashlib.sha256(W9_PDF).hexdigest(),
        stored_name=attachment_write(W9_PDF),
    )
    NetworkApplication.objects.create(
        reference="APP-ALPNM3D6",
        token_hash=hashlib.sha256(DRAFT_TOKEN.encode()).hexdigest(),
        contact_name="Ruth Calloway",
        contact_email="ruth@alpine-meadows.example",
        legal_name="Alpine Meadows Counseling, LLC",
        city="Bend",
        state="OR",
    )
