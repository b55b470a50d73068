"""The public provider directory: practitioners at their service locations, read straight from the directory
data (no cache, so an applied change shows at once).

A result is an affiliation (a practitioner at a location) that is in force today, at an organization with a
contracted network participation in force. Filters: name (practitioner, location or organization), specialty
(NUCC taxonomy code), place (a city, a five-digit ZIP, or the first three digits of a ZIP for the area around
it — no geocoding: the data has no coordinates and a distance search is not cheap enough to be worth it here),
language (the practitioner's or the location's) and accepting new patients. A page of results is two queries
(the count and the rows with their practitioner, location and organization joined)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portico.common.errors import NotFound
from portico.providers.directory.taxonomy import specialty_label
from portico.providers.models import (
    Affiliation,
    NetworkParticipation,
    OrganizationKind,
    Practitioner,
    ServiceLocation,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class DirectoryQuery:
    name: str = ""
    specialty: str = ""
    place: str = ""
    language: str = ""
    accepting: bool = False

    @property
    def empty(self) -> bool:
        return not (self.name or self.specialty or self.place or self.language or self.accepting)


def _in_network(day: dt.date) -> Exists:
    return Exists(
        NetworkParticipation.objects.filter(
            organization_id=OuterRef("location__organization_id"), contracted=True, start__lte=day
        ).filter(Q(end__isnull=True) | Q(end__gte=day))
    )


def _listed_affiliations(day: dt.date) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .exclude(location__organization__kind=OrganizationKind.BILLING_SERVICE)
        .filter(_in_network(day))
    )


def _language_filter(language: str, prefix: str) -> Q:
    # JSON lists of names: match the quoted name inside the list's text (works on PostgreSQL and SQLite alike).
    return Q(**{f"{prefix}languages__icontains": f'"{language}"'})


def directory_search(*, query: DirectoryQuery, day: dt.date | None = None) -> QuerySet[Affiliation]:
    day = day or timezone.localdate()
    rows = _listed_affiliations(day).select_related("practitioner", "location", "location__organization")
    if query.name:
        for word in query.name.split()[:5]:
            rows = rows.filter(
                Q(practitioner__last_name__icontains=word)
                | Q(practitioner__first_name__icontains=word)
                | Q(location__name__icontains=word)
                | Q(location__organization__legal_name__icontains=word)
            )
    if query.specialty:
        rows = rows.filter(practitioner__taxonomy_code=query.specialty)
    place = query.place.strip()
    if re.fullmatch(r"\d{5}(-\d{4})?", place):
        rows = rows.filter(location__postal_code__startswith=place[:5])
    elif re.fullmatch(r"\d{3}", place):
        rows = rows.filter(location__postal_code__startswith=place)
    elif place:
        rows = rows.filter(location__city__iexact=place)
    if query.language:
        rows = rows.filter(
            _language_filter(query.language, "practitioner__") | _language_filter(query.language, "location__")
        )
    if query.accepting:
        rows = rows.filter(practitioner__accepting_new_patients=True, location__accepting_new_patients=True)
    return rows.order_by("practitioner__last_name", "practitioner__first_name", "location__name", "pk")


def directory_specialties() -> list[tuple[str, str]]:
    """The specialties practitioners in the directory have, by label."""
    codes = Practitioner.objects.exclude(taxonomy_code="").values_list("taxonomy_code", flat=True).distinct()
    return sorted(((code, specialty_label(code)) for code in codes), key=lambda pair: pair[1])


def directory_languages() -> list[str]:
    """The languages spoken at locations or by practitioners (other than English, which every one offers)."""
    found: set[str] = set()
    for model in (ServiceLocation, Practitioner):
        for languages in model.objects.exclude(languages=[]).values_list("languages", flat=True):
            found.update(str(language) for language in languages or [])
    return sorted(found)


def directory_practitioner(
    *, practitioner_id: int, day: dt.date | None = None
) -> tuple[Practitioner, list[Affiliation]]:
    """A practitioner with the locations where the directory lists them; NotFound when listed nowhere."""
    day = day or timezone.localdate()
    places = list(
        _listed_affiliations(day)
        .filter(practitioner_id=practitioner_id)
        .select_related("practitioner", "location", "location__organization")
        .order_by("location__name")
    )
    if not places:
        raise NotFound("Practitioner not found.")
    return places[0].practitioner, places


def directory_location(*, location_id: int, day: dt.date | None = None) -> tuple[ServiceLocation, list[Affiliation]]:
    """A location with the practitioners the directory lists there; NotFound when it lists none."""
    day = day or timezone.localdate()
    people = list(
        _listed_affiliations(day)
        .filter(location_id=location_id)
        .select_related("practitioner", "location", "location__organization")
        .order_by("practitioner__last_name", "practitioner__first_name")
    )
    if not people:
        raise NotFound("Location not found.")
    return people[0].location, people
