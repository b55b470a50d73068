"""The privacy officer's access audit: search the access events, and download them as CSV.

The CSV of one member's events over a period is the accounting of disclosures for that member. Both pages
are for plan staff with the privacy-officer role; the download is itself recorded as an access event.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from portico.accounts.actors import actor_for_request, staff_role_required
from portico.accounts.models import StaffRole, User
from portico.common.audit import AuditCriteria, access_events_export, access_events_view, audit_range_check
from portico.common.dates import today
from portico.common.errors import ValidationFailed
from portico.common.models import AccessAction, AccessEvent, Channel
from portico.members.lookup import MemberLabel, member_for_privacy_officer, member_labels_for_privacy_officer
from portico.providers.queries import organization_by_tin, organization_names

PER_PAGE = 50
DEFAULT_RANGE_DAYS = 30
CSV_BATCH = 500
CSV_COLUMNS = [
    "occurred_at",
    "user",
    "user_full_name",
    "organization",
    "member_id",
    "member_name",
    "action",
    "channel",
    "detail",
    "ip_address",
]
TEMPLATE = "web/privacy_events.html"


class AuditSearchForm(forms.Form):
    """The search, from the query string. Dates left blank mean the last 30 days."""

    # Blank dates are filled with the default range, so no field is required of the person.
    use_required_attribute = False

    member_id = forms.CharField(
        label=gettext_lazy("Member ID"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("The plan's member ID, such as CH123456789."),
    )
    username = forms.CharField(
        label=gettext_lazy("Username"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("The portal username of the person who acted, exactly."),
    )
    organization = forms.CharField(
        label=gettext_lazy("Organization TIN"),
        required=False,
        max_length=11,
        help_text=gettext_lazy("The provider organization's tax ID, 9 digits."),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Enter the start date like 2026-03-31."),
            "required": gettext_lazy("Enter the start date like 2026-03-31."),
        },
        help_text=gettext_lazy("First day, included."),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Enter the end date like 2026-03-31."),
            "required": gettext_lazy("Enter the end date like 2026-03-31."),
        },
        help_text=gettext_lazy("Last day, included."),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any action")), *AccessAction.choices],
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("Any channel")), *Channel.choices],
    )

    def __init__(self, data: QueryDict, *, user: User) -> None:
        super().__init__(data)
        self.user = user
        self.member_pk: int | None = None
        self.organization_pk: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict, *, user: User) -> AuditSearchForm:
        """Bind the query string, filling blank dates with the default range so the form shows them."""
        data = query.copy()
        data.pop("page", None)
        current = today()
        if not str(data.get("date_to", "")).strip():
            data["date_to"] = current.isoformat()
        if not str(data.get("date_from", "")).strip():
            try:
                end = dt.date.fromisoformat(str(data["date_to"]))
            except ValueError:
                end = current
            data["date_from"] = (end - dt.timedelta(days=DEFAULT_RANGE_DAYS)).isoformat()
        return cls(data, user=user)

    def clean_member_id(self) -> str:
        number: str = self.cleaned_data["member_id"].strip()
        if number:
            member = member_for_privacy_officer(user=self.user, member_number=number)
            if member is None:
                raise forms.ValidationError(_("No member has that member ID."), code="unknown_member")
            self.member_pk = member.pk
        return number

    def clean_organization(self) -> str:
        tin = "".join(ch for ch in self.cleaned_data["organization"] if ch.isdigit())
        if self.cleaned_data["organization"].strip():
            found = organization_by_tin(tin) if len(tin) == 9 else None
            if found is None:
                raise forms.ValidationError(_("No provider organization has that TIN."), code="unknown_organization")
            self.organization_pk = found
        return tin

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if username and not User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("No user has that username."), code="unknown_user")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to:
            try:
                audit_range_check(date_from=date_from, date_to=date_to)
            except ValidationFailed as failed:
                for field, messages in failed.errors.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each message to its field for screen readers (the hint stays described too).
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                described = [f"{bound.auto_id}-error"]
                if self.fields[name].help_text:
                    described.append(f"{bound.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def criteria(self) -> AuditCriteria:
        """The search as keyword arguments for ``access_events_search`` (valid forms only)."""
        data = self.cleaned_data
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "member_id": self.member_pk,
            "username": data["username"] or None,
            "organization_id": self.organization_pk,
            "action": data["action"] or None,
            "channel": data["channel"] or None,
        }

    def query_string(self) -> str:
        """The search as a query string, with the dates actually used (for the CSV link)."""
        return cast(QueryDict, self.data).urlencode()


@dataclass(frozen=True)
class AuditRow:
    """One access event with the names behind its ids (None when the record no longer exists)."""

    event: AccessEvent
    organization: str | None
    member: MemberLabel | None

    @property
    def organization_label(self) -> str:
        """The organization's legal name; its internal id ("#12") if it is gone; blank for plan staff."""
        if self.organization is not None:
            return self.organization
        return "" if self.event.organization_id is None else f"#{self.event.organization_id}"

    @property
    def member_label(self) -> str:
        """The member's plan member ID; their internal id ("#34") if the record is gone; blank if none."""
        if self.member is not None:
            return self.member.member_number
        return "" if self.event.member_id is None else f"#{self.event.member_id}"


def _rows(*, user: User, events: Iterable[AccessEvent]) -> list[AuditRow]:
    """Events with their organization and member names: two queries for any number of events."""
    events = list(events)
    members = member_labels_for_privacy_officer(
        user=user, member_ids=[e.member_id for e in events if e.member_id is not None]
    )
    organizations = organization_names(e.organization_id for e in events if e.organization_id is not None)
    return [
        AuditRow(
            event=e,
            organization=organizations.get(e.organization_id) if e.organization_id is not None else None,
            member=members.get(e.member_id) if e.member_id is not None else None,
        )
        for e in events
    ]


def _invalid(request: HttpRequest, form: AuditSearchForm) -> HttpResponse:
    return render(request, TEMPLATE, {"form": form}, status=400)


@staff_role_required(StaffRole.PRIVACY_OFFICER)
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """Search access events by member, user, dates, action and channel; 50 a page, newest first."""
    user = cast(User, request.user)
    form = AuditSearchForm.from_query(request.GET, user=user)
    if not form.is_valid():
        return _invalid(request, form)
    found = access_events_view(actor=actor_for_request(request), **form.criteria())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "searched": True,
            "page": page,
            "rows": _rows(user=user, events=page.object_list),
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
            "csv_query": form.query_string(),
        },
    )


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _batches(events: Iterator[AccessEvent], size: int) -> Iterator[list[AccessEvent]]:
    while batch := list(islice(events, size)):
        yield batch


def _cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_lines(*, user: User, events: Iterator[AccessEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    plan_zone = timezone.get_default_timezone()
    yield writer.writerow(CSV_COLUMNS)
    for batch in _batches(events, CSV_BATCH):
        for row in _rows(user=user, events=batch):
            event = row.event
            yield writer.writerow(
                [
                    timezone.localtime(event.occurred_at, plan_zone).isoformat(),
                    _cell(event.user.username),
                    _cell(event.user.get_full_name()),
                    _cell(row.organization_label),
                    row.member_label,
                    _cell(row.member.display_name) if row.member else "",
                    event.get_action_display(),
                    event.get_channel_display(),
                    _cell(event.detail),
                    event.ip_address or "",
                ]
            )


@staff_role_required(StaffRole.PRIVACY_OFFICER)
@require_GET
def events_csv(request: HttpRequest) -> HttpResponseBase:
    """The same search as a CSV download (streamed): for one member, the accounting of disclosures."""
    user = cast(User, request.user)
    form = AuditSearchForm.from_query(request.GET, user=user)
    if not form.is_valid():
        return _invalid(request, form)
    criteria = form.criteria()
    events = access_events_export(actor=actor_for_request(request), **criteria)
    response = StreamingHttpResponse(_csv_lines(user=user, events=events), content_type="text/csv; charset=utf-8")
    filename = f"access-events-{criteria['date_from'].isoformat()}-to-{criteria['date_to'].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
