"""Content editors' pages (mounted at /publish/): alerts (create, schedule, edit, end), provider updates (write,
edit, publish) and the document library (new document, new version, publish with an alert and an update, discard
a draft). Plan staff with the content editor or plan administrator role.

Views only translate HTTP: parse, call one service, render. Bad input is shown next to its field with status 400
and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole
from portico.common.errors import NotFound, ValidationFailed
from portico.content import document_queries, update_queries
from portico.content.alert_queries import alert_state, alerts_for_editors
from portico.content.alert_services import AlertInput, alert_create, alert_edit, alert_end
from portico.content.alerts import Alert, AlertAudience, AlertLevel
from portico.content.document_files import FORMAT_LABELS
from portico.content.document_services import (
    AREA_CATEGORY,
    DocumentInput,
    PublishOptions,
    VersionInput,
    announcement_title,
    document_create,
    document_version_discard,
    document_version_publish,
    document_version_upload,
    effective_bounds,
)
from portico.content.documents import Document, DocumentArea, DocumentKind, DocumentVersion, VersionStatus
from portico.content.update_services import UpdateInput, update_create, update_edit, update_publish
from portico.content.updates import ProviderUpdate, UpdateCategory
from portico.content.web import error_links, local_input_value, parse_int, parse_local_datetime
from portico.plans.models import LineOfBusiness
from portico.providers.models import OrganizationKind

editor_required = staff_role_required(StaffRole.CONTENT_EDITOR, StaffRole.ADMINISTRATOR)
MAX_UPLOAD_READ = 64 * 1024 * 1024


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "content/not_found.html", {"message": message}, status=404)


@never_cache
@editor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Publish content: what is live, what waits."""
    alerts = alerts_for_editors()
    return render(
        request,
        "content/publish_home.html",
        {
            "live_alerts": alerts["live"],
            "scheduled_alerts": alerts["scheduled"],
            "draft_updates": ProviderUpdate.objects.filter(status="draft").count(),
            "draft_versions": DocumentVersion.objects.filter(status=VersionStatus.DRAFT).count(),
        },
    )


# ---- alerts ----------------------------------------------------------------------------------------------


def _alert_form_context(values: dict[str, Any], errors: dict[str, list[str]], alert: Alert | None) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "error_links": error_links(errors),
        "alert": alert,
        "levels": AlertLevel.choices,
        "audiences": AlertAudience.choices,
        "lobs": LineOfBusiness.objects.order_by("name"),
        "kinds": OrganizationKind.choices,
        "updates": update_queries.updates_published()[:50],
        "documents": Document.objects.order_by("title"),
    }


def _alert_values(alert: Alert | None) -> dict[str, Any]:
    if alert is None:
        return {
            "level": AlertLevel.INFORMATIONAL,
            "audience": AlertAudience.EVERYONE,
            "starts_at": local_input_value(timezone.now().replace(second=0, microsecond=0)),
        }
    return {
        "level": alert.level,
        "title": alert.title,
        "audience": alert.audience,
        "line_of_business": str(alert.line_of_business_id or ""),
        "provider_kind": alert.provider_kind,
        "starts_at": local_input_value(alert.starts_at),
        "ends_at": local_input_value(alert.ends_at),
        "update": str(alert.update_id or ""),
        "document": str(alert.document_id or ""),
    }


def _alert_input(post: Any) -> tuple[dict[str, Any], AlertInput | None, dict[str, list[str]]]:
    values = {
        key: post.get(key, "").strip()
        for key in (
            "level", "title", "audience", "line_of_business", "provider_kind", "starts_at", "ends_at", "update",
            "document",
        )
    }  # fmt: skip
    errors: dict[str, list[str]] = {}
    starts = parse_local_datetime(values["starts_at"])
    if starts is None:
        errors["starts_at"] = [_("Enter when the alert starts, like 2026-05-01 08:00.")]
    ends = parse_local_datetime(values["ends_at"]) if values["ends_at"] else None
    if values["ends_at"] and ends is None:
        errors["ends_at"] = [_("Enter when the alert ends, like 2026-05-31 17:00, or leave it empty.")]
    if errors:
        return values, None, errors
    assert starts is not None
    data = AlertInput(
        level=values["level"],
        title=values["title"],
        audience=values["audience"],
        line_of_business_id=parse_int(values["line_of_business"]),
        provider_kind=values["provider_kind"],
        starts_at=starts,
        ends_at=ends,
        update_id=parse_int(values["update"]),
        document_id=parse_int(values["document"]),
    )
    return values, data, {}


@never_cache
@editor_required
@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    return render(request, "content/publish_alerts.html", alerts_for_editors())


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def alert_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "content/publish_alert_form.html", _alert_form_context(_alert_values(None), {}, None))
    values, data, errors = _alert_input(request.POST)
    if data is not None:
        try:
            alert = alert_create(data=data, user=request.user)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            state = alert_state(alert)
            messages.success(
                request,
                _("The alert is live now.") if state == "live" else _("The alert is scheduled."),
            )
            return redirect("publish:alerts")
    return render(request, "content/publish_alert_form.html", _alert_form_context(values, errors, None), status=400)


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def alert_edit_view(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return _not_found(request, _("Alert not found."))
    if request.method == "GET":
        return render(request, "content/publish_alert_form.html", _alert_form_context(_alert_values(alert), {}, alert))
    values, data, errors = _alert_input(request.POST)
    if data is not None:
        try:
            alert_edit(alert_id=alert.pk, data=data)
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The alert was saved."))
            return redirect("publish:alerts")
    return render(request, "content/publish_alert_form.html", _alert_form_context(values, errors, alert), status=400)


@editor_required
@require_POST
def alert_end_view(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        alert_end(alert_id=alert_id)
    except NotFound as exc:
        return _not_found(request, exc.message)
    messages.success(request, _("The alert has ended: no one sees it any more."))
    return redirect("publish:alerts")


# ---- updates ---------------------------------------------------------------------------------------------


def _update_form(
    request: HttpRequest, values: dict[str, str], errors: dict[str, list[str]], update: ProviderUpdate | None
) -> HttpResponse:
    return render(
        request,
        "content/publish_update_form.html",
        {
            "values": values,
            "errors": errors,
            "error_links": error_links(errors),
            "update": update,
            "categories": UpdateCategory.choices,
        },
        status=400 if errors else 200,
    )


def _update_values(post: Any) -> dict[str, str]:
    return {key: post.get(key, "") for key in ("title", "category", "summary", "body")}


@never_cache
@editor_required
@require_GET
def updates(request: HttpRequest) -> HttpResponse:
    return render(request, "content/publish_updates.html", {"updates": update_queries.updates_for_editors()[:200]})


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def update_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _update_form(request, {"category": request.GET.get("category", "")}, {}, None)
    values = _update_values(request.POST)
    try:
        update = update_create(data=UpdateInput(**values), user=request.user)  # type: ignore[arg-type]
    except ValidationFailed as exc:
        return _update_form(request, values, exc.errors, None)
    if request.POST.get("action") == "publish":
        update_publish(update_id=update.pk)
        messages.success(request, _("The update is published; its category's subscribers are being emailed."))
        return redirect("updates:detail", slug=update.slug)
    messages.success(request, _("The update was saved as a draft."))
    return redirect("publish:update", update_id=update.pk)


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def update_edit_view(request: HttpRequest, update_id: int) -> HttpResponse:
    update = ProviderUpdate.objects.filter(pk=update_id).first()
    if update is None:
        return _not_found(request, _("Update not found."))
    if request.method == "GET":
        values = {"title": update.title, "category": update.category, "summary": update.summary, "body": update.body}
        return _update_form(request, values, {}, update)
    values = _update_values(request.POST)
    try:
        update = update_edit(update_id=update.pk, data=UpdateInput(**values))
    except ValidationFailed as exc:
        return _update_form(request, values, exc.errors, update)
    if request.POST.get("action") == "publish" and not update.is_published:
        update_publish(update_id=update.pk)
        messages.success(request, _("The update is published; its category's subscribers are being emailed."))
        return redirect("updates:detail", slug=update.slug)
    messages.success(request, _("The update was saved."))
    return redirect("publish:update", update_id=update.pk)


# ---- documents -------------------------------------------------------------------------------------------


@never_cache
@editor_required
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    return render(request, "content/publish_documents.html", {"rows": document_queries.documents_for_editors()})


def _file_from(request: HttpRequest) -> tuple[str, bytes]:
    upload = request.FILES.get("file")
    if upload is None:
        return "", b""
    return upload.name or "", upload.read(MAX_UPLOAD_READ)


def _version_values(post: Any) -> tuple[dict[str, str], dt.date | None]:
    values = {"effective_date": post.get("effective_date", "").strip(), "note": post.get("note", "")}
    try:
        day = dt.date.fromisoformat(values["effective_date"])
    except ValueError:
        day = None
    return values, day


def _document_form(request: HttpRequest, values: dict[str, Any], errors: dict[str, list[str]]) -> HttpResponse:
    earliest, latest = effective_bounds()
    return render(
        request,
        "content/publish_document_form.html",
        {
            "values": values,
            "errors": errors,
            "error_links": error_links(errors),
            "kinds": DocumentKind.choices,
            "areas": DocumentArea.choices,
            "lobs": LineOfBusiness.objects.order_by("name"),
            "earliest": earliest,
            "latest": latest,
        },
        status=400 if errors else 200,
    )


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    """A new document and its first version (a draft, published on the next page)."""
    if request.method == "GET":
        return _document_form(request, {"lines_of_business": []}, {})
    version_values, day = _version_values(request.POST)
    values: dict[str, Any] = {
        "title": request.POST.get("title", ""),
        "kind": request.POST.get("kind", ""),
        "area": request.POST.get("area", ""),
        "description": request.POST.get("description", ""),
        "providers_only": request.POST.get("providers_only") == "on",
        "lines_of_business": [v for v in request.POST.getlist("lines_of_business") if v.isdigit()],
        **version_values,
    }
    name, content = _file_from(request)
    try:
        version = document_create(
            data=DocumentInput(
                title=values["title"],
                kind=values["kind"],
                area=values["area"],
                line_of_business_ids=[int(v) for v in values["lines_of_business"]],
                description=values["description"],
                providers_only=values["providers_only"],
            ),
            version=VersionInput(effective_date=day, note=values["note"], file_name=name, content=content),
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationFailed as exc:
        errors = exc.errors
        if "file" in errors and "file" not in request.FILES:
            errors["file"] = [_("Choose the file to upload.")]
        return _document_form(request, values, errors)
    messages.success(request, _("Version 1 was saved as a draft. Publish it when it is ready."))
    return redirect("publish:version", version_id=version.pk)


@never_cache
@editor_required
@require_http_methods(["GET", "POST"])
def version_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    """A new version of a document, as a draft."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return _not_found(request, _("Document not found."))
    earliest, latest = effective_bounds()
    context: dict[str, Any] = {
        "document": document,
        "rows": document_queries.version_rows(document, include_drafts=True),
        "earliest": earliest,
        "latest": latest,
        "values": {},
        "errors": {},
    }
    if request.method == "GET":
        return render(request, "content/publish_version_upload.html", context)
    values, day = _version_values(request.POST)
    name, content = _file_from(request)
    try:
        version = document_version_upload(
            document_id=document.pk,
            data=VersionInput(effective_date=day, note=values["note"], file_name=name, content=content),
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationFailed as exc:
        errors = exc.errors
        if "file" in errors and "file" not in request.FILES:
            errors["file"] = [_("Choose the file to upload.")]
        context.update(values=values, errors=errors, error_links=error_links(errors))
        return render(request, "content/publish_version_upload.html", context, status=400)
    messages.success(
        request, _("Version %(number)s was saved as a draft. Publish it when it is ready.") % {"number": version.number}
    )
    return redirect("publish:version", version_id=version.pk)


def _version_page(
    request: HttpRequest,
    version: DocumentVersion,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    errors = errors or {}
    document = version.document
    values = values or {
        "alert_level": AlertLevel.IMPORTANT,
        "alert_days": "30",
        "update_category": AREA_CATEGORY.get(DocumentArea(document.area), UpdateCategory.NETWORK_NEWS),
    }
    return render(
        request,
        "content/publish_version.html",
        {
            "version": version,
            "document": document,
            "rows": document_queries.version_rows(document, include_drafts=True),
            "announcement": announcement_title(version),
            "values": values,
            "errors": errors,
            "error_links": error_links(errors),
            "levels": AlertLevel.choices,
            "categories": UpdateCategory.choices,
            "format_labels": FORMAT_LABELS,
            "lobs": list(document.lines_of_business.all()),
        },
        status=400 if errors else 200,
    )


def _version(version_id: int) -> DocumentVersion | None:
    return DocumentVersion.objects.select_related("document", "uploaded_by").filter(pk=version_id).first()


@never_cache
@editor_required
@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    found = _version(version_id)
    if found is None:
        return _not_found(request, _("Document version not found."))
    return _version_page(request, found)


@editor_required
@require_POST
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    """Publish a draft; with the boxes ticked, also raise an alert and post an update."""
    found = _version(version_id)
    if found is None:
        return _not_found(request, _("Document version not found."))
    raise_alert = request.POST.get("raise_alert") == "on"
    post_update = request.POST.get("post_update") == "on"
    alert_level = request.POST.get("alert_level", "")
    alert_days = request.POST.get("alert_days", "").strip()
    update_category = request.POST.get("update_category", "")
    values: dict[str, Any] = {
        "raise_alert": raise_alert,
        "alert_level": alert_level,
        "alert_days": alert_days,
        "post_update": post_update,
        "update_category": update_category,
    }
    days = parse_int(alert_days)
    try:
        result = document_version_publish(
            version_id=found.pk,
            user=request.user,  # type: ignore[arg-type]
            options=PublishOptions(
                raise_alert=raise_alert,
                alert_level=alert_level,
                alert_days=days if days is not None else 0,
                post_update=post_update,
                update_category=update_category,
            ),
        )
    except ValidationFailed as exc:
        return _version_page(request, found, values=values, errors=exc.errors)
    parts = [_("Version %(number)s is published.") % {"number": result.version.number}]
    if result.update is not None:
        parts.append(_("The update is posted and its subscribers are being emailed."))
    if result.alert is not None:
        parts.append(_("The alert is live."))
    messages.success(request, " ".join(parts))
    return redirect("documents:detail", slug=found.document.slug)


@editor_required
@require_POST
def version_discard(request: HttpRequest, version_id: int) -> HttpResponse:
    found = _version(version_id)
    if found is None:
        return _not_found(request, _("Document version not found."))
    try:
        document_version_discard(version_id=found.pk)
    except ValidationFailed as exc:
        return _version_page(request, found, errors=exc.errors)
    messages.success(request, _("The draft was discarded."))
    return redirect("publish:documents")
