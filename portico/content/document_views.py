"""Public pages of the document library (mounted at /documents/): search and filter, a document with its versions,
and the download of a version's file. Documents marked "providers only" send a visitor to sign in first."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portico.common.errors import NotFound
from portico.content import document_queries as queries
from portico.content.document_files import EXTENSIONS, FORMAT_LABELS, document_path
from portico.content.documents import Document, DocumentArea, DocumentKind
from portico.content.update_views import is_editor, not_found
from portico.content.web import error_links, parse_int
from portico.plans.models import LineOfBusiness


def _providers_only(slug: str) -> bool:
    return Document.objects.filter(slug=slug, providers_only=True).exists()


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """Every document with a version in force, by area; search by words, kind, area and line of business."""
    values = {
        "q": " ".join(request.GET.get("q", "").split())[:100],
        "kind": request.GET.get("kind", "").strip(),
        "area": request.GET.get("area", "").strip(),
        "line_of_business": request.GET.get("line_of_business", "").strip(),
    }
    errors: dict[str, list[str]] = {}
    if values["kind"] and values["kind"] not in DocumentKind.values:
        errors["kind"] = [_("Choose one of the kinds listed.")]
    if values["area"] and values["area"] not in DocumentArea.values:
        errors["area"] = [_("Choose one of the areas listed.")]
    lobs = list(LineOfBusiness.objects.order_by("name"))
    lob_id = parse_int(values["line_of_business"]) if values["line_of_business"] else None
    if values["line_of_business"] and lob_id not in {lob.pk for lob in lobs}:
        errors["line_of_business"] = [_("Choose one of the lines of business listed.")]
    entries = []
    if not errors:
        entries = queries.library_search(
            signed_in=request.user.is_authenticated,
            q=values["q"],
            kind=values["kind"],
            area=values["area"],
            line_of_business_id=lob_id,
        )
    groups: dict[str, list[queries.LibraryEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.document.area_label, []).append(entry)
    return render(
        request,
        "content/documents_library.html",
        {
            "values": values,
            "errors": errors,
            "error_links": error_links(errors),
            "groups": sorted(groups.items()),
            "count": len(entries),
            "kinds": DocumentKind.choices,
            "areas": DocumentArea.choices,
            "lobs": lobs,
            "searched": any(values.values()),
            "format_labels": FORMAT_LABELS,
        },
        status=400 if errors else 200,
    )


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One document: the version in force first, then upcoming and superseded ones (kept, marked)."""
    signed_in = request.user.is_authenticated
    if not signed_in and _providers_only(slug):
        return redirect_to_login(request.get_full_path())
    try:
        document = queries.document_for_reader(slug=slug, signed_in=signed_in)
    except NotFound as exc:
        return not_found(request, exc.message)
    return render(
        request,
        "content/document_detail.html",
        {"document": document, "rows": queries.version_rows(document), "format_labels": FORMAT_LABELS},
    )


@require_GET
def download(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """A version's file, as a download with its detected content type; from private storage."""
    signed_in = request.user.is_authenticated
    if not signed_in and _providers_only(slug):
        return redirect_to_login(request.get_full_path())
    try:
        version = queries.version_for_download(slug=slug, number=number, signed_in=signed_in, editor=is_editor(request))
    except NotFound as exc:
        return not_found(request, exc.message)
    path = document_path(version.stored_name)
    if not path.exists():
        return not_found(request, _("The file of this version is missing. Tell the plan."))
    extension = EXTENSIONS.get(version.content_type, "")
    name = f"{version.document.slug}-v{version.number}-{version.effective_date.isoformat()}{extension}"
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=version.content_type)
    if version.document.providers_only:
        response["Cache-Control"] = "private, no-store"
    return response
