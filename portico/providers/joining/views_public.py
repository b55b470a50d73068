"""/join/: "Join our network", for anyone. The private link (/join/a/<secret>/) opens the draft to edit, and
after submission the status page where the applicant answers provider relations' questions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portico.accounts.actors import client_ip
from portico.accounts.people.forms import errors_onto
from portico.authorizations.attachments import Upload
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.common.throttle import throttle_hit
from portico.providers.joining import services
from portico.providers.joining.forms import (
    AnswerForm,
    DocumentForm,
    OrganizationForm,
    StartForm,
    practitioner_formset,
)
from portico.providers.joining.models import ApplicationStatus, NetworkApplication

STARTS_PER_HOUR = 10  # per address: a public form is a target for junk


def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            throttle_hit(scope="join", key=client_ip(request) or "-", limit=STARTS_PER_HOUR, window_seconds=3600)
            _application, token = services.application_start(data=request.POST)
        except ValidationFailed as failure:
            errors_onto(form, failure)
            status = 400
        except Throttled:
            form.add_error(None, _("Too many applications from your network in the last hour. Try again later."))
            status = 429
        else:
            messages.success(
                request,
                _(
                    "Your draft is saved. We emailed you its private link: "
                    "use it to come back and to follow the status."
                ),
            )
            return redirect("join:application", token=token)
    return render(request, "providers/join/start.html", {"form": form}, status=status)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "providers/join/not_found.html", status=404)


def _rows(request: HttpRequest) -> list[dict[str, str]]:
    try:
        total = min(int(request.POST.get("practitioner-TOTAL_FORMS", "0")), services.MAX_PRACTITIONERS + 1)
    except ValueError:
        total = 0
    fields = services.PRACTITIONER_FIELDS
    return [{f: request.POST.get(f"practitioner-{i}-{f}", "") for f in fields} for i in range(total)]


def _edit_context(
    application: NetworkApplication, token: str, org_form: Any, formset: Any, document_form: Any = None
) -> dict[str, Any]:
    return {
        "application": application,
        "token": token,
        "org_form": org_form,
        "formset": formset,
        "document_form": document_form or DocumentForm(),
        "documents": list(application.documents.all()),
    }


def _errors_onto_formset(formset: Any, failure: ValidationFailed) -> dict[str, list[str]]:
    rest: dict[str, list[str]] = {}
    for key, problems in failure.errors.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "practitioner" and parts[1].isdigit() and int(parts[1]) < len(formset.forms):
            for problem in problems:
                formset.forms[int(parts[1])].add_error(parts[2], problem)
        else:
            rest[key] = problems
    return rest


@never_cache
def application(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.application_by_token(token)
    except NotFound:
        return _not_found(request)
    if found.status != ApplicationStatus.DRAFT:
        return render(
            request,
            "providers/join/status.html",
            {
                "application": found,
                "token": token,
                "questions": list(found.questions.all()),
                "answer_form": AnswerForm(),
            },
        )
    posted = request.method == "POST"
    org_form = OrganizationForm.for_application(found, request.POST if posted else None)
    action = request.POST.get("action", "save") if posted else None
    formset = practitioner_formset(found, request.POST if posted else None)
    status = 200
    if posted:
        org_form.is_valid()
        formset.is_valid()
        try:
            services.application_save(
                application_id=found.pk,
                organization={name: request.POST.get(name, "") for name in services.ORGANIZATION_FIELDS},
                practitioners=_rows(request),
                line_of_business_ids=request.POST.getlist("lines_of_business"),
            )
            if action == "submit":
                services.application_submit(application_id=found.pk)
        except ValidationFailed as failure:
            rest = _errors_onto_formset(formset, failure)
            if rest:
                errors_onto(org_form, ValidationFailed(rest))
            status = 400
        else:
            if action == "submit":
                messages.success(request, _("Your application is submitted. We emailed you a confirmation."))
            elif action == "add":
                found.refresh_from_db()
                messages.success(request, _("Draft saved. Add the next practitioner below."))
                return render(
                    request,
                    "providers/join/edit.html",
                    _edit_context(found, token, OrganizationForm.for_application(found), practitioner_formset(found)),
                )
            else:
                messages.success(request, _("Draft saved. Come back with the private link from our email."))
            return redirect("join:application", token=token)
    return render(request, "providers/join/edit.html", _edit_context(found, token, org_form, formset), status=status)


@require_POST
def document_add(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.application_by_token(token)
    except NotFound:
        return _not_found(request)
    form = DocumentForm(request.POST, request.FILES)
    upload = request.FILES.get("document")
    try:
        if upload is None:
            raise ValidationFailed({"document": [_("Choose a file to upload.")]})
        services.application_document_add(
            application_id=found.pk,
            kind=request.POST.get("kind", ""),
            upload=Upload(name=upload.name or "", content=upload.read()),
        )
    except ValidationFailed as failure:
        errors_onto(form, failure)
        if found.status == ApplicationStatus.DRAFT:
            return render(
                request,
                "providers/join/edit.html",
                _edit_context(found, token, OrganizationForm.for_application(found), practitioner_formset(found), form),
                status=400,
            )
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("join:application", token=token)
    messages.success(request, _("Document uploaded."))
    return redirect("join:application", token=token)


@require_POST
def answer(request: HttpRequest, token: str, question_id: int) -> HttpResponse:
    try:
        found = services.application_by_token(token)
    except NotFound:
        return _not_found(request)
    form = AnswerForm(request.POST)
    try:
        services.application_answer(
            application_id=found.pk, question_id=question_id, answer=request.POST.get("answer", "")
        )
    except NotFound:
        return _not_found(request)
    except ValidationFailed as failure:
        errors_onto(form, failure)
        return render(
            request,
            "providers/join/status.html",
            {
                "application": found,
                "token": token,
                "questions": list(found.questions.all()),
                "answer_form": form,
                "answering": question_id,
            },
            status=400,
        )
    messages.success(request, _("Thank you: your answer was sent to provider relations."))
    return redirect("join:application", token=token)
