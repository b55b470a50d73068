"""The document library: versions and effective dates, superseded versions kept and marked, providers-only
documents behind sign-in, bad uploads named, and publishing with an alert and an update at once."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portico.accounts.models import StaffRole, User
from portico.content.alerts import Alert, AlertAudience
from portico.content.document_services import (
    LATEST_EFFECTIVE_YEARS,
    DocumentInput,
    PublishOptions,
    VersionInput,
    document_create,
    document_version_publish,
    document_version_upload,
    effective_bounds,
)
from portico.content.documents import Document, DocumentVersion
from portico.content.updates import ProviderUpdate, UpdateSubscription
from portico.plans.models import LineOfBusiness
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n% synthetic test file\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CSV = b"code,description,rate\n90837,Psychotherapy 60 minutes,123.45\n"


@pytest.fixture(autouse=True)
def _private_storage(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def editor() -> User:
    return factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value])


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def fee_schedule(editor: User, *, providers_only: bool = False, lobs: list[int] | None = None) -> Document:
    """Three published versions: effective 2024-07-01, 2025-06-01 and (upcoming) 2026-09-01."""
    first = document_create(
        data=DocumentInput(
            title="Non-contracted Behavioral Health Fee Schedule",
            kind="fee_schedule",
            area="behavioral_health",
            line_of_business_ids=lobs or [],
            description="Rates for behavioral-health providers without a contract.",
            providers_only=providers_only,
        ),
        version=VersionInput(effective_date=dt.date(2024, 7, 1), note="2024 rates", file_name="fees.csv", content=CSV),
        user=editor,
    )
    document_version_publish(version_id=first.pk, user=editor, options=PublishOptions())
    for day, note in ((dt.date(2025, 6, 1), "2025 rates"), (dt.date(2026, 9, 1), "2026 rates")):
        version = document_version_upload(
            document_id=first.document_id,
            data=VersionInput(effective_date=day, note=note, file_name="fees.pdf", content=PDF),
            user=editor,
        )
        document_version_publish(version_id=version.pk, user=editor, options=PublishOptions())
    return first.document


@time_machine.travel(TODAY, tick=False)
def test_the_current_version_comes_first_and_superseded_ones_are_kept_and_marked(editor: User, client: Client) -> None:
    document = fee_schedule(editor)
    body = client.get(f"/documents/{document.slug}/").content.decode()
    current = body.index("2025 rates")
    assert current < body.index("2026 rates") < body.index("2024 rates")
    assert "Superseded on June 1, 2025" in body
    assert "Takes effect on Sept. 1, 2026" in body
    assert ">Current<" in body


@time_machine.travel(TODAY, tick=False)
def test_the_library_lists_the_version_in_force_and_searches(editor: User, client: Client) -> None:
    document = fee_schedule(editor)
    body = client.get("/documents/").content.decode()
    assert "Non-contracted Behavioral Health Fee Schedule" in body
    assert "Version 2, effective June 1, 2025" in body
    assert "A new version takes effect on Sept. 1, 2026" in body
    assert document.title in client.get("/documents/?q=behavioral+contract").content.decode()
    assert document.title not in client.get("/documents/?q=dental").content.decode()
    assert document.title in client.get("/documents/?area=behavioral_health&kind=fee_schedule").content.decode()
    assert document.title not in client.get("/documents/?kind=form").content.decode()
    assert client.get("/documents/?kind=recipe").status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_a_line_of_business_filter_finds_documents_for_it_and_for_every_line(
    world: World, editor: User, client: Client
) -> None:
    north = LineOfBusiness.objects.get(name="North Coast CCO")
    other = factories.LineOfBusinessFactory(name="Cascadia Advantage Dual")
    only_other = fee_schedule(editor, lobs=[other.pk])
    body = client.get(f"/documents/?line_of_business={north.pk}").content.decode()
    assert only_other.title not in body
    assert only_other.title in client.get(f"/documents/?line_of_business={other.pk}").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_version_downloads_with_its_detected_type(editor: User, client: Client) -> None:
    document = fee_schedule(editor)
    response = client.get(f"/documents/{document.slug}/v1/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == CSV
    pdf = client.get(f"/documents/{document.slug}/v2/download/")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/documents/{document.slug}/v9/download/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_providers_only_documents_need_sign_in(world: World, editor: User, client: Client, client_a: Client) -> None:
    document = fee_schedule(editor, providers_only=True)
    assert document.title not in client.get("/documents/").content.decode()
    for url in (f"/documents/{document.slug}/", f"/documents/{document.slug}/v1/download/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        assert client_a.get(url).status_code == 200, url
    assert document.title in client_a.get("/documents/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_draft_is_not_public(editor: User, client: Client) -> None:
    draft = document_create(
        data=DocumentInput(title="Draft form", kind="form", area="dental", line_of_business_ids=[], description="",
                           providers_only=False),
        version=VersionInput(effective_date=dt.date(2026, 7, 1), note="", file_name="f.pdf", content=PDF),
        user=editor,
    )  # fmt: skip
    assert client.get(f"/documents/{draft.document.slug}/").status_code == 404
    assert client.get(f"/documents/{draft.document.slug}/v1/download/").status_code == 404
    assert "Draft form" not in client.get("/documents/").content.decode()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rates.pdf", b"", "rates.pdf is empty."),
        ("rates.pdf", b"MZ\x90\x00 not a pdf", "rates.pdf is not a PDF, CSV, Excel (.xlsx) or Word (.docx) file"),
        ("rates.csv", b"\x00\x01\x02,binary", "rates.csv is not a PDF, CSV"),
        ("rates.zip", b"PK\x03\x04junk", "rates.zip is not a PDF, CSV"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_a_bad_upload_is_named_and_nothing_is_saved(
    editor_client: Client, name: str, content: bytes, message: str
) -> None:
    response = editor_client.post(
        "/publish/documents/new/",
        {"title": "Rates", "kind": "fee_schedule", "area": "dental", "effective_date": "2026-07-01",
         "file": SimpleUploadedFile(name, content)},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_file"' in body
    assert message in body.replace("&#x27;", "'")
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_document_form_names_each_missing_field(editor_client: Client) -> None:
    response = editor_client.post(
        "/publish/documents/new/", {"title": "", "kind": "", "area": "", "effective_date": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    for field in ("title", "kind", "area", "effective_date", "file"):
        assert f'href="#id_{field}"' in body, field
    assert "Choose the file to upload." in body


@time_machine.travel(TODAY, tick=False)
def test_an_excel_workbook_is_accepted(editor_client: Client) -> None:
    response = editor_client.post(
        "/publish/documents/new/",
        {"title": "Dental fee schedule", "kind": "fee_schedule", "area": "dental", "effective_date": "2026-07-01",
         "file": SimpleUploadedFile("dental.xlsx", _xlsx())},
    )  # fmt: skip
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.content_type.endswith("spreadsheetml.sheet")
    assert version.status == "draft"


@time_machine.travel(TODAY, tick=False)
def test_publishing_a_new_version_raises_an_alert_and_posts_an_update_at_once(
    world: World, editor: User, editor_client: Client, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    UpdateSubscription.objects.create(email="bh@clinic.example", topics=["behavioral_health"], confirmed_at=TODAY)
    response = editor_client.post(
        "/publish/documents/new/",
        {"title": "Non-contracted Behavioral Health Fee Schedule", "kind": "fee_schedule", "area": "behavioral_health",
         "effective_date": "2025-06-01", "note": "New rates", "file": SimpleUploadedFile("fees.pdf", PDF)},
    )  # fmt: skip
    version = DocumentVersion.objects.get()
    assert response["Location"] == f"/publish/documents/versions/{version.pk}/"
    page = editor_client.get(response["Location"]).content.decode()
    assert "Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/publish/documents/versions/{version.pk}/publish/",
            {"post_update": "on", "update_category": "behavioral_health", "raise_alert": "on",
             "alert_level": "important", "alert_days": "30"},
        )  # fmt: skip
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_published
    update = ProviderUpdate.objects.get()
    alert = Alert.objects.get()
    assert update.is_published
    assert update.category == "behavioral_health"
    assert alert.update == update
    assert alert.audience == AlertAudience.EVERYONE
    assert [m.to for m in mail.outbox] == [["bh@clinic.example"]]
    home = client_a.get("/").content.decode()
    assert "Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025." in home
    assert f"/updates/{update.slug}/" in home


@time_machine.travel(TODAY, tick=False)
def test_a_bad_publish_option_is_named_and_nothing_is_published(editor: User, editor_client: Client) -> None:
    document = fee_schedule(editor)
    draft = document_version_upload(
        document_id=document.pk,
        data=VersionInput(effective_date=dt.date(2026, 7, 1), note="", file_name="f.pdf", content=PDF),
        user=editor,
    )
    response = editor_client.post(
        f"/publish/documents/versions/{draft.pk}/publish/",
        {"raise_alert": "on", "alert_level": "important", "alert_days": "0"},
    )
    assert response.status_code == 400
    assert 'href="#id_alert_days"' in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published
    assert not Alert.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_draft_can_be_discarded_but_a_published_version_cannot(editor: User, editor_client: Client) -> None:
    document = fee_schedule(editor)
    draft = document_version_upload(
        document_id=document.pk,
        data=VersionInput(effective_date=dt.date(2026, 7, 1), note="", file_name="f.pdf", content=PDF),
        user=editor,
    )
    assert editor_client.post(f"/publish/documents/versions/{draft.pk}/discard/").status_code == 302
    assert not DocumentVersion.objects.filter(pk=draft.pk).exists()
    published = document.versions.get(number=1)
    assert editor_client.post(f"/publish/documents/versions/{published.pk}/discard/").status_code == 400
    assert DocumentVersion.objects.filter(pk=published.pk).exists()


def test_providers_cannot_upload(world: World, client_a: Client) -> None:
    assert client_a.get("/publish/documents/new/").status_code == 403


def test_the_latest_effective_date_from_29_february_is_a_28_february() -> None:
    with time_machine.travel(dt.datetime(2028, 2, 29, 18, 0, tzinfo=dt.UTC), tick=False):
        _, latest = effective_bounds()
    assert latest == dt.date(2028 + LATEST_EFFECTIVE_YEARS, 2, 28)
