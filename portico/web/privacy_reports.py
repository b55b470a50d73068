"""The privacy officer's other two reports: the breach-investigation report (every access to a given set of
members in a period, on screen as a summary and as CSV) and the security events (sign-ins, failures, two-step
verification, single sign-on, roles, invitations, tokens)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portico.accounts.actors import actor_for_request, staff_role_required
from portico.accounts.models import SecurityEvent, SecurityEventKind, StaffRole, User
from portico.common.audit import access_events_of_members, audit_range_check, day_start
from portico.common.dates import today
from portico.common.errors import ValidationFailed
from portico.members.lookup import members_by_number_for_privacy_officer
from portico.providers.queries import organization_by_tin, organization_names
from portico.web.privacy import CSV_BATCH, PER_PAGE, _cell, _csv_lines, _Echo, _rows

MAX_BREACH_MEMBERS = 10_000
BREACH_TEMPLATE = "web/privacy_breach.html"
SECURITY_TEMPLATE = "web/privacy_security.html"


def _date_field(label: str, which: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter the %(which)s date like 2026-03-31.") % {"which": which},
            "required": _("Enter the %(which)s date like 2026-03-31.") % {"which": which},
        },
    )


class _Described(forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def check_range(self, cleaned: dict[str, Any]) -> None:
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            try:
                audit_range_check(date_from=date_from, date_to=date_to)
            except ValidationFailed as failed:
                for field, messages in failed.errors.items():
                    for message in messages:
                        self.add_error(field, message)


class BreachForm(_Described):
    member_ids = forms.CharField(
        label=gettext_lazy("Member IDs"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=gettext_lazy("The plan member IDs of the members concerned: one per line, or separated by commas."),
        error_messages={"required": gettext_lazy("Enter at least one member ID.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["date_from"] = _date_field(_("From"), _("start"))
        self.fields["date_to"] = _date_field(_("To"), _("end"))
        self.found: dict[str, int] = {}
        self.unknown: list[str] = []

    def clean_member_ids(self) -> list[str]:
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data["member_ids"]) if n]
        if len(numbers) > MAX_BREACH_MEMBERS:
            raise forms.ValidationError(
                _("At most %(max)s member IDs at a time; split the list.") % {"max": f"{MAX_BREACH_MEMBERS:,}"}
            )
        self.found = members_by_number_for_privacy_officer(user=self.user, member_numbers=numbers)
        normalized = ["".join(n.split()).replace("-", "").upper() for n in numbers]
        self.unknown = sorted({n for n in normalized if n not in self.found})
        if not self.found:
            raise forms.ValidationError(_("None of these member IDs belongs to a member."))
        return normalized

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_range(cleaned)
        return cleaned


@staff_role_required(StaffRole.PRIVACY_OFFICER)
def breach(request: HttpRequest) -> HttpResponseBase:
    """Paste the members concerned and a period: a summary on screen, every access as CSV (both recorded)."""
    user = cast(User, request.user)
    if request.method != "POST":
        initial = {"date_to": today(), "date_from": today() - dt.timedelta(days=365)}
        return render(request, BREACH_TEMPLATE, {"form": BreachForm(initial=initial, user=user)})
    form = BreachForm(request.POST, user=user)
    if not form.is_valid():
        return render(request, BREACH_TEMPLATE, {"form": form}, status=400)
    export = request.POST.get("action") == "csv"
    events = access_events_of_members(
        actor=actor_for_request(request),
        member_ids=sorted(form.found.values()),
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        export=export,
    )
    period = f"{form.cleaned_data['date_from'].isoformat()}-to-{form.cleaned_data['date_to'].isoformat()}"
    if export:
        response = StreamingHttpResponse(
            _csv_lines(user=user, events=events.iterator(chunk_size=CSV_BATCH)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="breach-investigation-{period}.csv"'
        response["Cache-Control"] = "no-store"
        return response
    by_org: Counter[int | None] = Counter()
    by_user: Counter[int] = Counter()
    members_seen: set[int | None] = set()
    total = 0
    for organization_id, user_id, member_id in events.values_list("organization_id", "user_id", "member_id").iterator(
        chunk_size=CSV_BATCH
    ):
        total += 1
        by_org[organization_id] += 1
        by_user[user_id] += 1
        members_seen.add(member_id)
    names = organization_names(o for o in by_org if o is not None)
    usernames = dict(User.objects.filter(pk__in=list(by_user)).values_list("pk", "username"))
    return render(
        request,
        BREACH_TEMPLATE,
        {
            "form": form,
            "summary": {
                "total": total,
                "members_asked": len(form.found) + len(form.unknown),
                "members_found": len(form.found),
                "members_accessed": len(members_seen),
                "unknown": form.unknown[:50],
                "unknown_more": max(0, len(form.unknown) - 50),
                "by_org": [
                    (names.get(o, f"#{o}") if o is not None else _("Plan staff"), n) for o, n in by_org.most_common(20)
                ],
                "by_user": [(usernames.get(u, f"#{u}"), n) for u, n in by_user.most_common(20)],
                "sample": _rows(user=user, events=events[:PER_PAGE]),
            },
        },
    )


class SecuritySearchForm(_Described):
    use_required_attribute = False
    username = forms.CharField(label=gettext_lazy("Username"), required=False, max_length=150)
    organization = forms.CharField(label=gettext_lazy("Organization TIN"), required=False, max_length=11)
    kind = forms.ChoiceField(
        label=gettext_lazy("Event"),
        required=False,
        choices=[("", gettext_lazy("Any event")), *SecurityEventKind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_from"] = _date_field(_("From"), _("start"))
        self.fields["date_to"] = _date_field(_("To"), _("end"))
        self.organization_pk: int | None = None

    def clean_organization(self) -> str:
        raw = self.cleaned_data["organization"].strip()
        tin = "".join(ch for ch in raw if ch.isdigit())
        if raw:
            found = organization_by_tin(tin) if len(tin) == 9 else None
            if found is None:
                raise forms.ValidationError(_("No provider organization has that TIN."))
            self.organization_pk = found
        return tin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_range(cleaned)
        return cleaned

    def events(self) -> Any:
        data = self.cleaned_data
        rows = SecurityEvent.objects.filter(
            occurred_at__gte=day_start(data["date_from"]),
            occurred_at__lt=day_start(data["date_to"] + dt.timedelta(days=1)),
        )
        if data["username"]:
            rows = rows.filter(username=data["username"])
        if self.organization_pk is not None:
            rows = rows.filter(organization_id=self.organization_pk)
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        return rows.order_by("-occurred_at", "-id")


def _security_form(request: HttpRequest) -> SecuritySearchForm:
    data = request.GET.copy()
    data.pop("page", None)
    if not data.get("date_to"):
        data["date_to"] = today().isoformat()
    if not data.get("date_from"):
        data["date_from"] = (today() - dt.timedelta(days=30)).isoformat()
    return SecuritySearchForm(data)


@staff_role_required(StaffRole.PRIVACY_OFFICER)
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    """Search the security events by person, organization, event and period; 50 a page, newest first."""
    form = _security_form(request)
    if not form.is_valid():
        return render(request, SECURITY_TEMPLATE, {"form": form}, status=400)
    page = Paginator(form.events(), PER_PAGE).get_page(request.GET.get("page"))
    names = organization_names(e.organization_id for e in page if e.organization_id is not None)
    return render(
        request,
        SECURITY_TEMPLATE,
        {
            "form": form,
            "page": page,
            "rows": [(e, names.get(e.organization_id or 0, "")) for e in page],
            "query": form.data.urlencode(),  # type: ignore[attr-defined]
        },
    )


def _security_lines(events: Iterator[SecurityEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    zone = timezone.get_default_timezone()
    yield writer.writerow(["occurred_at", "event", "user", "organization", "ip_address", "detail"])
    while batch := list(islice(events, CSV_BATCH)):
        names = organization_names(e.organization_id for e in batch if e.organization_id is not None)
        for e in batch:
            yield writer.writerow(
                [
                    timezone.localtime(e.occurred_at, zone).isoformat(),
                    e.kind_label,
                    _cell(e.username),
                    _cell(names.get(e.organization_id or 0, "")),
                    e.ip_address or "",
                    _cell(e.detail),
                ]
            )


@staff_role_required(StaffRole.PRIVACY_OFFICER)
@require_GET
def security_csv(request: HttpRequest) -> HttpResponseBase:
    form = _security_form(request)
    if not form.is_valid():
        return render(request, SECURITY_TEMPLATE, {"form": form}, status=400)
    response = StreamingHttpResponse(
        _security_lines(form.events().iterator(chunk_size=CSV_BATCH)), content_type="text/csv; charset=utf-8"
    )
    period = f"{form.cleaned_data['date_from'].isoformat()}-to-{form.cleaned_data['date_to'].isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="security-events-{period}.csv"'
    response["Cache-Control"] = "no-store"
    return response
