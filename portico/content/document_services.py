"""Writes for the document library: a new document with its first version, a new version, publish (optionally
raising an alert and a provider update at the same time), discard a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.dates import add_months
from portico.common.errors import NotFound, ValidationFailed
from portico.content.alert_services import AlertInput, alert_create
from portico.content.alerts import Alert, AlertAudience, AlertLevel
from portico.content.document_files import document_file_check, document_file_discard, document_file_write
from portico.content.documents import Document, DocumentArea, DocumentKind, DocumentVersion, VersionStatus
from portico.content.update_services import UpdateInput, update_create, update_publish
from portico.content.updates import ProviderUpdate, UpdateCategory
from portico.plans.models import LineOfBusiness

EARLIEST_EFFECTIVE = dt.date(2000, 1, 1)
LATEST_EFFECTIVE_YEARS = 5

# The category a document's update goes in, by the document's area.
AREA_CATEGORY = {
    DocumentArea.PHYSICAL_HEALTH: UpdateCategory.CLAIMS_BILLING,
    DocumentArea.BEHAVIORAL_HEALTH: UpdateCategory.BEHAVIORAL_HEALTH,
    DocumentArea.DENTAL: UpdateCategory.NETWORK_NEWS,
    DocumentArea.PHARMACY: UpdateCategory.PHARMACY,
    DocumentArea.MEDICARE: UpdateCategory.MEDICARE,
}


@dataclass(frozen=True)
class DocumentInput:
    title: str
    kind: str
    area: str
    line_of_business_ids: Sequence[int]
    description: str
    providers_only: bool


@dataclass(frozen=True)
class VersionInput:
    effective_date: dt.date | None
    note: str
    file_name: str
    content: bytes


def _document_errors(data: DocumentInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Write the document's title.")]
    elif len(data.title.strip()) > 200:
        errors["title"] = [_("Keep the title to 200 characters.")]
    if data.kind not in DocumentKind.values:
        errors["kind"] = [_("Choose what kind of document it is.")]
    if data.area not in DocumentArea.values:
        errors["area"] = [_("Choose the area.")]
    ids = set(data.line_of_business_ids)
    if ids and LineOfBusiness.objects.filter(pk__in=ids).count() != len(ids):
        errors["lines_of_business"] = [_("Choose from the lines of business listed.")]
    if len(data.description) > 500:
        errors["description"] = [_("Keep the description to 500 characters.")]
    return errors


def effective_bounds() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return EARLIEST_EFFECTIVE, add_months(today, 12 * LATEST_EFFECTIVE_YEARS)  # from 29 February: 28 February


def _version_errors(data: VersionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    earliest, latest = effective_bounds()
    if data.effective_date is None:
        errors["effective_date"] = [_("Enter the date this version takes effect, like 2025-06-01.")]
    elif not earliest <= data.effective_date <= latest:
        errors["effective_date"] = [
            _("The effective date must be between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        ]
    if len(data.note) > 300:
        errors["note"] = [_("Keep the note to 300 characters.")]
    try:
        document_file_check(name=data.file_name, content=data.content)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    return errors


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "document"
    slug, n = base, 2
    while Document.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _version_add(*, document: Document, data: VersionInput, user: User | None) -> DocumentVersion:
    checked = document_file_check(name=data.file_name, content=data.content)
    assert data.effective_date is not None
    number = (DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1
    stored = document_file_write(checked.content)
    try:
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            effective_date=data.effective_date,
            note=data.note.strip(),
            file_name=checked.name,
            stored_name=stored,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=user,
        )
    except Exception:
        document_file_discard(stored)  # never leave a file behind a row that was not written
        raise
    return version


@transaction.atomic
def document_create(*, data: DocumentInput, version: VersionInput, user: User | None) -> DocumentVersion:
    """A new document and its first version, as a draft (nothing public until it is published). Raises
    ValidationFailed naming each bad field, the file included; nothing is saved then."""
    errors = {**_document_errors(data), **_version_errors(version)}
    if errors:
        raise ValidationFailed(errors)
    document = Document.objects.create(
        title=data.title.strip(),
        slug=_unique_slug(data.title),
        kind=data.kind,
        area=data.area,
        description=data.description.strip(),
        providers_only=data.providers_only,
    )
    document.lines_of_business.set(sorted(set(data.line_of_business_ids)))
    return _version_add(document=document, data=version, user=user)


@transaction.atomic
def document_version_upload(*, document_id: int, data: VersionInput, user: User | None) -> DocumentVersion:
    """A new version of a document, as a draft."""
    document = Document.objects.select_for_update().filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("Document not found."))
    errors = _version_errors(data)
    if errors:
        raise ValidationFailed(errors)
    return _version_add(document=document, data=data, user=user)


@dataclass(frozen=True)
class PublishOptions:
    raise_alert: bool = False
    alert_level: str = AlertLevel.IMPORTANT
    alert_days: int = 30
    post_update: bool = False
    update_category: str = ""


@dataclass(frozen=True)
class Published:
    version: DocumentVersion
    alert: Alert | None
    update: ProviderUpdate | None


def announcement_title(version: DocumentVersion) -> str:
    """The seed's wording: "Provider document update: <title> effective <date>."."""
    return _("Provider document update: %(title)s effective %(date)s.") % {
        "title": version.document.title,
        "date": date_format(version.effective_date, "N j, Y"),
    }


def _options_errors(options: PublishOptions) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if options.raise_alert:
        if options.alert_level not in AlertLevel.values:
            errors["alert_level"] = [_("Choose how urgent the alert is.")]
        if not 1 <= options.alert_days <= 365:
            errors["alert_days"] = [_("Show the alert for 1 to 365 days.")]
    if options.post_update and options.update_category not in UpdateCategory.values:
        errors["update_category"] = [_("Choose the update's category.")]
    return errors


@transaction.atomic
def document_version_publish(*, version_id: int, user: User | None, options: PublishOptions) -> Published:
    """Publish a draft version: from its effective date it is the document's current version and the one before
    is marked superseded on that date. With the options, also post a provider update (emailed to its category's
    subscribers) and raise an alert linking to the document, in the same transaction."""
    version = DocumentVersion.objects.select_for_update().select_related("document").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("Document version not found."))
    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed({"version": [_("This version is already published.")]})
    errors = _options_errors(options)
    if errors:
        raise ValidationFailed(errors)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["status", "published_at", "published_by"])
    document = version.document
    title = announcement_title(version)
    update = None
    if options.post_update:
        link = reverse("documents:detail", args=[document.slug])
        body = "\n\n".join(
            part
            for part in (
                _("%(title)s, version %(number)s, takes effect on %(date)s.")
                % {
                    "title": document.title,
                    "number": version.number,
                    "date": date_format(version.effective_date, "N j, Y"),
                },
                version.note,
                document.description,
                _("Download it from the document library: %(link)s") % {"link": link},
            )
            if part
        )
        update = update_create(
            data=UpdateInput(
                title=title.rstrip("."),
                category=options.update_category,
                summary=(version.note or document.description or title)[:400],
                body=body,
            ),
            user=user,
        )
        update = update_publish(update_id=update.pk)
    alert = None
    if options.raise_alert:
        lobs = list(document.lines_of_business.values_list("pk", flat=True))
        now = timezone.now()
        alert = alert_create(
            data=AlertInput(
                level=options.alert_level,
                title=title,
                audience=AlertAudience.LINE_OF_BUSINESS if len(lobs) == 1 else AlertAudience.EVERYONE,
                line_of_business_id=lobs[0] if len(lobs) == 1 else None,
                provider_kind="",
                starts_at=now,
                ends_at=now + dt.timedelta(days=options.alert_days),
                update_id=update.pk if update else None,
                document_id=None if update else document.pk,
            ),
            user=user,
        )
    return Published(version=version, alert=alert, update=update)


@transaction.atomic
def document_version_discard(*, version_id: int) -> Document:
    """Remove a draft version (and its file); published versions stay for good."""
    version = DocumentVersion.objects.select_for_update().select_related("document").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("Document version not found."))
    if version.status != VersionStatus.DRAFT:
        raise ValidationFailed({"version": [_("Published versions are kept; only a draft can be discarded.")]})
    document = version.document
    stored = version.stored_name
    version.delete()
    transaction.on_commit(lambda: document_file_discard(stored))
    return document
