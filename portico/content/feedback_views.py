"""Website feedback pages: the form anyone can send (from the control at the foot of every page, or on its own
page), and the staff's results with filters, charts, and marking items handled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portico.accounts.actors import client_ip, staff_role_required
from portico.accounts.models import StaffRole, User
from portico.common.charts import BarChart, Series, bar_chart
from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.content import feedback_queries as queries
from portico.content import feedback_services as services
from portico.content.feedback import RATING_MAX, RATING_MIN

# Feedback is about the website's pages and words: the content editors, who write and fix them, read it, and the
# plan administrator, who runs the portal. Comments are free text and might, despite the warning, hold something
# private, so the circle stays small.
feedback_staff_required = staff_role_required(StaffRole.CONTENT_EDITOR, StaffRole.ADMINISTRATOR)
PAGE_SIZE = 50


def _errors_context(exc: ValidationFailed) -> dict[str, str]:
    return {name: found[0] for name, found in exc.errors.items()}


def feedback_submit(request: HttpRequest) -> HttpResponse:
    """GET: the form on its own page (``?page=`` the page it is about). POST: record it and go back to that page
    with a thank-you; a bad field is named on this page, nothing recorded."""
    raw_page = request.POST.get("page", "") if request.method == "POST" else request.GET.get("page", "")
    context: dict[str, Any] = {
        "page": services.clean_page(raw_page),
        "rating": request.POST.get("rating", ""),
        "comment": request.POST.get("comment", ""),
        "errors": {},
        "throttled": "",
        "ratings": range(RATING_MIN, RATING_MAX + 1),
    }
    if request.method != "POST":
        return render(request, "content/feedback/form.html", context)
    try:
        row = services.feedback_submit(
            page=raw_page,
            rating=request.POST.get("rating", ""),
            comment=request.POST.get("comment", ""),
            user=request.user if request.user.is_authenticated else None,
            language=get_language() or "",
            ip_address=client_ip(request),
        )
    except Throttled as exc:
        context["throttled"] = exc.message
        return render(request, "content/feedback/form.html", context, status=429)
    except ValidationFailed as exc:
        context["errors"] = _errors_context(exc)
        return render(request, "content/feedback/form.html", context, status=400)
    messages.success(request, _("Thank you for your feedback. It helps us improve the portal."))
    if url_has_allowed_host_and_scheme(row.page, allowed_hosts={request.get_host()}):
        return redirect(row.page)
    return redirect("web:home")


class FilterForm(forms.Form):
    page = forms.CharField(label=gettext_lazy("Page contains"), required=False, max_length=300)
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any"))] + [(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            (queries.OPEN, gettext_lazy("Not handled")),
            (queries.HANDLED, gettext_lazy("Handled")),
        ],
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date as YYYY-MM-DD.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def feedback_charts(rows: Any) -> dict[str, BarChart]:
    months = queries.ratings_by_month(rows)
    pages = queries.ratings_by_page(rows)
    return {
        "months": bar_chart(
            id="chart-feedback-months",
            title=_("Ratings by month"),
            summary=_("How many ratings of each value (1 poor to 5 very good) arrived each month."),
            categories=[m.month for m in months],
            series=[
                Series(label=str(value), values=[m.by_rating[value - RATING_MIN] for m in months])
                for value in range(RATING_MIN, RATING_MAX + 1)
            ],
            stacked=True,
        ),
        "pages": bar_chart(
            id="chart-feedback-pages",
            title=_("Ratings by page (the pages with the most feedback)"),
            summary=_("For each page, how many ratings were poor (1-2), middling (3) and good (4-5)."),
            categories=[p.page for p in pages],
            series=[
                Series(label=_("Poor (1-2)"), values=[p.low for p in pages]),
                Series(label=_("Middling (3)"), values=[p.middle for p in pages]),
                Series(label=_("Good (4-5)"), values=[p.high for p in pages]),
            ],
            stacked=True,
        ),
    }


@feedback_staff_required
def feedback_results(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = queries.FeedbackFilters()
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            filters = queries.FeedbackFilters(
                page=(data.get("page") or "").strip(),
                rating=data.get("rating"),
                status=data.get("status") or "",
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
            )
        else:
            status = 400
    rows = queries.feedback_filtered(filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    return render(
        request,
        "content/feedback/results.html",
        {
            "form": form,
            "page": page,
            "total": rows.count(),
            "charts": feedback_charts(rows),
            "pages_table": queries.ratings_by_page(rows),
            "query": urlencode([(k, str(v)) for k, v in request.GET.items() if k != "p"]),
        },
        status=status,
    )


@feedback_staff_required
@require_POST
def feedback_handle(request: HttpRequest, feedback_id: int) -> HttpResponse:
    back = request.POST.get("next", "")
    if not back.startswith("/feedback/results/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = "/feedback/results/"
    user: User = request.user  # type: ignore[assignment]
    try:
        row = services.feedback_handle(
            feedback_id=feedback_id,
            user=user,
            handled=request.POST.get("action") != "reopen",
            note=request.POST.get("note", ""),
        )
    except NotFound:
        return render(request, "content/feedback/not_found.html", status=404)
    except ValidationFailed as exc:
        messages.error(request, "; ".join(m for found in exc.errors.values() for m in found))
        return redirect(back)
    if row.handled:
        messages.success(request, _("Feedback %(id)s marked handled.") % {"id": row.pk})
    else:
        messages.success(request, _("Feedback %(id)s opened again.") % {"id": row.pk})
    return redirect(back)
