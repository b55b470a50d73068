"""Code pages: search as you type, one code's facts, verify a pasted list, and staff loading of code files."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole, User
from portico.codes.checks import MAX_VERIFY_CODES, code_status, codes_split, codes_verify
from portico.codes.formats.base import normalize_code
from portico.codes.formats.registry import FORMATS_BY_SYSTEM
from portico.codes.loading import code_file_load
from portico.codes.models import Code, CodeLoad, CodeSystem, LoadSource
from portico.codes.search import codes_search
from portico.common.dates import today
from portico.common.errors import ValidationFailed

MAX_CODE_FILE_BYTES = 50 * 1024 * 1024


def signed_in(view: Any) -> Any:
    """Any signed-in person may look codes up: they are public reference data, not member data."""
    return login_required(view)


def _day(text: str, errors: dict[str, list[str]]) -> dt.date:
    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.setdefault("date", []).append(_("Date of service: write a date like 2026-05-01."))
        return today()


@signed_in
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """Search as you type (htmx swaps the results); without JavaScript the form submits the same query."""
    errors: dict[str, list[str]] = {}
    q = request.GET.get("q", "").strip()
    system = request.GET.get("system", "")
    if system and system not in CodeSystem.values:
        errors["system"] = [_("Choose a code system from the list.")]
        system = ""
    day = _day(request.GET.get("date", ""), errors)
    hits = codes_search(q=q, system=system or None, day=day) if q and not errors else []
    context = {
        "q": q,
        "system": system,
        "day": day,
        "errors": errors,
        "hits": hits,
        "systems": CodeSystem.choices,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "codes/_search_results.html", context)
    return render(request, "codes/search.html", context)


@signed_in
@require_http_methods(["GET"])
def detail(request: HttpRequest, system: str, code: str) -> HttpResponse:
    """One code: its descriptions, dates, place in its hierarchy, and validity on a date of service."""
    if system not in CodeSystem.values:
        raise Http404
    row = Code.objects.filter(system=system, code=normalize_code(code)).first()
    if row is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    day = _day(request.GET.get("date", ""), errors)
    status, message = code_status(row, day)
    parent = Code.objects.filter(system=system, code=row.parent).first() if row.parent else None
    children = Code.objects.filter(system=system, parent=row.code).order_by("code")[:100]
    return render(
        request,
        "codes/detail.html",
        {
            "code": row,
            "system_label": CodeSystem(row.system).label,
            "day": day,
            "errors": errors,
            "status": status,
            "status_message": message,
            "parent": parent,
            "children": children,
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Paste codes of any systems (with modifiers) and a date of service; each one gets its verdict."""
    errors: dict[str, list[str]] = {}
    text = request.POST.get("codes", "") if request.method == "POST" else request.GET.get("codes", "")
    raw_day = request.POST.get("date", "") if request.method == "POST" else request.GET.get("date", "")
    day = _day(raw_day, errors)
    checks = []
    if request.method == "POST":
        tokens = codes_split(text)
        if not tokens:
            errors.setdefault("codes", []).append(_("Codes: paste at least one code."))
        elif len(tokens) > MAX_VERIFY_CODES:
            errors.setdefault("codes", []).append(
                _("Codes: at most %(count)s codes at a time; you pasted %(given)s.")
                % {"count": MAX_VERIFY_CODES, "given": len(tokens)}
            )
        if not errors:
            checks = codes_verify(text=text, day=day)
    context = {"codes": text, "day": day, "errors": errors, "checks": checks, "posted": request.method == "POST"}
    if request.headers.get("HX-Request") == "true":
        # htmx swaps only successful answers: the form with its errors comes back as one.
        return render(request, "codes/_verify_outcome.html", context)
    return render(request, "codes/verify.html", context, status=422 if errors else 200)


@staff_role_required(StaffRole.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def loads(request: HttpRequest) -> HttpResponse:
    """Load an official code file (or the ICD-10-CM release in the installed package), and see every load."""
    errors: dict[str, list[str]] = {}
    done: list[CodeLoad] = []
    data = {"system": request.POST.get("system", ""), "file_format": request.POST.get("file_format", "")}
    if request.method == "POST":
        done, errors = _load_upload(request, data)
    context = {
        "errors": errors,
        "problems": _problems(errors),
        "done": done,
        "data": data,
        "systems": CodeSystem.choices,
        "history": CodeLoad.objects.select_related("loaded_by")[:100],
        "formats": _formats_help(),
    }
    return render(request, "codes/loads.html", context, status=422 if errors else 200)


def _problems(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Each error with where it is, in words: a line of the file, the file, or a field of the form."""
    labels = {"file": _("File"), "system": _("Code system")}
    problems = []
    for where, messages in errors.items():
        if where.startswith("line "):
            label = _("Line %(number)s") % {"number": where.removeprefix("line ")}
        else:
            label = labels.get(where, where)
        problems += [(label, message) for message in messages]
    return problems


def _formats_help() -> list[tuple[str, str]]:
    return [(str(CodeSystem(system).label), ", ".join(formats)) for system, formats in FORMATS_BY_SYSTEM.items()]


def _load_upload(request: HttpRequest, data: dict[str, str]) -> tuple[list[CodeLoad], dict[str, list[str]]]:
    system = data["system"]
    if system not in CodeSystem.values:
        return [], {"system": [_("Choose one.")]}
    file_format = data["file_format"] or None
    upload = request.FILES.get("file")
    user = request.user if isinstance(request.user, User) else None
    try:
        if upload is None:
            if system != CodeSystem.ICD10CM or file_format not in (None, "package"):
                return [], {"file": [_("Choose the code file to load.")]}
            loaded = code_file_load(
                system=system, path=Path("package"), file_format="package", user=user, source=LoadSource.PAGE
            )
            return loaded, {}
        if upload.size and upload.size > MAX_CODE_FILE_BYTES:
            return [], {"file": [_("Larger than 50 MB: load it with `portico codes load` instead.")]}
        # Uploaded files stay outside the web root, and only while they load.
        folder = Path(settings.VAR_DIR) / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = Path(upload.name or "upload").suffix.lower()
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            path = Path(scratch) / f"upload{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            loaded = code_file_load(
                system=system,
                path=path,
                file_format=file_format,
                file_name=upload.name or path.name,
                user=user,
                source=LoadSource.PAGE,
            )
        return loaded, {}
    except ValidationFailed as exc:
        return [], exc.errors
