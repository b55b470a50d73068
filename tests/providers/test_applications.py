"""Joining the network: draft, submit, credentialing checklist, questions, approval and decline."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portico.authorizations.attachments import Upload
from portico.common.errors import ValidationFailed
from portico.providers.joining import services
from portico.providers.joining.models import ApplicationStatus, ChecklistItem, NetworkApplication
from portico.providers.models import Affiliation, NetworkParticipation, Practitioner, ProviderOrganization
from tests import factories
from tests.factories import _npi
from tests.providers.conftest import Clinic, signed_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake w9\n"


def organization_data(**overrides: str) -> dict[str, str]:
    return {
        "legal_name": "Larkspur Pediatrics, PC",
        "tin": "93-7654321",
        "group_npi": _npi(880001),
        "kind": "primary_care",
        "taxonomy_code": "208000000X",
        "address_line1": "12 Larkspur Way",
        "city": "Eugene",
        "state": "OR",
        "postal_code": "97401",
        "phone": "541-555-0110",
        **overrides,
    }


def practitioner_row(**overrides: str) -> dict[str, str]:
    return {
        "npi": _npi(880002),
        "first_name": "June",
        "last_name": "Ortega",
        "credentials": "MD",
        "taxonomy_code": "208000000X",
        "license_state": "OR",
        "license_number": "MD-12345",
        "license_expires": "2028-06-30",
        **overrides,
    }


def started(client: Client) -> str:
    response = client.post(
        "/join/",
        {
            "legal_name": "Larkspur Pediatrics, PC",
            "contact_name": "June Ortega",
            "contact_email": "june@larkspur.example",
        },
    )
    assert response.status_code == 302
    return response["Location"].split("/join/a/")[1].strip("/")


def complete_application() -> NetworkApplication:
    application, _token = services.application_start(
        data={
            "legal_name": "Larkspur Pediatrics, PC",
            "contact_name": "June Ortega",
            "contact_email": "june@larkspur.example",
        }
    )
    lob = factories.LineOfBusinessFactory()
    services.application_save(
        application_id=application.pk,
        organization=organization_data(),
        practitioners=[practitioner_row()],
        line_of_business_ids=[str(lob.pk)],
    )
    services.application_document_add(
        application_id=application.pk, kind="w9", upload=Upload(name="w9.pdf", content=PDF)
    )
    return services.application_submit(application_id=application.pk)


def test_starting_emails_a_private_resume_link(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        token = started(client)
    assert len(mail.outbox) == 1
    assert f"/join/a/{token}/" in mail.outbox[0].body
    assert NetworkApplication.objects.get().token_hash != token  # only the hash is kept
    assert client.get(f"/join/a/{token}/").status_code == 200
    assert client.get("/join/a/not-a-real-token/").status_code == 404


def test_the_draft_saves_and_submit_names_what_is_missing(client: Client) -> None:
    token = started(client)
    response = client.post(
        f"/join/a/{token}/",
        {
            **organization_data(tin=""),
            "practitioner-TOTAL_FORMS": "1",
            "practitioner-INITIAL_FORMS": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tax identification number (TIN): Enter the organization&#x27;s TIN." in body
    assert "Upload the organization&#x27;s W-9." in body
    application = NetworkApplication.objects.get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.city == "Eugene"  # the draft kept what was typed


def test_a_bad_npi_license_date_and_taxonomy_are_named(client: Client) -> None:
    token = started(client)
    row = practitioner_row(npi="1234567890", license_expires="30/06/2028")
    response = client.post(
        f"/join/a/{token}/",
        {
            **organization_data(group_npi="1111111111", taxonomy_code="bad"),
            "practitioner-TOTAL_FORMS": "1",
            "practitioner-INITIAL_FORMS": "0",
            **{f"practitioner-0-{k}": v for k, v in row.items()},
            "action": "save",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Organization NPI: An NPI is ten digits" in body
    assert "Taxonomy code: A taxonomy code is ten characters" in body
    assert "NPI: An NPI is ten digits" in body
    assert "License expires: Enter the date as YYYY-MM-DD" in body
    assert NetworkApplication.objects.get().tin == ""  # nothing saved


def test_a_document_must_be_a_pdf_or_an_image(client: Client) -> None:
    token = started(client)
    response = client.post(
        f"/join/a/{token}/documents/", {"kind": "w9", "document": SimpleUploadedFile("w9.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 400
    assert "is not a PDF" in response.content.decode()
    ok = client.post(f"/join/a/{token}/documents/", {"kind": "w9", "document": SimpleUploadedFile("w9.pdf", PDF)})
    assert ok.status_code == 302
    assert NetworkApplication.objects.get().documents.count() == 1


def test_approval_waits_for_the_checklist_and_the_answers(clinic: Clinic, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = complete_application()
    with pytest.raises(ValidationFailed) as failure:
        services.application_approve(application_id=application.pk, staff=clinic.staff)
    assert "checklist" in failure.value.errors
    for item in ChecklistItem.objects.all():
        services.application_check_record(application_id=application.pk, item_code=item.code, staff=clinic.staff)
    with django_capture_on_commit_callbacks(execute=True):
        question = services.application_question_ask(
            application_id=application.pk, staff=clinic.staff, text="Is the Eugene address the only site?"
        )
    assert mail.outbox[-1].subject.startswith("A question about your application")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUESTIONS
    with pytest.raises(ValidationFailed):
        services.application_approve(application_id=application.pk, staff=clinic.staff)
    services.application_answer(application_id=application.pk, question_id=question.pk, answer="Yes, only site.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    organization = services.application_approve(application_id=application.pk, staff=clinic.staff)
    assert organization.legal_name == "Larkspur Pediatrics, PC"
    assert organization.tin == "937654321"
    assert organization.locations.get().city == "Eugene"
    practitioner = Practitioner.objects.get(npi=_npi(880002))
    assert Affiliation.objects.filter(practitioner=practitioner, location__organization=organization).exists()
    assert NetworkParticipation.objects.filter(organization=organization, contracted=True).count() == 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.organization == organization


def test_decline_needs_a_reason_and_emails_it(clinic: Clinic, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    application = complete_application()
    with pytest.raises(ValidationFailed) as failure:
        services.application_decline(application_id=application.pk, staff=clinic.staff, reason=" ")
    assert "reason" in failure.value.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(
            application_id=application.pk, staff=clinic.staff, reason="The network is full in Eugene."
        )
    assert "The network is full in Eugene." in mail.outbox[-1].body
    assert not ProviderOrganization.objects.filter(tin="937654321").exists()


def test_the_staff_pages_work_the_application(clinic: Clinic) -> None:
    application = complete_application()
    staff = signed_in(clinic.staff)
    assert "Larkspur" in staff.get("/provider-relations/applications/").content.decode()
    url = f"/provider-relations/applications/{application.pk}/"
    refused = staff.post(url, {"action": "approve"})
    assert refused.status_code == 400
    assert "Checklist: Record these checks first" in refused.content.decode()
    for item in ChecklistItem.objects.all():
        assert staff.post(url, {"action": "check", "item": item.code, "note": "ok"}).status_code == 302
    empty = staff.post(url, {"action": "ask", "question": ""})
    assert "Question for the applicant: Write the question" in empty.content.decode()
    document = application.documents.get()
    download = staff.get(f"{url}documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert staff.post(url, {"action": "approve"}).status_code == 302
    assert ProviderOrganization.objects.filter(legal_name="Larkspur Pediatrics, PC").exists()
    assert signed_in(clinic.admin).get(url).status_code == 403


def test_the_applicant_answers_on_the_status_page(clinic: Clinic, client: Client) -> None:
    token = started(client)
    application = NetworkApplication.objects.get()
    lob = factories.LineOfBusinessFactory()
    services.application_save(
        application_id=application.pk,
        organization=organization_data(),
        practitioners=[practitioner_row()],
        line_of_business_ids=[str(lob.pk)],
    )
    services.application_document_add(
        application_id=application.pk, kind="w9", upload=Upload(name="w9.pdf", content=PDF)
    )
    services.application_submit(application_id=application.pk)
    question = services.application_question_ask(
        application_id=application.pk, staff=clinic.staff, text="Hospital privileges?"
    )
    page = client.get(f"/join/a/{token}/").content.decode()
    assert "Hospital privileges?" in page
    assert re.search(r"Waiting for the applicant", page)
    blank = client.post(f"/join/a/{token}/questions/{question.pk}/", {"answer": ""})
    assert blank.status_code == 400
    assert "Write your answer." in blank.content.decode()
    assert client.post(f"/join/a/{token}/questions/{question.pk}/", {"answer": "At Sacred Heart."}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
