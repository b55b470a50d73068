"""PCP roster pages: the roster on screen (plain GET, or htmx swapping the results), and as CSV and PDF.

The views only translate HTTP: they parse the query string with ``roster_params_parse``, ask ``roster_for``
(which scopes to the organization and records every access) and render. Bad input is shown next to its field
with status 400; a location or practitioner that is not the organization's is "not found" (404).
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portico.accounts.actors import actor_for_request, provider_role_required
from portico.accounts.models import ProviderRole
from portico.common.access import Actor
from portico.common.dates import today
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction
from portico.members.roster_pdf import roster_filename, roster_pdf_render
from portico.members.rosters import (
    Roster,
    RosterSort,
    flag_choices,
    line_of_business_choices,
    roster_date_bounds,
    roster_for,
    roster_params_parse,
    sort_choices,
)
from portico.providers.queries import locations_of, practitioners_of

ROWS_PER_PAGE = 100
PARAMS = ("location_id", "practitioner_id", "as_of", "line_of_business", "eligible_only", "flag", "sort", "q")
# Short names people type or link with (the member page takes ``?date=``), read as the full ones.
ALIASES = {"location": "location_id", "practitioner": "practitioner_id", "date": "as_of"}
# Characters that make a spreadsheet read a cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def member_url(member_id: int, as_of: dt.date) -> str:
    """The member's eligibility page on the roster's date."""
    return f"{reverse('members:member', args=[member_id])}?{urlencode({'date': as_of.isoformat()})}"


def _params(request: HttpRequest) -> dict[str, str]:
    """The roster parameters given, under their full names (``page`` included)."""
    given = {ALIASES[key]: request.GET.get(key, "") for key in request.GET if key in ALIASES}
    given.update({key: request.GET.get(key, "") for key in request.GET if key in PARAMS or key == "page"})
    return given


def _form_context(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    organization_id = actor.organization_id or 0
    earliest, latest = roster_date_bounds()
    given = _params(request)
    values = {name: given.get(name, "") for name in PARAMS}
    values["as_of"] = values["as_of"] or today().isoformat()
    values["sort"] = values["sort"] or RosterSort.NAME.value
    return {
        "locations": locations_of(organization_id=organization_id),
        "practitioners": practitioners_of(organization_id=organization_id),
        "lines_of_business": line_of_business_choices(),
        "flags": flag_choices(),
        "sorts": sort_choices(),
        "values": values,
        "errors": {},
        "earliest": earliest,
        "latest": latest,
    }


def _render(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    htmx = _is_htmx(request)
    template = "members/roster_htmx.html" if htmx else "members/roster.html"
    return render(request, template, {**context, "htmx": htmx}, status=status)


def _load(
    request: HttpRequest, *, page_size: int | None, action: AccessAction
) -> tuple[Roster | None, dict[str, Any], HttpResponse | None]:
    """The roster asked for, or the page that says what is wrong (400) or that it was not found (404)."""
    actor = actor_for_request(request)
    context = _form_context(request, actor)
    try:
        params = roster_params_parse(_params(request))
        roster = roster_for(actor=actor, page_size=page_size, action=action, **params.as_kwargs())
    except ValidationFailed as exc:
        return None, context, _render(request, {**context, "errors": exc.errors}, status=400)
    except NotFound:
        return None, context, _render(request, {**context, "not_found": True}, status=404)
    return roster, context, None


def _query(request: HttpRequest) -> str:
    """The request's roster parameters, without the page number, for download and page links."""
    given = _params(request)
    return urlencode([(name, given[name]) for name in PARAMS if given.get(name)])


@never_cache
@provider_role_required(ProviderRole.ELIGIBILITY)
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    """The roster page: the form, and once a location or practitioner is chosen, one page of the roster."""
    if not any(name in PARAMS for name in _params(request)):
        return _render(request, _form_context(request, actor_for_request(request)))
    result, context, problem = _load(request, page_size=ROWS_PER_PAGE, action=AccessAction.ROSTER_VIEW)
    if problem is not None:
        return problem
    assert result is not None
    sort = context["values"]["sort"]
    query = _query(request)
    return _render(
        request,
        {
            **context,
            "roster": result,
            "rows": [{"row": row, "url": member_url(row.member_id, result.as_of)} for row in result.rows],
            "query": query,
            "sort_field": sort.removeprefix("-"),
            "sort_direction": "descending" if sort.startswith("-") else "ascending",
        },
    )


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


@never_cache
@provider_role_required(ProviderRole.ELIGIBILITY)
@require_GET
def roster_csv(request: HttpRequest) -> HttpResponse:
    """The whole roster (every row, with the same filters and order) as CSV."""
    result, _context, problem = _load(request, page_size=None, action=AccessAction.ROSTER_EXPORT)
    if problem is not None:
        return problem
    assert result is not None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{roster_filename(result, extension="csv")}"'
    response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Member ID"),
            _("Last name"),
            _("First name"),
            _("Date of birth"),
            _("Line of business"),
            _("Practitioner"),
            _("Service location"),
            _("Assignment start"),
            _("Assignment end"),
            _("Eligible on %(date)s") % {"date": result.as_of.isoformat()},
            _("Coverage end"),
            _("New this month"),
            _("Assignment ends this month"),
            _("Coverage ends this month"),
        ]
    )
    for row in result.rows:
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    row.member_number,
                    row.last_name,
                    row.first_name,
                    row.birth_date.isoformat(),
                    row.line_of_business,
                    row.practitioner_name,
                    row.location_name,
                    row.assignment_start.isoformat(),
                    row.assignment_end.isoformat() if row.assignment_end else "",
                    _yes_no(row.eligible_on_date),
                    row.coverage_end.isoformat() if row.coverage_end else "",
                    _yes_no(row.new_this_month),
                    _yes_no(row.assignment_ends_this_month),
                    _yes_no(row.coverage_ends_this_month),
                )
            ]
        )
    return response


@never_cache
@provider_role_required(ProviderRole.ELIGIBILITY)
@require_GET
def roster_pdf(request: HttpRequest) -> HttpResponse:
    """The whole roster as a printable PDF."""
    result, _context, problem = _load(request, page_size=None, action=AccessAction.ROSTER_EXPORT)
    if problem is not None:
        return problem
    assert result is not None
    response = HttpResponse(roster_pdf_render(result), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{roster_filename(result, extension="pdf")}"'
    return response
