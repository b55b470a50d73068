"""Pages of the prior-authorization code lists and the requirement check.

Providers: the requirement check (``check``, its printable confirmation ``check_print``), and the lists of a
line of business on a date in one view (``browse``) with CSV and PDF downloads. Plan staff (content editor,
plan administrator): the lists and their versions (``manage``, ``list_history``), upload a version as a draft
(``upload``), see its differences from the version in force (``version``), publish or discard it.

The views only translate HTTP: parse, call one service or query, render. Bad input is shown next to its field
with status 400 and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portico.accounts.actors import actor_for_request
from portico.codes import list_queries as queries
from portico.codes.list_access import (
    can_look_up_members,
    can_manage_lists,
    list_editor_required,
    list_reader_required,
    requirement_checker_required,
)
from portico.codes.list_pdf import code_lists_filename, code_lists_pdf_render
from portico.codes.list_services import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    code_list_version_discard,
    code_list_version_publish,
    code_list_version_upload,
    effective_bounds,
)
from portico.codes.models import CodeListVersion, CodeSystem, ListKind, VersionStatus
from portico.codes.requirements import (
    MAX_LINES,
    Outcome,
    RequirementAnswer,
    requirement_check,
    requirement_date_bounds,
    requirement_request_parse,
)
from portico.common.dates import today
from portico.common.errors import DomainError, NotFound, PermissionDenied, Throttled, ValidationFailed

DEFAULT_ROWS = 5
ADD_ROWS = 5
LINE_FIELDS = ("code", "modifiers", "place_of_service", "units")
ROWS_PER_PAGE = 100
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell starting so as a formula


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _anchor(key: str) -> str:
    """The id of the field an error is about: ``lines.2.units`` → ``id_lines-2-units``."""
    if key == "lines":
        return "id_lines-0-code"
    if key.startswith("lines."):
        parts = key.split(".")
        field = parts[2] if len(parts) > 2 else "code"
        return f"id_lines-{parts[1]}-{field}"
    return f"id_{key}"


def _error_links(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(_anchor(key), message) for key, messages_ in errors.items() for message in messages_]


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


# ---- the requirement check --------------------------------------------------------------------------------


def _rows_from(source: Any, count: int) -> list[dict[str, str]]:
    return [{field: source.get(f"lines-{i}-{field}", "").strip() for field in LINE_FIELDS} for i in range(count)]


def _row_count(source: Any) -> int:
    try:
        count = int(source.get("rows", DEFAULT_ROWS))
    except (TypeError, ValueError):
        count = DEFAULT_ROWS
    return max(1, min(MAX_LINES, count))


def _check_context(
    request: HttpRequest,
    *,
    data: dict[str, Any] | None = None,
    rows: list[dict[str, str]] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    earliest, latest = requirement_date_bounds()
    data = data or {}
    errors = errors or {}
    rows = rows or [dict.fromkeys(LINE_FIELDS, "") for _ in range(DEFAULT_ROWS)]
    return {
        "data": data,
        "dos_value": data.get("date_of_service") or today().isoformat(),
        "rows": [
            {
                "index": i,
                "number": i + 1,
                "values": row,
                "errors": {field: errors.get(f"lines.{i}.{field}", []) for field in LINE_FIELDS},
            }
            for i, row in enumerate(rows)
        ],
        "row_count": len(rows),
        "can_add_rows": len(rows) < MAX_LINES,
        "errors": errors,
        "error_links": _error_links(errors),
        "lobs": queries.lines_of_business(),
        "earliest": earliest,
        "latest": latest,
        "can_look_up_members": can_look_up_members(request),
        "max_lines": MAX_LINES,
    }


def _print_query(answer: RequirementAnswer) -> str:
    """The confirmation's address: the line of business, date and lines — never the member."""
    params: list[tuple[str, str]] = [
        ("line_of_business", answer.line_of_business.code),
        ("date_of_service", answer.date_of_service.isoformat()),
        ("rows", str(len(answer.lines))),
    ]
    for i, item in enumerate(answer.lines):
        params += [
            (f"lines-{i}-code", item.line.code),
            (f"lines-{i}-modifiers", " ".join(item.line.modifiers)),
            (f"lines-{i}-place_of_service", item.line.place_of_service),
            (f"lines-{i}-units", str(item.line.units)),
        ]
    return urlencode(params)


def _answer_context(answer: RequirementAnswer) -> dict[str, Any]:
    return {
        "answer": answer,
        "print_query": _print_query(answer),
        "counts": {
            "no_auth": answer.count(Outcome.NO_AUTH),
            "vendor": answer.count(Outcome.VENDOR),
            "plan": answer.count(Outcome.PLAN),
            "invalid": answer.count(Outcome.INVALID),
        },
    }


@never_cache
@requirement_checker_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The requirement check: a form of service lines; a POST answers on the same page (htmx: just the part)."""
    partial = _is_htmx(request)
    if request.method == "GET":
        return render(request, "codelists/check.html", _check_context(request))
    count = _row_count(request.POST)
    rows = _rows_from(request.POST, count)
    data = {
        "line_of_business": request.POST.get("line_of_business", "").strip(),
        "member_id": request.POST.get("member_id", "").strip() if can_look_up_members(request) else "",
        "birth_date": request.POST.get("birth_date", "").strip() if can_look_up_members(request) else "",
        "date_of_service": request.POST.get("date_of_service", "").strip(),
    }
    status = 200
    if request.POST.get("action") == "add_lines":
        rows += [dict.fromkeys(LINE_FIELDS, "") for _ in range(min(ADD_ROWS, MAX_LINES - count))]
        context = _check_context(request, data=data, rows=rows)
        context["focus_row"] = count  # the first new row
    else:
        context = _check_context(request, data=data, rows=rows)
        try:
            parsed = requirement_request_parse({**data, "lines": rows}, skip_blank_lines=True)
            answer = requirement_check(actor=actor_for_request(request), request=parsed)
            context.update(_answer_context(answer))
        except ValidationFailed as exc:
            context = _check_context(request, data=data, rows=rows, errors=exc.errors)
            status = 400
        except Throttled as exc:
            context["throttled"] = exc.message
            status = 429
        except (NotFound, PermissionDenied, DomainError) as exc:
            field = exc.field or "line_of_business"
            context = _check_context(request, data=data, rows=rows, errors={field: [exc.message]})
            status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, PermissionDenied) else 400
    template = "codelists/_check_outcome.html" if partial else "codelists/check.html"
    response = render(request, template, context, status=status)
    if partial:
        response.status_code = 200  # htmx swaps only 2xx; the part carries the errors next to the fields
    return response


@never_cache
@requirement_checker_required
@require_GET
def check_print(request: HttpRequest) -> HttpResponse:
    """A printable confirmation of an answer, for the chart: date, line of business, each line, the list
    version that decided it. Asked by line of business (no member data in the address)."""
    count = _row_count(request.GET)
    data = {
        "line_of_business": request.GET.get("line_of_business", "").strip(),
        "date_of_service": request.GET.get("date_of_service", "").strip(),
        "lines": _rows_from(request.GET, count),
    }
    try:
        parsed = requirement_request_parse(data, skip_blank_lines=True)
        answer = requirement_check(actor=actor_for_request(request), request=parsed)
    except ValidationFailed as exc:
        return render(request, "codelists/check_print.html", {"errors": _error_links(exc.errors)}, status=400)
    return render(request, "codelists/check_print.html", _answer_context(answer))


# ---- browsing the lists -----------------------------------------------------------------------------------


def _browse_params(request: HttpRequest) -> tuple[dict[str, str], dict[str, list[str]], Any, dt.date | None]:
    lobs = queries.lines_of_business()
    values = {
        "line_of_business": request.GET.get("line_of_business", "").strip() or (lobs[0].code if lobs else ""),
        "date": request.GET.get("date", "").strip() or today().isoformat(),
        "q": " ".join(request.GET.get("q", "").split())[:80],
        "show": request.GET.get("show", "").strip(),
    }
    errors: dict[str, list[str]] = {}
    lob = queries.line_of_business_by_code(values["line_of_business"])
    if lob is None:
        errors["line_of_business"] = [_("Choose one of the plan's lines of business.")]
    day: dt.date | None = None
    try:
        day = dt.date.fromisoformat(values["date"])
    except ValueError:
        errors["date"] = [_("The date of service must be a date like 2026-05-01.")]
    if day is not None:
        earliest, latest = requirement_date_bounds()
        if not earliest <= day <= latest:
            errors["date"] = [
                _("The date of service must be between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            ]
            day = None
    return values, errors, lob, day


def _browse_render(
    request: HttpRequest, values: dict[str, str], errors: dict[str, list[str]], extra: dict[str, Any], status: int
) -> HttpResponse:
    earliest, latest = requirement_date_bounds()
    show_choices = [("", _("Every list")), (ListKind.NO_AUTH.value, _("No-Auth list only"))] + [
        (f"vendor:{vendor.key}", _("%(vendor)s only") % {"vendor": vendor.name}) for vendor in queries.vendors()
    ]
    context = {
        "values": values,
        "errors": errors,
        "error_links": _error_links(errors),
        "lobs": queries.lines_of_business(),
        "show_choices": show_choices,
        "earliest": earliest,
        "latest": latest,
        "can_manage": can_manage_lists(request),
        **extra,
    }
    return render(request, "codelists/browse.html", context, status=status)


@list_reader_required
@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """Every code on the lists in force for a line of business on a date, searchable, with what it means."""
    values, errors, lob, day = _browse_params(request)
    if errors:
        return _browse_render(request, values, errors, {}, 400)
    result = queries.listed_codes(line_of_business=lob, day=day, q=values["q"], show=values["show"])  # type: ignore[arg-type]
    paginator = Paginator(result.rows, ROWS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    base = urlencode({k: v for k, v in values.items() if v})
    download = urlencode({"line_of_business": values["line_of_business"], "date": values["date"]})
    return _browse_render(
        request,
        values,
        {},
        {"result": result, "page": page, "query": base, "download_query": download, "lob": lob, "day": day},
        200,
    )


def _outcome_text(row: queries.ListedCode) -> str:
    if row.kind == ListKind.NO_AUTH:
        return _("No authorization needed")
    return _("Send to %(vendor)s") % {"vendor": row.vendor.name if row.vendor else ""}


@list_reader_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The lists in force for the line of business and date, every code, as CSV."""
    values, errors, lob, day = _browse_params(request)
    if errors:
        return _browse_render(request, values, errors, {}, 400)
    assert day is not None
    result = queries.listed_codes(line_of_business=lob, day=day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = code_lists_filename(lob_code=lob.code, day=day, extension="csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Code"),
            _("System"),
            _("Description"),
            _("What to do"),
            _("Category"),
            _("Note"),
            _("List"),
            _("Version"),
            _("Version in force from"),
            _("Version in force through"),
        ]
    )
    for row in result.rows:
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    row.display,
                    CodeSystem(row.system).label,
                    row.description,
                    _outcome_text(row),
                    row.category,
                    row.note,
                    row.source.code_list.name,
                    row.source.version.number,
                    row.source.version.effective.isoformat(),
                    row.source.ends.isoformat() if row.source.ends else "",
                )
            ]
        )
    return response


@list_reader_required
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    """The lists in force for the line of business and date, every code, as a printable PDF."""
    values, errors, lob, day = _browse_params(request)
    if errors:
        return _browse_render(request, values, errors, {}, 400)
    assert day is not None
    result = queries.listed_codes(line_of_business=lob, day=day)
    response = HttpResponse(code_lists_pdf_render(result), content_type="application/pdf")
    filename = code_lists_filename(lob_code=lob.code, day=day, extension="pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- staff: lists, versions, upload, publish --------------------------------------------------------------


@never_cache
@list_editor_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """Every list with the version in force today, the next one and the drafts waiting; the vendors."""
    drafts = (
        CodeListVersion.objects.filter(status=VersionStatus.DRAFT)
        .select_related("code_list", "uploaded_by")
        .order_by("-uploaded_at")
    )
    return render(
        request,
        "codelists/manage.html",
        {"summaries": queries.code_lists_overview(), "vendors": queries.vendors(), "drafts": drafts},
    )


def _upload_targets() -> list[tuple[str, str]]:
    targets = []
    vendors = queries.vendors()
    for lob in queries.lines_of_business():
        targets.append((f"{lob.code}:no-auth", _("%(lob)s: No-Auth list") % {"lob": lob.name}))
        for vendor in vendors:
            targets.append(
                (f"{lob.code}:{vendor.key}", _("%(lob)s: %(vendor)s list") % {"lob": lob.name, "vendor": vendor.name})
            )
    return targets


def _upload_context(values: dict[str, str], errors: dict[str, list[str]]) -> dict[str, Any]:
    earliest, latest = effective_bounds()
    return {
        "values": values,
        "errors": errors,
        "error_links": _error_links(errors),
        "targets": _upload_targets(),
        "earliest": earliest,
        "latest": latest,
        "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "columns": COLUMNS,
    }


@never_cache
@list_editor_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file as a new draft version of a list; on success, its differences page."""
    if request.method == "GET":
        return render(
            request,
            "codelists/upload.html",
            _upload_context({"target": request.GET.get("list", ""), "effective": ""}, {}),
        )
    values = {
        "target": request.POST.get("target", "").strip(),
        "effective": request.POST.get("effective", "").strip(),
        "note": request.POST.get("note", ""),
    }
    errors: dict[str, list[str]] = {}
    lob_code, _sep, list_key = values["target"].partition(":")
    lob = queries.line_of_business_by_code(lob_code)
    vendor = next((v for v in queries.vendors() if v.key == list_key), None)
    if lob is None or (list_key != "no-auth" and vendor is None):
        errors["target"] = [_("Choose the list this file is a new version of.")]
    effective: dt.date | None = None
    try:
        effective = dt.date.fromisoformat(values["effective"])
    except ValueError:
        errors["effective"] = [_("Enter the first date of service this version applies to, like 2026-07-01.")]
    upload_file = request.FILES.get("file")
    if upload_file is None:
        errors["file"] = [_("Choose the CSV file to upload.")]
    elif upload_file.size and upload_file.size > MAX_FILE_BYTES:
        errors["file"] = [_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}]
    if not errors:
        assert lob is not None
        assert effective is not None
        assert upload_file is not None
        try:
            version = code_list_version_upload(
                line_of_business=lob,
                vendor=vendor,
                effective=effective,
                file_name=upload_file.name or "",
                content=upload_file.read(MAX_FILE_BYTES + 1),
                note=values["note"],
                user=request.user,  # type: ignore[arg-type]
            )
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Version %(number)s was saved as a draft. Check the differences, then publish it or discard it.")
                % {"number": version.number},
            )
            return redirect("codelists:version", version_id=version.pk)
    return render(request, "codelists/upload.html", _upload_context(values, errors), status=400)


@never_cache
@list_editor_required
@require_GET
def upload_template(request: HttpRequest) -> HttpResponse:
    """An example file in the upload format."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="code-list-template.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerow(["70551", "cpt", "Diagnostic imaging", "MRI brain without contrast"])
    writer.writerow(["E0601", "hcpcs", "Sleep medicine", ""])
    return response


@never_cache
@list_editor_required
@require_GET
def list_history(request: HttpRequest, list_id: int) -> HttpResponse:
    """Every version of one list, with the dates of service each published one applies to."""
    code_list = queries.code_list_of(list_id=list_id)
    if code_list is None:
        return _not_found(request)
    target = f"{code_list.line_of_business.code}:{code_list.vendor.key if code_list.vendor else 'no-auth'}"
    return render(
        request,
        "codelists/history.html",
        {"code_list": code_list, "rows": queries.code_list_history(code_list=code_list), "target": target},
    )


def _version_page(
    request: HttpRequest, version: CodeListVersion, *, errors: dict[str, list[str]] | None = None, status: int = 200
) -> HttpResponse:
    errors = errors or {}
    return render(
        request,
        "codelists/version.html",
        {
            "version": version,
            "diff": queries.version_diff(version=version),
            "errors": errors,
            "error_links": _error_links(errors),
            "is_draft": version.status == VersionStatus.DRAFT,
        },
        status=status,
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "codelists/not_found.html", status=404)


@never_cache
@list_editor_required
@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    """A version against the one in force on its effective date: added, removed, changed; then publish or
    discard (drafts)."""
    found = queries.version_of(version_id=version_id)
    return _not_found(request) if found is None else _version_page(request, found)


@never_cache
@list_editor_required
@require_GET
def version_csv(request: HttpRequest, version_id: int) -> HttpResponse:
    """A version's codes in the upload format: download, edit, upload as the next version."""
    found = queries.version_of(version_id=version_id)
    if found is None:
        return _not_found(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    lob = slugify(found.code_list.line_of_business.code)
    key = found.code_list.vendor.key if found.code_list.vendor else "no-auth"
    response["Content-Disposition"] = (
        f'attachment; filename="{lob}-{key}-v{found.number}-{found.effective.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for entry in queries.version_entries(version=found):
        writer.writerow([_csv_cell(v) for v in (entry.code, entry.system, entry.category, entry.note)])
    return response


@list_editor_required
@require_POST
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    found = queries.version_of(version_id=version_id)
    if found is None:
        return _not_found(request)
    if request.POST.get("confirm") != "yes":
        return _version_page(
            request,
            found,
            errors={"confirm": [_("Tick the box to confirm that you checked the differences.")]},
            status=400,
        )
    try:
        published = code_list_version_publish(version=found, user=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        return _version_page(request, found, errors={"decide": [exc.message]}, status=409)
    messages.success(
        request,
        _("Version %(number)s is published: it applies to dates of service from %(date)s.")
        % {"number": published.number, "date": date_format(published.effective, "DATE_FORMAT")},
    )
    return redirect("codelists:list_history", list_id=published.code_list_id)


@list_editor_required
@require_POST
def version_discard(request: HttpRequest, version_id: int) -> HttpResponse:
    found = queries.version_of(version_id=version_id)
    if found is None:
        return _not_found(request)
    try:
        discarded = code_list_version_discard(version=found, user=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        return _version_page(request, found, errors={"decide": [exc.message]}, status=409)
    messages.success(request, _("Version %(number)s was discarded.") % {"number": discarded.number})
    return redirect("codelists:list_history", list_id=discarded.code_list_id)
