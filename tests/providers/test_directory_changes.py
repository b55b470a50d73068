"""Clinic information: administrators propose changes (old → new per field); provider relations apply them."""

from __future__ import annotations

import pytest

from portico.common.errors import NotFound, PermissionDenied, ValidationFailed
from portico.messaging.models import Notification, NotificationTopic
from portico.providers.directory.changes import directory_change_decide, directory_change_propose
from portico.providers.directory.models import ChangeStatus, ChangeTarget, DirectoryChange
from tests.providers.conftest import Clinic, signed_in

pytestmark = pytest.mark.django_db


def propose(clinic: Clinic, **data: object) -> DirectoryChange:
    return directory_change_propose(
        organization_id=clinic.organization.pk,
        actor=clinic.admin,
        target=ChangeTarget.LOCATION,
        target_id=clinic.location.pk,
        data=data,
    )


def test_a_change_records_old_and_new_value_of_each_changed_field_only(clinic: Clinic) -> None:
    change = propose(clinic, phone="503 555 0199", city=clinic.location.city, hours="Mon-Fri 8-5")
    fields = {f.field: (f.old_value, f.new_value) for f in change.fields.all()}
    assert fields == {"phone": ("503-555-0100", "503-555-0199"), "hours": ("", "Mon-Fri 8-5")}
    clinic.location.refresh_from_db()
    assert clinic.location.phone == "503-555-0100"  # not in the directory until applied


def test_bad_input_names_the_field_and_changes_nothing(clinic: Clinic) -> None:
    with pytest.raises(ValidationFailed) as failure:
        propose(clinic, phone="12", postal_code="ABCDE", accessibility=["teleporter"])
    assert set(failure.value.errors) == {"phone", "postal_code", "accessibility"}
    assert not DirectoryChange.objects.exists()


def test_a_change_that_changes_nothing_is_refused(clinic: Clinic) -> None:
    with pytest.raises(ValidationFailed):
        propose(clinic, phone=clinic.location.phone)


def test_a_second_pending_change_for_the_same_location_is_refused(clinic: Clinic) -> None:
    propose(clinic, hours="Mon-Fri 8-5")
    with pytest.raises(ValidationFailed):
        propose(clinic, hours="Mon-Fri 9-6")


def test_only_an_administrator_proposes(clinic: Clinic) -> None:
    with pytest.raises(PermissionDenied):
        directory_change_propose(
            organization_id=clinic.organization.pk,
            actor=clinic.frontdesk,
            target=ChangeTarget.LOCATION,
            target_id=clinic.location.pk,
            data={"hours": "x"},
        )


def test_another_organizations_location_is_not_found(clinic: Clinic) -> None:
    with pytest.raises(NotFound):
        directory_change_propose(
            organization_id=clinic.organization.pk,
            actor=clinic.admin,
            target=ChangeTarget.LOCATION,
            target_id=clinic.other_location.pk,
            data={"hours": "x"},
        )


def test_applying_some_fields_changes_the_directory_and_records_who_and_when(clinic: Clinic) -> None:
    change = propose(clinic, phone="503-555-0199", hours="Mon-Fri 8-5", telehealth="yes")
    decided = directory_change_decide(change_id=change.pk, staff=clinic.staff, apply_fields=["phone", "telehealth"])
    assert decided.status == ChangeStatus.PARTLY_APPLIED
    assert decided.decided_by == clinic.staff
    assert decided.decided_at is not None
    clinic.location.refresh_from_db()
    assert (clinic.location.phone, clinic.location.hours, clinic.location.telehealth) == ("503-555-0199", "", True)
    decisions = {f.field: f.decision for f in decided.fields.all()}
    assert decisions == {"phone": "applied", "hours": "not_applied", "telehealth": "applied"}
    note = Notification.objects.get(recipient=clinic.admin)
    assert note.topic == NotificationTopic.DIRECTORY_DATA


def test_returning_needs_a_note(clinic: Clinic) -> None:
    change = propose(clinic, hours="Mon-Fri 8-5")
    with pytest.raises(ValidationFailed) as failure:
        directory_change_decide(change_id=change.pk, staff=clinic.staff, apply_fields=[])
    assert "staff_note" in failure.value.errors
    returned = directory_change_decide(
        change_id=change.pk, staff=clinic.staff, apply_fields=[], staff_note="Hours must name each day."
    )
    assert returned.status == ChangeStatus.RETURNED
    clinic.location.refresh_from_db()
    assert clinic.location.hours == ""


def test_practitioner_languages_change_through_the_pages(clinic: Clinic) -> None:
    client = signed_in(clinic.admin)
    page = client.get(f"/clinic-information/practitioners/{clinic.practitioner.pk}/")
    assert page.status_code == 200
    response = client.post(
        f"/clinic-information/practitioners/{clinic.practitioner.pk}/",
        {"accepting_new_patients": "no", "telehealth": "no", "languages": "english, Vietnamese", "note": ""},
    )
    assert response.status_code == 302
    change = DirectoryChange.objects.get()
    staff = signed_in(clinic.staff)
    review = staff.get(f"/provider-relations/directory/changes/{change.pk}/")
    assert "Vietnamese" in review.content.decode()
    applied = staff.post(
        f"/provider-relations/directory/changes/{change.pk}/",
        {"action": "apply", "apply_fields": ["accepting_new_patients", "languages"]},
    )
    assert applied.status_code == 302
    clinic.practitioner.refresh_from_db()
    assert clinic.practitioner.languages == ["English", "Vietnamese"]
    assert clinic.practitioner.accepting_new_patients is False


def test_the_form_names_the_bad_field(clinic: Clinic) -> None:
    client = signed_in(clinic.admin)
    response = client.post(
        f"/clinic-information/locations/{clinic.location.pk}/",
        {
            "address_line1": "",
            "city": "Salem",
            "state": "OR",
            "postal_code": "97301",
            "phone": "503-555-0100",
            "accepting_new_patients": "yes",
            "telehealth": "no",
        },
    )
    assert response.status_code == 400
    assert "Street address: Enter the street address." in response.content.decode()
    assert not DirectoryChange.objects.exists()


def test_front_desk_and_other_organizations_cannot_reach_clinic_information(clinic: Clinic) -> None:
    assert signed_in(clinic.frontdesk).get("/clinic-information/").status_code == 403
    other = signed_in(clinic.admin).get(f"/clinic-information/locations/{clinic.other_location.pk}/")
    assert other.status_code == 404
