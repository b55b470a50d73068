"""Reads of provider data, scoped to what the asking organization owns."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from portico.common.errors import NotFound
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


# The PCP directory (every practitioner's name and NPI, every location's name, phone and address) is read whole
# into each worker's memory: an eligibility answer names the member's PCPs, and one query per practitioner and
# location it had not seen was, on a busy worker, a query on most inquiries. It is directory data, not member
# data. A worker reads it again:
# - when it is older than ``PORTICO["REFERENCE_CACHE_SECONDS"]`` (60 s): the bound for any change, wherever
#   it is made (admin, imports);
# - within DIRECTORY_CHECK_SECONDS of ``pcp_directory_changed()``, which the service that applies directory
#   changes calls after its commit: it moves a version kept in Django's cache, shared by the workers;
# - when an answer needs a practitioner or location it does not have (added since it was read).
DIRECTORY_VERSION_KEY = "providers:pcp-directory:version"
DIRECTORY_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class _Directory:
    loaded_at: float
    version: object
    practitioners: dict[int, tuple[str, str]]  # id -> (display name, NPI)
    locations: dict[int, tuple[str, str, str]]  # id -> (name, phone, address)


_directory: _Directory | None = None
_checked_at = 0.0


def _directory_read(*, practitioner_ids: list[int] | None = None, location_ids: list[int] | None = None) -> _Directory:
    """Read the directory (or only the rows asked for); the version is read first, so a change committed while
    reading makes the next check read again."""
    version = cache.get(DIRECTORY_VERSION_KEY)
    practitioners = Practitioner.objects.all()
    locations = ServiceLocation.objects.all()
    if practitioner_ids is not None:
        practitioners = practitioners.filter(pk__in=practitioner_ids)
    if location_ids is not None:
        locations = locations.filter(pk__in=location_ids)
    return _Directory(
        loaded_at=time.monotonic(),
        version=version,
        practitioners={
            p.pk: (p.display_name, p.npi)
            for p in practitioners.order_by().only("first_name", "last_name", "credentials", "npi")
        },
        locations={
            pk: (name, phone, f"{line1}, {city}, {state} {postal_code}")
            for pk, name, phone, line1, city, state, postal_code in locations.order_by().values_list(
                "pk", "name", "phone", "address_line1", "city", "state", "postal_code"
            )
        },
    )


def _directory_current() -> _Directory:
    """This worker's directory, read again if it is too old or the shared version moved."""
    global _directory, _checked_at
    now = time.monotonic()
    directory = _directory
    if directory is None or now - directory.loaded_at >= settings.PORTICO["REFERENCE_CACHE_SECONDS"]:
        directory = None
    elif now - _checked_at >= DIRECTORY_CHECK_SECONDS:
        _checked_at = now
        if cache.get(DIRECTORY_VERSION_KEY) != directory.version:
            directory = None
    if directory is None:
        directory = _directory = _directory_read()
        _checked_at = now
    return directory


def pcp_directory_entry(*, practitioner_id: int, location_id: int) -> PcpDirectoryEntry:
    """Directory data for a practitioner at a location (from this worker's copy of the directory)."""
    global _directory, _checked_at
    if settings.PORTICO["REFERENCE_CACHE_SECONDS"] <= 0:
        directory = _directory_read(practitioner_ids=[practitioner_id], location_ids=[location_id])
    else:
        directory = _directory_current()
        if practitioner_id not in directory.practitioners or location_id not in directory.locations:
            directory = _directory = _directory_read()  # added since this worker read the directory
            _checked_at = time.monotonic()
    # A PCP assignment names both (foreign keys); one missing now was deleted meanwhile, as the rows were read.
    if practitioner_id not in directory.practitioners:
        raise Practitioner.DoesNotExist(practitioner_id)
    if location_id not in directory.locations:
        raise ServiceLocation.DoesNotExist(location_id)
    name, npi = directory.practitioners[practitioner_id]
    clinic, phone, address = directory.locations[location_id]
    return PcpDirectoryEntry(practitioner=name, practitioner_npi=npi, clinic=clinic, phone=phone, address=address)


def pcp_directory_changed() -> None:
    """Tell every worker the directory changed (call it after the change commits): each reads it again within
    DIRECTORY_CHECK_SECONDS; this worker at once."""
    global _directory
    cache.set(DIRECTORY_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _directory = None


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
