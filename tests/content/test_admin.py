"""The back office for published content: a plan administrator finds alerts, updates and documents in Django's
admin, can correct a title, and cannot change what the publishing services own (version files, numbers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from portico.content.alerts import Alert
from portico.content.document_services import DocumentInput, VersionInput, document_create
from portico.content.documents import Document, DocumentVersion
from portico.content.updates import ProviderUpdate
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_storage(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def version() -> DocumentVersion:
    return document_create(
        data=DocumentInput(
            title="Provider Manual",
            kind="manual",
            area="physical_health",
            line_of_business_ids=[],
            description="",
            providers_only=False,
        ),
        version=VersionInput(
            effective_date=dt.date(2026, 1, 1), note="2026 edition", file_name="manual.csv", content=b"a,b\n1,2\n"
        ),
        user=factories.UserFactory(),
    )


@pytest.mark.parametrize("model", [Alert, ProviderUpdate, Document, DocumentVersion])
def test_each_content_model_has_a_working_list_in_the_admin(admin_client: Client, model: Any) -> None:
    url = f"/admin/content/{model._meta.model_name}/"
    assert admin_client.get(url).status_code == 200


def test_a_document_opens_with_its_versions_whose_files_cannot_be_edited(
    admin_client: Client, version: DocumentVersion
) -> None:
    body = admin_client.get(f"/admin/content/document/{version.document_id}/change/").content.decode()
    assert "Provider Manual" in body
    assert "manual.csv" in body
    assert 'name="versions-0-file_name"' not in body  # shown, not an input
    detail = admin_client.get(f"/admin/content/documentversion/{version.pk}/change/").content.decode()
    assert version.sha256 in detail
    assert 'name="sha256"' not in detail
    assert admin_client.get("/admin/content/documentversion/add/").status_code == 403


def test_an_editor_corrects_a_documents_title_in_the_admin(admin_client: Client, version: DocumentVersion) -> None:
    document = version.document
    response = admin_client.post(
        f"/admin/content/document/{document.pk}/change/",
        {
            "title": "Provider Manual (2026)",
            "slug": document.slug,
            "kind": document.kind,
            "area": document.area,
            "description": "",
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
            "versions-0-id": str(version.pk),
            "versions-0-document": str(document.pk),
            "versions-0-effective_date": "2026-01-01",
            "versions-0-note": "2026 edition",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.title == "Provider Manual (2026)"
    assert DocumentVersion.objects.get(pk=version.pk).file_name == "manual.csv"
