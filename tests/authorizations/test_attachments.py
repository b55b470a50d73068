"""Attachments: checked by content, size-limited, stored privately, downloaded only by the owning organization."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portico.authorizations.attachments import Upload, attachment_dir
from portico.authorizations.models import AuthorizationAttachment, AuthorizationRequest
from portico.authorizations.services import authorization_attachment_add, authorization_submit
from portico.common.errors import DomainError, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from tests.authorizations.support import PDF, PNG, AuthWorld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (Upload(name="empty.pdf", content=b""), "empty.pdf is empty"),
        (Upload(name="notes.pdf", content=b"MZ\x90\x00 this is a program"), "not a PDF, PNG, JPEG, TIFF or GIF"),
        (Upload(name="page.pdf", content=b"<html><script>alert(1)</script>"), "checked by its content"),
        (Upload(name="huge.pdf", content=b"%PDF-" + b"0" * (1024 * 1024)), "larger than 1 MB"),
    ],
)
def test_a_bad_file_is_refused_by_name_and_nothing_is_saved(
    auth: AuthWorld, settings, upload: Upload, message: str
) -> None:  # type: ignore[no-untyped-def]
    settings.PORTICO = {**settings.PORTICO, "ATTACHMENT_MAX_MB": 1}
    with pytest.raises(ValidationFailed) as caught:
        authorization_submit(actor=auth.actor(), data=auth.payload(), attachments=[upload])
    assert message in caught.value.errors["attachments"][0]
    assert AuthorizationRequest.objects.count() == 0
    assert not attachment_dir().exists() or list(attachment_dir().iterdir()) == []


def test_a_pdf_is_stored_privately_under_a_random_name(auth: AuthWorld) -> None:
    row = authorization_submit(
        actor=auth.actor(), data=auth.payload(), attachments=[Upload(name="../../etc/notes.pdf", content=PDF)]
    ).request
    attachment = row.attachments.get()
    assert attachment.original_name == "notes.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    stored = attachment_dir() / attachment.stored_name
    assert stored.read_bytes() == PDF
    assert "notes" not in attachment.stored_name
    assert "." not in attachment.stored_name
    assert row.events.filter(kind="attached").count() == 1


def test_files_are_added_while_the_request_is_open_and_not_after(auth: AuthWorld) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    added = authorization_attachment_add(actor=auth.actor(), request_id=row.pk, uploads=[Upload("scan.png", PNG)])
    assert added[0].content_type == "image/png"
    AuthorizationRequest.objects.filter(pk=row.pk).update(status="withdrawn")
    with pytest.raises(DomainError):
        authorization_attachment_add(actor=auth.actor(), request_id=row.pk, uploads=[Upload("more.png", PNG)])
    assert AuthorizationAttachment.objects.count() == 1


def test_only_the_owning_organization_downloads_a_file(auth: AuthWorld, client_a: Client, client_b: Client) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload(), attachments=[Upload("notes.pdf", PDF)]).request
    attachment = row.attachments.get()
    url = f"/authorizations/{row.pk}/attachments/{attachment.pk}/"
    response = client_a.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_ATTACHMENT, user=auth.world.user_a).exists()
    before = AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED).count()
    assert client_b.get(url).status_code == 404
    assert client_b.get(f"/authorizations/{row.pk}/attachments/999999/").status_code == 404
    denied = AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED, user=auth.world.user_b)
    assert denied.count() == before + 2
    assert denied.first().member_id == auth.world.member_a.pk  # type: ignore[union-attr]


def test_the_detail_page_takes_a_file_and_names_a_bad_one(auth: AuthWorld, client_a: Client) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    url = f"/authorizations/{row.pk}/attachments/"
    bad = client_a.post(url, {"attachments": SimpleUploadedFile("x.pdf", b"GIF8 no", "application/pdf")})
    assert bad.status_code == 400
    assert 'id="attachments-error"' in bad.content.decode()
    good = client_a.post(url, {"attachments": SimpleUploadedFile("x.pdf", PDF, "application/pdf")})
    assert good.status_code == 302
    assert row.attachments.count() == 1
