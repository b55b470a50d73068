"""The public provider directory: filters, pages, the same data as clinic information, few queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from portico.providers.directory.changes import directory_change_decide, directory_change_propose
from portico.providers.directory.models import ChangeTarget
from portico.providers.directory.search import DirectoryQuery, directory_search
from portico.providers.models import Affiliation
from tests import factories
from tests.providers.conftest import Clinic, in_network

pytestmark = pytest.mark.django_db


def names(query: DirectoryQuery) -> list[str]:
    return [a.practitioner.last_name for a in directory_search(query=query)]


def test_search_by_name_specialty_place_language_and_new_patients(clinic: Clinic) -> None:
    assert names(DirectoryQuery(name="marsh")) == ["Marsh"]
    assert names(DirectoryQuery(name="alder")) == ["Marsh"]  # the clinic's name
    assert names(DirectoryQuery(specialty="207Q00000X")) == ["Marsh", "Okonkwo"]
    assert names(DirectoryQuery(specialty="2084P0800X")) == []
    assert names(DirectoryQuery(place="Salem")) == ["Marsh"]
    assert names(DirectoryQuery(place="97301")) == ["Marsh"]
    assert names(DirectoryQuery(place="973")) == ["Marsh"]
    assert names(DirectoryQuery(language="Spanish")) == ["Marsh"]
    clinic.practitioner.accepting_new_patients = False
    clinic.practitioner.save()
    assert names(DirectoryQuery(accepting=True)) == ["Okonkwo"]


def test_out_of_network_and_ended_affiliations_are_not_listed(clinic: Clinic) -> None:
    outside = factories.LocationFactory(name="Not Contracted")
    factories.AffiliationFactory(location=outside, practitioner=factories.PractitionerFactory(last_name="Outsider"))
    Affiliation.objects.filter(practitioner__last_name="Okonkwo").update(end=dt.date(2024, 1, 1))
    assert names(DirectoryQuery(specialty="207Q00000X")) == ["Marsh"]


def test_the_pages_need_no_sign_in_and_show_an_applied_change_at_once(clinic: Clinic, client: Client) -> None:
    change = directory_change_propose(
        organization_id=clinic.organization.pk,
        actor=clinic.admin,
        target=ChangeTarget.LOCATION,
        target_id=clinic.location.pk,
        data={"hours": "Mon-Sat 7:00-19:00", "accessibility": ["wheelchair"]},
    )
    assert "Mon-Sat 7:00-19:00" not in client.get(f"/directory/locations/{clinic.location.pk}/").content.decode()
    directory_change_decide(change_id=change.pk, staff=clinic.staff, apply_fields=["hours", "accessibility"])
    body = client.get(f"/directory/locations/{clinic.location.pk}/").content.decode()
    assert "Mon-Sat 7:00-19:00" in body
    assert "Wheelchair-accessible" in body
    person = client.get(f"/directory/practitioners/{clinic.practitioner.pk}/")
    assert person.status_code == 200
    assert "Alder Street Clinic" in person.content.decode()
    results = client.get("/directory/", {"name": "Marsh"})
    assert "Lena Marsh" in results.content.decode()


def test_an_unlisted_practitioner_answers_not_found(clinic: Clinic, client: Client) -> None:
    outsider = factories.PractitionerFactory()
    assert client.get(f"/directory/practitioners/{outsider.pk}/").status_code == 404
    assert client.get("/directory/locations/999999/").status_code == 404


def test_a_page_of_results_takes_a_fixed_number_of_queries(
    clinic: Clinic, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for _n in range(3):
        location = factories.LocationFactory(city="Salem", languages=["English", "Russian"])
        in_network(location.organization)
        for _ in range(15):
            factories.AffiliationFactory(location=location)
    with django_assert_max_num_queries(8):
        response = client.get("/directory/", {"place": "Salem", "language": "Russian"})
    assert response.status_code == 200
    assert "45 results" in response.content.decode()
    with django_assert_max_num_queries(8):
        assert client.get("/directory/", {"place": "Salem", "page": "3"}).status_code == 200
