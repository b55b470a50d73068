"""The PCP directory an eligibility answer names PCPs from: read whole into each worker, read again when it
changes (at once where the change was applied, within a second elsewhere, within the reference-cache time
whatever the change)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from portico.common.access import Actor
from portico.common.models import Channel
from portico.members.eligibility import eligibility_check, eligibility_inquiry_parse
from portico.providers import queries
from portico.providers.directory.changes import directory_change_decide, directory_change_propose
from portico.providers.directory.models import ChangeTarget
from portico.providers.models import Practitioner, ServiceLocation
from portico.providers.queries import pcp_directory_changed, pcp_directory_entry
from tests import factories
from tests.providers.conftest import Clinic

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(settings, monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    """The directory cached for 60 s (tests run without the cache), on a clock the test moves."""
    settings.PORTICO = {**settings.PORTICO, "REFERENCE_CACHE_SECONDS": 60}
    clock = Clock()
    monkeypatch.setattr(queries, "time", SimpleNamespace(monotonic=clock.monotonic))
    pcp_directory_changed()
    yield clock
    pcp_directory_changed()


def pcp_of(clinic: Clinic, member) -> str:  # type: ignore[no-untyped-def]
    """The clinic phone an eligibility inquiry shows for the member's current PCP."""
    actor = Actor(user=clinic.frontdesk, organization_id=clinic.organization.pk, channel=Channel.API)
    inquiry = eligibility_inquiry_parse({"member_id": member.member_number, "birth_date": member.birth_date})
    result = eligibility_check(actor=actor, inquiry=inquiry, throttle=False)
    assert result.pcp is not None
    return result.pcp.phone


@pytest.fixture
def member(clinic: Clinic):  # type: ignore[no-untyped-def]
    member = factories.MemberFactory()
    factories.CoverageFactory(member=member, start=dt.date(2020, 1, 1))
    factories.PcpAssignmentFactory(
        member=member, practitioner=clinic.practitioner, location=clinic.location, start=dt.date(2020, 1, 1)
    )
    return member


def test_the_directory_is_read_once_for_many_answers(clinic: Clinic, clock: Clock, django_assert_num_queries):  # type: ignore[no-untyped-def]
    other = factories.PractitionerFactory()
    with django_assert_num_queries(2):  # practitioners, locations
        first = pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk)
        second = pcp_directory_entry(practitioner_id=other.pk, location_id=clinic.other_location.pk)
        pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk)
    assert first.practitioner == clinic.practitioner.display_name
    assert first.practitioner_npi == clinic.practitioner.npi
    assert first.clinic == "Alder Street Clinic"
    assert first.address == "100 Main St, Salem, OR 97301"
    assert second.practitioner == other.display_name
    assert second.clinic == "Birch Family Medicine"


def test_a_change_provider_relations_applies_shows_in_the_next_answer(  # type: ignore[no-untyped-def]
    clinic: Clinic, member, clock: Clock, django_capture_on_commit_callbacks
):
    assert pcp_of(clinic, member) == "503-555-0100"
    change = directory_change_propose(
        organization_id=clinic.organization.pk,
        actor=clinic.admin,
        target=ChangeTarget.LOCATION,
        target_id=clinic.location.pk,
        data={"phone": "503-555-0199"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        directory_change_decide(change_id=change.pk, staff=clinic.staff, apply_fields=["phone"])
    assert pcp_of(clinic, member) == "503-555-0199"


def test_other_workers_read_the_directory_again_within_a_second_of_a_change(clinic: Clinic, clock: Clock) -> None:
    def phone() -> str:
        return pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk).phone

    assert phone() == "503-555-0100"
    this_workers_copy = queries._directory
    ServiceLocation.objects.filter(pk=clinic.location.pk).update(phone="503-555-0199")
    pcp_directory_changed()  # as another worker that applied the change does
    queries._directory = this_workers_copy  # this worker was not told directly
    assert phone() == "503-555-0100"  # checked less than a second ago
    clock.now += queries.DIRECTORY_CHECK_SECONDS
    assert phone() == "503-555-0199"


def test_a_change_made_elsewhere_shows_once_the_reference_cache_time_is_up(clinic: Clinic, clock: Clock) -> None:
    def name() -> str:
        return pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk).practitioner

    assert name() == "Lena Marsh, MD"
    Practitioner.objects.filter(pk=clinic.practitioner.pk).update(credentials="DO")  # admin, an import: no notice
    clock.now += 59
    assert name() == "Lena Marsh, MD"
    clock.now += 1
    assert name() == "Lena Marsh, DO"


def test_a_practitioner_and_location_added_since_the_directory_was_read_are_found(clinic: Clinic, clock: Clock) -> None:
    pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk)
    practitioner = factories.PractitionerFactory(first_name="Noor", last_name="Haddad", credentials="")
    location = factories.LocationFactory(name="Cedar Hills Clinic", organization=clinic.organization)
    entry = pcp_directory_entry(practitioner_id=practitioner.pk, location_id=location.pk)
    assert (entry.practitioner, entry.clinic) == ("Noor Haddad", "Cedar Hills Clinic")


def test_a_practitioner_that_no_longer_exists_is_not_named(clinic: Clinic, clock: Clock) -> None:
    with pytest.raises(Practitioner.DoesNotExist):
        pcp_directory_entry(practitioner_id=10**9, location_id=clinic.location.pk)


def test_without_the_cache_each_answer_reads_the_two_rows_it_names(  # type: ignore[no-untyped-def]
    clinic: Clinic, django_assert_num_queries
):
    with django_assert_num_queries(2):
        entry = pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk)
    assert entry.clinic == "Alder Street Clinic"
    ServiceLocation.objects.filter(pk=clinic.location.pk).update(name="Alder Street Health")
    assert pcp_directory_entry(practitioner_id=clinic.practitioner.pk, location_id=clinic.location.pk).clinic == (
        "Alder Street Health"
    )
