"""Reads of provider data, scoped to what the asking organization owns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from portico.common.errors import NotFound
from portico.common.memo import memo
from portico.providers.models import Practitioner, ProviderOrganization, ServiceLocation


def organization_get(*, organization_id: int) -> ProviderOrganization:
    try:
        return ProviderOrganization.objects.get(pk=organization_id)
    except ProviderOrganization.DoesNotExist as exc:
        raise NotFound("Organization not found.") from exc


@dataclass(frozen=True)
class PcpDirectoryEntry:
    """What an eligibility answer shows of a PCP: the practitioner and the clinic."""

    practitioner: str
    practitioner_npi: str
    clinic: str
    phone: str
    address: str


def pcp_directory_entry(*, practitioner_id: int, location_id: int) -> PcpDirectoryEntry:
    """Directory data for a practitioner at a location (cached briefly: it is not member data)."""

    def load() -> PcpDirectoryEntry:
        practitioner = Practitioner.objects.get(pk=practitioner_id)
        location = ServiceLocation.objects.get(pk=location_id)
        return PcpDirectoryEntry(
            practitioner=practitioner.display_name,
            practitioner_npi=practitioner.npi,
            clinic=location.name,
            phone=location.phone,
            address=f"{location.address_line1}, {location.city}, {location.state} {location.postal_code}",
        )

    return memo(("pcp", practitioner_id, location_id), load)


def organization_names(organization_ids: Iterable[int]) -> dict[int, str]:
    """Legal names by id, in one query (organizations are not member data: no access check)."""
    wanted = set(organization_ids)
    if not wanted:
        return {}
    return dict(ProviderOrganization.objects.filter(pk__in=wanted).values_list("pk", "legal_name"))


def organization_by_tin(tin: str) -> int | None:
    """The id of the provider organization with this TIN, if exactly one has it."""
    ids = list(ProviderOrganization.objects.filter(tin=tin).values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def locations_of(*, organization_id: int) -> QuerySet[ServiceLocation]:
    return ServiceLocation.objects.filter(organization_id=organization_id).order_by("name")


def practitioners_of(*, organization_id: int) -> QuerySet[Practitioner]:
    return (
        Practitioner.objects.filter(affiliations__location__organization_id=organization_id)
        .distinct()
        .order_by("last_name", "first_name")
    )


def location_of(*, organization_id: int, location_id: int) -> ServiceLocation:
    """The organization's own location, or NotFound (the same answer as for one that does not exist)."""
    location = ServiceLocation.objects.filter(pk=location_id, organization_id=organization_id).first()
    if location is None:
        raise NotFound("Service location not found.")
    return location


def practitioner_of(*, organization_id: int, practitioner_id: int) -> Practitioner:
    practitioner = practitioners_of(organization_id=organization_id).filter(pk=practitioner_id).first()
    if practitioner is None:
        raise NotFound("Practitioner not found.")
    return practitioner
