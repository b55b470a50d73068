"""Reads for the document library: search and filter, one document with its versions (current first, superseded
ones marked with the date they were superseded), and the file of a version — each only when the person may see it
(``providers_only`` documents need a signed-in person)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from portico.common.dates import today
from portico.common.errors import NotFound
from portico.content.documents import Document, DocumentVersion, VersionStatus


@dataclass(frozen=True)
class VersionRow:
    version: DocumentVersion
    state: str  # "current", "upcoming", "superseded", "draft"
    superseded_on: dt.date | None = None


@dataclass(frozen=True)
class LibraryEntry:
    document: Document
    current: DocumentVersion | None
    upcoming: DocumentVersion | None


def _published(document: Document) -> list[DocumentVersion]:
    return sorted(
        (v for v in document.versions.all() if v.status == VersionStatus.PUBLISHED),
        key=lambda v: (v.effective_date, v.number),
    )


def version_rows(document: Document, *, day: dt.date | None = None, include_drafts: bool = False) -> list[VersionRow]:
    """Every version: upcoming ones (effective later), the current one, then the superseded ones newest first,
    each "superseded on" the effective date of the next published version; drafts last (for editors)."""
    day = day or today()
    published = _published(document)
    in_force = [v for v in published if v.effective_date <= day]
    current = in_force[-1] if in_force else None
    rows: list[VersionRow] = []
    for v in reversed([v for v in published if v.effective_date > day]):
        rows.append(VersionRow(v, "upcoming"))
    if current is not None:
        rows.append(VersionRow(current, "current"))
    older = [v for v in in_force if v is not current]
    for index in range(len(older) - 1, -1, -1):
        following = older[index + 1] if index + 1 < len(older) else current
        rows.append(VersionRow(older[index], "superseded", following.effective_date if following else None))
    if include_drafts:
        rows += [VersionRow(v, "draft") for v in document.versions.all() if v.status == VersionStatus.DRAFT]
    # The current version first: a reader comes for what is in force now.
    rows.sort(key=lambda r: {"current": 0, "upcoming": 1, "superseded": 2, "draft": 3}[r.state])
    return rows


def _visible(*, signed_in: bool) -> QuerySet[Document]:
    rows = Document.objects.filter(versions__status=VersionStatus.PUBLISHED).distinct()
    if not signed_in:
        rows = rows.filter(providers_only=False)
    return rows


def library_search(
    *, signed_in: bool, q: str = "", kind: str = "", area: str = "", line_of_business_id: int | None = None
) -> list[LibraryEntry]:
    """Documents with a published version that match: words in the title or description, kind, area, line of
    business (a document for every line of business matches any). Providers-only ones only for the signed in."""
    rows = _visible(signed_in=signed_in)
    for word in q.split()[:8]:
        rows = rows.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if kind:
        rows = rows.filter(kind=kind)
    if area:
        rows = rows.filter(area=area)
    if line_of_business_id is not None:
        rows = rows.filter(Q(lines_of_business__isnull=True) | Q(lines_of_business=line_of_business_id))
    rows = rows.prefetch_related("versions", "lines_of_business").order_by("area", "title")
    day = today()
    entries = []
    for document in rows:
        published = _published(document)
        in_force = [v for v in published if v.effective_date <= day]
        later = [v for v in published if v.effective_date > day]
        entries.append(LibraryEntry(document, in_force[-1] if in_force else None, later[0] if later else None))
    return entries


def document_for_reader(*, slug: str, signed_in: bool) -> Document:
    """A document with a published version the person may see; NotFound otherwise (a providers-only document
    answers not found to a visitor; the view sends them to sign in first)."""
    document = Document.objects.filter(slug=slug).prefetch_related(Prefetch("versions"), "lines_of_business").first()
    if document is None or not any(v.status == VersionStatus.PUBLISHED for v in document.versions.all()):
        raise NotFound(_not_found())
    if document.providers_only and not signed_in:
        raise NotFound(_not_found())
    return document


def version_for_download(*, slug: str, number: int, signed_in: bool, editor: bool = False) -> DocumentVersion:
    """A published version's file (any version, for an editor, drafts too)."""
    version = DocumentVersion.objects.select_related("document").filter(document__slug=slug, number=number).first()
    if version is None or (version.status != VersionStatus.PUBLISHED and not editor):
        raise NotFound(_not_found())
    if version.document.providers_only and not signed_in:
        raise NotFound(_not_found())
    return version


def documents_for_editors() -> list[dict[str, Any]]:
    """Every document with its current version and drafts waiting."""
    rows = Document.objects.prefetch_related("versions", "lines_of_business").order_by("title")
    day = today()
    result = []
    for document in rows:
        published = _published(document)
        in_force = [v for v in published if v.effective_date <= day]
        result.append(
            {
                "document": document,
                "current": in_force[-1] if in_force else None,
                "drafts": [v for v in document.versions.all() if v.status == VersionStatus.DRAFT],
                "count": len(document.versions.all()),
            }
        )
    return result


def _not_found() -> str:
    return _("Document not found.")
