"""Payment pages. Providers (Payments & remittance role), mounted at /remittance/: the organization's payments
with search, a payment's remittance (claims → lines → adjustments, provider-level adjustments), a print view and
the PDF. Plan staff (plan administrator or claims examiner), mounted at /payments/: payment runs, a preview of
the next, "start a payment run now", and a run's payments.

The views only translate HTTP. Another organization's payment answers "not found" (404). Bad search input is
shown next to its field with status 400.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portico.accounts.actors import actor_for_request, provider_role_required, staff_role_required
from portico.accounts.models import ProviderRole, StaffRole
from portico.common.errors import NotFound
from portico.payments.models import Payment, PaymentMethod, RunTrigger
from portico.payments.pdf import remittance_filename, remittance_render
from portico.payments.queries import (
    PaymentFilters,
    access_payment,
    payment_list,
    payment_run_get,
    payment_runs,
    run_payments,
)
from portico.payments.services import payment_run_execute, payment_run_preview
from portico.payments.tasks import payment_run_can_schedule, payment_run_scheduled

payments_required = provider_role_required(ProviderRole.PAYMENTS)
runs_required = staff_role_required(StaffRole.ADMINISTRATOR, StaffRole.CLAIMS_EXAMINER)
PAGE_SIZE = 25
FILTER_FIELDS = ("number", "paid_from", "paid_to", "amount_min", "amount_max", "icn", "member_id")


def _day(values: dict[str, str], name: str, errors: dict[str, list[str]]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(values[name]) if values[name] else None
    except ValueError:
        errors[name] = [_("Enter a date like 2026-06-01.")]
        return None


def _amount(values: dict[str, str], name: str, errors: dict[str, list[str]]) -> Decimal | None:
    if not values[name]:
        return None
    try:
        found = Decimal(values[name].replace(",", "").lstrip("$"))
    except InvalidOperation:
        found = None
    if found is None or not found.is_finite() or abs(found) >= Decimal("1e12"):
        errors[name] = [_("Enter an amount such as 100 or 100.00.")]
        return None
    return found


def _filters(request: HttpRequest) -> tuple[PaymentFilters, dict[str, str], dict[str, list[str]]]:
    values = {name: request.GET.get(name, "").strip()[:40] for name in FILTER_FIELDS}
    errors: dict[str, list[str]] = {}
    filters = PaymentFilters(
        number=values["number"].replace(" ", ""),
        paid_from=_day(values, "paid_from", errors),
        paid_to=_day(values, "paid_to", errors),
        amount_min=_amount(values, "amount_min", errors),
        amount_max=_amount(values, "amount_max", errors),
        icn=values["icn"].replace(" ", "").upper(),
        member_id=values["member_id"].replace(" ", "").replace("-", "").upper(),
    )
    return filters, values, errors


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/not_found.html", status=404)


@never_cache
@payments_required
@require_GET
def remittance_list(request: HttpRequest) -> HttpResponse:
    """The organization's payments, newest first; search by trace or check number, date, amount, claim, member."""
    filters, values, errors = _filters(request)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    page = payment_list(
        actor=actor_for_request(request), filters=filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return render(
        request,
        "payments/list.html",
        {
            "page": page,
            "pager": Paginator(range(page.total), PAGE_SIZE).get_page(number),
            "query": urlencode({k: v for k, v in values.items() if v}),
            "values": values,
            "errors": errors,
            "error_links": [(f"id_{k}", m) for k, found in errors.items() for m in found],
        },
        status=400 if errors else 200,
    )


def _payment(request: HttpRequest, payment_id: int, what: str) -> Payment | None:
    try:
        return access_payment(actor=actor_for_request(request), payment_id=payment_id, what=what)
    except NotFound:
        return None


@never_cache
@payments_required
@require_GET
def remittance_detail(request: HttpRequest, payment_id: int) -> HttpResponse:
    """One payment: its claims, each line and every adjustment explained, and provider-level adjustments."""
    payment = _payment(request, payment_id, "remittance")
    if payment is None:
        return _not_found(request)
    membership = getattr(request, "membership", None)
    claims_link = membership is not None and membership.has_role(ProviderRole.CLAIMS)
    return render(request, "payments/detail.html", {"payment": payment, "claims_link": claims_link})


@never_cache
@payments_required
@require_GET
def remittance_print(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _payment(request, payment_id, "remittance print")
    if payment is None:
        return _not_found(request)
    return render(request, "payments/print.html", {"payment": payment})


@never_cache
@payments_required
@require_GET
def remittance_pdf(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _payment(request, payment_id, "remittance PDF")
    if payment is None:
        return _not_found(request)
    response = HttpResponse(remittance_render(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{remittance_filename(payment)}"'
    return response


@never_cache
@runs_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    """Payment runs, newest first, with a preview of what a run now would pay and the button to start one."""
    if request.method == "POST":
        run = payment_run_execute(as_of=timezone.localdate(), started_by=request.user, trigger=RunTrigger.MANUAL)  # type: ignore[arg-type]
        claims = ngettext("%(count)s claim", "%(count)s claims", run.claim_count) % {"count": run.claim_count}
        payments = ngettext("%(count)s payment", "%(count)s payments", run.payment_count) % {"count": run.payment_count}
        messages.success(
            request,
            _("Payment run %(id)s done: %(claims)s, %(payments)s.")
            % {"id": run.pk, "claims": claims, "payments": payments},
        )
        return redirect("payment_runs:detail", run_id=run.pk)
    pager = Paginator(payment_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "pager": pager,
        "preview": payment_run_preview(),
        "queue": payment_run_can_schedule(),  # else runs come from cron, which the page cannot see
        "scheduled": payment_run_scheduled(),
    }
    return render(request, "payments/runs.html", context)


@never_cache
@runs_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        run = payment_run_get(run_id)
    except NotFound:
        return render(request, "payments/run_not_found.html", status=404)
    return render(
        request,
        "payments/run_detail.html",
        {"run": run, "payments": list(run_payments(run)), "no_payment": PaymentMethod.NONE},
    )
