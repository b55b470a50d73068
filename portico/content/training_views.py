"""Training pages: a person's modules, a module with its quiz or attestation, certificates; the organization
administrator's view of who is due and overdue, and recording a practitioner's completion; plan staff's
compliance across the network; and the public certificate check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.accounts.actors import client_ip, provider_role_required, staff_role_required
from portico.accounts.models import ProviderRole, StaffRole, User
from portico.common.charts import BarChart, Series, bar_chart
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.common.throttle import throttle_hit
from portico.content import training_queries as queries
from portico.content import training_services as services
from portico.content.training_certificate import certificate_filename, certificate_render
from portico.content.training_rules import OPEN_STATES, TrainingState
from portico.providers.queries import practitioners_of

administrator_required = provider_role_required(ProviderRole.ADMINISTRATOR)
# Network compliance: content editors own the modules and want to see them used; provider relations follow up
# with the organizations that are behind (as they do for the quarterly people attestation); the plan
# administrator answers for the Model of Care requirement to CMS. The report names organizations and their
# people and practitioners, never members.
compliance_staff_required = staff_role_required(
    StaffRole.CONTENT_EDITOR, StaffRole.PROVIDER_RELATIONS, StaffRole.ADMINISTRATOR
)
VERIFY_LIMIT = 30  # certificate checks per address per minute

View = Callable[..., HttpResponseBase]


def provider_required(view: View) -> View:
    """Signed in and acting for a provider organization (any role): training is for everyone who works there."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request, "membership", None) is None:
            reason = _("Training is for people who work for a provider organization in the network.")
            return render(request, "web/forbidden.html", {"reason": reason}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _organization_id(request: HttpRequest) -> int:
    return int(request.membership.organization_id)  # type: ignore[attr-defined]


def _is_administrator(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and ProviderRole.ADMINISTRATOR.value in (membership.roles or [])


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "content/training/not_found.html", status=404)


@provider_required
def training_list(request: HttpRequest) -> HttpResponse:
    rows = queries.my_training(user=_user(request), today=timezone.localdate())
    return render(
        request,
        "content/training/list.html",
        {"rows": rows, "is_administrator": _is_administrator(request), "open_states": OPEN_STATES},
    )


def _module_context(request: HttpRequest, module: Any, **extra: Any) -> dict[str, Any]:
    mine = next(
        (r for r in queries.my_training(user=_user(request), today=timezone.localdate()) if r.module.pk == module.pk),
        None,
    )
    context: dict[str, Any] = {"module": module, "mine": mine, "answers": {}, "errors": {}, "outcome": None, **extra}
    answers, errors, outcome = context["answers"], context["errors"], context["outcome"]
    context["questions"] = [
        {
            "question": question,
            "number": number,
            "error": (errors.get(f"question_{question.pk}") or [""])[0],
            "wrong": outcome is not None and question.pk in outcome.wrong_question_ids,
            "choices": [
                (choice, answers.get(f"question_{question.pk}") == str(choice.pk)) for choice in question.choices.all()
            ],
        }
        for number, question in enumerate(module.questions.all(), start=1)
    ]
    context["attest_error"] = (errors.get("attest") or [""])[0]
    return context


@provider_required
def training_module(request: HttpRequest, slug: str) -> HttpResponse:
    """The module's text, then its quiz or attestation; a pass records the completion and offers the
    certificate."""
    try:
        module = queries.module_get(slug=slug)
    except NotFound:
        return _not_found(request)
    if request.method != "POST":
        return render(request, "content/training/module.html", _module_context(request, module))
    answers = {k: str(v) for k, v in request.POST.items() if k.startswith("question_")}
    try:
        if module.is_quiz:
            outcome = services.training_quiz_submit(
                user=_user(request), module_id=module.pk, answers=answers, organization_id=_organization_id(request)
            )
            if outcome.passed:
                messages.success(
                    request,
                    _("You passed with %(score)s%%. Your certificate is ready.") % {"score": outcome.score_percent},
                )
                return redirect("training:module", slug=module.slug)
            context = _module_context(request, module, answers=answers, outcome=outcome)
            return render(request, "content/training/module.html", context, status=200)
        services.training_attest(
            user=_user(request),
            module_id=module.pk,
            attested=request.POST.get("attest") == "yes",
            organization_id=_organization_id(request),
        )
        messages.success(request, _("Thank you: your attestation is recorded. Your certificate is ready."))
        return redirect("training:module", slug=module.slug)
    except ValidationFailed as exc:
        context = _module_context(request, module, answers=answers, errors=exc.errors)
        return render(request, "content/training/module.html", context, status=400)


@provider_required
def training_certificate(request: HttpRequest, completion_id: int) -> HttpResponse:
    """The certificate PDF: the person's own, or a practitioner's for the organization's administrator."""
    try:
        completion = queries.certificate_for(
            user=_user(request),
            completion_id=completion_id,
            administrator_of=_organization_id(request) if _is_administrator(request) else None,
        )
    except NotFound:
        return _not_found(request)
    response = HttpResponse(certificate_render(completion), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(completion)}"'
    return response


@administrator_required
def training_organization(request: HttpRequest) -> HttpResponse:
    """Who in the organization is due or overdue (people and practitioners), open ones first; ``?show=all``
    also lists those who are done."""
    show_all = request.GET.get("show") == "all"
    rows = queries.organization_training(organization_id=_organization_id(request), today=timezone.localdate())
    counts = {state: sum(1 for r in rows if r.standing.state == state) for state in TrainingState}
    order = {TrainingState.OVERDUE: 0, TrainingState.DUE_SOON: 1, TrainingState.DUE: 2, TrainingState.DONE: 3}
    shown = [r for r in rows if show_all or r.standing.is_open]
    shown.sort(key=lambda r: (order.get(r.standing.state, 4), r.standing.due_on or timezone.localdate(), r.name))
    return render(
        request,
        "content/training/organization.html",
        {
            "organization": request.membership.organization,  # type: ignore[attr-defined]
            "rows": shown,
            "show_all": show_all,
            "overdue": counts[TrainingState.OVERDUE],
            "due_soon": counts[TrainingState.DUE_SOON],
            "due": counts[TrainingState.DUE],
            "done": counts[TrainingState.DONE],
            "recorded": queries.practitioner_completions(organization_id=_organization_id(request))[:50],
        },
    )


class _AnyChoice(forms.ChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True  # the service says what is wrong, naming the field


class RecordForm(forms.Form):
    practitioner = _AnyChoice(label=gettext_lazy("Practitioner"), required=False)
    module = _AnyChoice(label=gettext_lazy("Training module"), required=False)
    completed_on = forms.CharField(
        label=gettext_lazy("Date completed"),
        required=False,
        help_text=gettext_lazy("The day the practitioner finished the training, for example at an in-person session."),
        widget=forms.DateInput(attrs={"type": "date", "required": "required"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Where or how it was done, such as “In-person session at the clinic”. No patient information."
        ),
        widget=forms.TextInput(attrs={"maxlength": str(services.NOTE_MAX)}),
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        practitioners = practitioners_of(organization_id=organization_id)
        cast(forms.ChoiceField, self.fields["practitioner"]).choices = [("", _("Choose…"))] + [
            (str(p.pk), f"{p.display_name} (NPI {p.npi})") for p in practitioners
        ]
        cast(forms.ChoiceField, self.fields["module"]).choices = [("", _("Choose…"))] + [
            (str(m.pk), m.title) for m in queries.modules_published()
        ]
        self.fields["practitioner"].widget.attrs["required"] = "required"
        self.fields["module"].widget.attrs["required"] = "required"


@administrator_required
def training_record(request: HttpRequest) -> HttpResponse:
    """Record that a practitioner of the organization completed a module (in person, say), with the date."""
    organization_id = _organization_id(request)
    form = RecordForm(request.POST if request.method == "POST" else None, organization_id=organization_id)
    status = 200
    if request.method == "POST":
        data = request.POST
        try:
            completion = services.training_practitioner_record(
                actor=_user(request),
                organization_id=organization_id,
                practitioner_id=data.get("practitioner", ""),
                module_id=data.get("module", ""),
                completed_on=data.get("completed_on", ""),
                note=data.get("note", ""),
            )
        except ValidationFailed as exc:
            form.is_valid()
            for name, found in exc.errors.items():
                for message in found:
                    form.add_error(name if name in form.fields else None, message)
            status = 400
        else:
            messages.success(
                request,
                _("Recorded: %(name)s completed %(module)s on %(date)s. Certificate %(number)s is ready.")
                % {
                    "name": completion.subject_name,
                    "module": completion.module.title,
                    "date": completion.completed_on.isoformat(),
                    "number": completion.certificate_number,
                },
            )
            return redirect("training:organization")
    return render(request, "content/training/record.html", {"form": form}, status=status)


def training_verify(request: HttpRequest) -> HttpResponse:
    """Public: is this certificate number genuine? Shows the name, module and date it was issued for."""
    number = (request.GET.get("number") or "").strip()[:40]
    context: dict[str, Any] = {"number": number, "checked": bool(number), "completion": None, "throttled": None}
    if number:
        try:
            throttle_hit(scope="training_verify", key=client_ip(request) or "-", limit=VERIFY_LIMIT, window_seconds=60)
        except Throttled as exc:
            context["throttled"] = _("Too many checks in a short time. Try again in %(seconds)s seconds.") % {
                "seconds": exc.retry_after
            }
            return render(request, "content/training/verify.html", context, status=429)
        context["completion"] = queries.certificate_verify(number=number)
    return render(request, "content/training/verify.html", context)


def compliance_charts(report: queries.NetworkCompliance) -> dict[str, BarChart]:
    modules = [m.title for m in report.modules]
    by_lob = bar_chart(
        id="chart-completion-lob",
        title=_("Completion rate per module and line of business (percent)"),
        summary=_(
            "Percent of the people and practitioners required to take each module who have done it, for the "
            "organizations serving each line of business."
        ),
        categories=modules,
        series=[
            Series(
                label=lob.name,
                values=[report.by_module_and_lob[(m.pk, lob.pk)].percent for m in report.modules],
            )
            for lob in report.lines_of_business
        ],
    )
    top = report.overdue_organizations[:10]
    overdue = bar_chart(
        id="chart-overdue-organizations",
        title=_("Organizations with the most overdue training"),
        summary=_("People and practitioners overdue, for the ten organizations with the most."),
        categories=[o.name for o in top],
        series=[
            Series(label=_("People"), values=[o.overdue_people for o in top]),
            Series(label=_("Practitioners"), values=[o.overdue_practitioners for o in top]),
        ],
        stacked=True,
    )
    return {"by_lob": by_lob, "overdue": overdue}


@compliance_staff_required
def training_compliance(request: HttpRequest) -> HttpResponse:
    report = queries.network_compliance(today=timezone.localdate())
    return render(
        request,
        "content/training/compliance.html",
        {
            "report": report,
            "charts": compliance_charts(report),
            "today": timezone.localdate(),
        },
    )
