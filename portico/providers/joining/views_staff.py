"""Provider relations' network applications: the queue, and each application's credentialing checklist,
questions, documents and decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portico.accounts.actors import staff_role_required
from portico.accounts.models import StaffRole, User
from portico.accounts.people.forms import errors_onto
from portico.authorizations.attachments import attachment_path
from portico.common.errors import NotFound, ValidationFailed
from portico.providers.joining import services
from portico.providers.joining.forms import DeclineForm, QuestionForm
from portico.providers.joining.models import ApplicationStatus

provider_relations_required = staff_role_required(StaffRole.PROVIDER_RELATIONS)
STAFF_STATUSES = [(v, label) for v, label in ApplicationStatus.choices if v != ApplicationStatus.DRAFT]


@provider_relations_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ApplicationStatus.SUBMITTED
    if status not in dict(STAFF_STATUSES):
        status = ApplicationStatus.SUBMITTED
    return render(
        request,
        "providers/join/queue.html",
        {
            "rows": services.applications_queue(status=status),
            "status": ApplicationStatus(status),
            "statuses": STAFF_STATUSES,
        },
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "providers/join/not_found.html", status=404)


@provider_relations_required
def detail(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        application = services.application_get(application_id=application_id)
    except NotFound:
        return _not_found(request)
    action = request.POST.get("action") if request.method == "POST" else None
    question_form = QuestionForm(request.POST if action == "ask" else None)
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    errors: list[str] = []
    status = 200
    if action:
        staff: User = request.user  # type: ignore[assignment]
        try:
            if action == "check":
                services.application_check_record(
                    application_id=application.pk,
                    item_code=request.POST.get("item", ""),
                    staff=staff,
                    note=request.POST.get("note", ""),
                )
                done = _("Checklist item recorded.")
            elif action == "ask":
                services.application_question_ask(
                    application_id=application.pk, staff=staff, text=request.POST.get("question", "")
                )
                done = _("Question sent: the applicant was emailed and answers on their status page.")
            elif action == "approve":
                organization = services.application_approve(application_id=application.pk, staff=staff)
                done = _(
                    "Approved: %(organization)s is in the network, "
                    "with its location, practitioners and lines of business."
                ) % {"organization": organization.legal_name}
            elif action == "decline":
                services.application_decline(
                    application_id=application.pk, staff=staff, reason=request.POST.get("reason", "")
                )
                done = _("Declined; the applicant was emailed the reason.")
            else:
                raise ValidationFailed({"__all__": [_("Choose an action.")]})
        except NotFound:
            return _not_found(request)
        except ValidationFailed as failure:
            form: Any = question_form if action == "ask" else decline_form if action == "decline" else None
            if form is not None:
                errors_onto(form, failure)
            else:
                errors = [
                    f"{_label(key)}{message}" for key, messages_ in failure.errors.items() for message in messages_
                ]
            status = 400
        else:
            messages.success(request, done)
            return redirect("applications_staff:detail", application_id=application.pk)
    return render(
        request,
        "providers/join/detail.html",
        {
            "application": application,
            "checklist": services.checklist(application),
            "questions": list(application.questions.select_related("asked_by")),
            "question_form": question_form,
            "decline_form": decline_form,
            "errors": errors,
            "open": application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.QUESTIONS),
        },
        status=status,
    )


def _label(key: str) -> str:
    labels = {"checklist": _("Checklist"), "tin": _("TIN"), "item": _("Checklist item")}
    return f"{labels[key]}: " if key in labels else ""


@provider_relations_required
def document(request: HttpRequest, application_id: int, document_id: int) -> HttpResponseBase:
    try:
        found = services.document_of(application_id=application_id, document_id=document_id)
    except NotFound:
        return _not_found(request)
    path = attachment_path(found.stored_name)
    if not path.exists():
        return _not_found(request)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
