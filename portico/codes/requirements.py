"""Does this service need a prior authorization, and where is it sent? One engine for the page and the API.

The seed's three steps, done by the machine, for each service line on the date of service:

1. the code is on the line of business's **No-Auth list** → no authorization is needed;
2. the code is on a **specialty vendor's list** and the vendor reviews that date of service (on or after its
   start date) → send the request to the vendor, with the vendor's category;
3. otherwise → send it to the plan's own utilization management.

A code that is not valid on the date (terminated, not yet effective, a header, or no such CPT/HCPCS code) is
answered **invalid** with the reason. Every answer names the rule and the list version that decided it. The
lists and the vendors' dates are data (``codes.models``), looked up by the date of service.

The plan's own UM contact (where step 3 sends a request) is ``PLAN_REVIEW_CONTACT`` below; an operator can
override it with ``settings.PORTICO_PLAN_UM_CONTACT`` (from PORTICO_PLAN_UM_PHONE / _FAX).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.accounts.models import ProviderRole
from portico.accounts.queries import membership_for
from portico.codes.checks import CheckStatus, code_check, systems_for_shape
from portico.codes.list_queries import (
    ListInForce,
    LobLists,
    entries_for_codes,
    line_of_business_by_code,
    lines_of_business,
    lists_in_force,
)
from portico.codes.list_services import LIST_SYSTEMS
from portico.codes.models import CodeListEntry, ReviewVendor
from portico.common.access import Actor
from portico.common.dates import add_months, today
from portico.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from portico.members.eligibility import (
    NOT_FOUND_MESSAGE,
    EligibilityInquiry,
    EligibilityStatus,
    eligibility_check,
    eligibility_inquiry_parse,
)
from portico.plans.models import LineOfBusiness

MAX_LINES = 50
MAX_MODIFIERS = 4
MAX_UNITS = 9999
MONTHS_BACK = 24
MONTHS_AHEAD = 12
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_POS = re.compile(r"^[0-9]{1,2}$")

# Demo values (555-0100..0199 is reserved for fiction); a plan sets its own: settings.PORTICO_PLAN_UM_CONTACT.
PLAN_REVIEW_CONTACT = {
    "phone": "503-555-0142",
    "fax": "503-555-0143",
    "how_to_submit": gettext_lazy(
        "Fax the request with the clinical notes to %(plan)s Utilization Management, or call for an expedited "
        "(urgent) request. Standard requests are decided within 7 calendar days, expedited ones within 72 hours."
    ),
}


class Outcome(StrEnum):
    NO_AUTH = "no_auth"
    VENDOR = "vendor"
    PLAN = "plan"
    INVALID = "invalid"


class Rule(StrEnum):
    """Which step of the routing decided a line."""

    NO_AUTH_LIST = "no_auth_list"
    VENDOR_LIST = "vendor_list"
    VENDOR_NOT_STARTED = "vendor_not_started"
    NOT_LISTED = "not_listed"
    INVALID_CODE = "invalid_code"
    INVALID_MODIFIER = "invalid_modifier"


class RequirementErrorCode(StrEnum):
    NOT_COVERED = "not_covered"
    LINE_OF_BUSINESS_MISMATCH = "line_of_business_mismatch"


@dataclass(frozen=True, slots=True)
class ServiceLine:
    code: str
    modifiers: tuple[str, ...] = ()
    place_of_service: str = ""
    units: int = 1

    @property
    def written(self) -> str:
        """The code with its modifiers, the way ``code_check`` reads it: ``99213-25``."""
        return "-".join((self.code, *self.modifiers))


@dataclass(frozen=True, slots=True)
class SubmitTo:
    """Where and how to send a request for a routed line."""

    name: str
    phone: str
    fax: str
    how_to_submit: str


@dataclass(frozen=True, slots=True)
class DecidingList:
    """A list version, as an answer cites it."""

    list_id: int
    list_name: str
    kind: str
    vendor_key: str
    vendor_name: str
    version_id: int
    version_number: int
    effective: dt.date
    ends: dt.date | None

    @classmethod
    def of(cls, source: ListInForce) -> DecidingList:
        vendor = source.vendor
        return cls(
            list_id=source.code_list.pk,
            list_name=source.code_list.name,
            kind=source.code_list.kind,
            vendor_key=vendor.key if vendor else "",
            vendor_name=vendor.name if vendor else "",
            version_id=source.version.pk,
            version_number=source.version.number,
            effective=source.version.effective,
            ends=source.ends,
        )


@dataclass(frozen=True, slots=True)
class LineAnswer:
    number: int  # 1-based position of the line in the request
    line: ServiceLine
    code: str  # normalized
    display: str
    description: str
    code_status: str  # CheckStatus
    outcome: Outcome
    rule: Rule
    explanation: str
    vendor: ReviewVendor | None = None
    category: str = ""
    note: str = ""
    decided_by: DecidingList | None = None
    submit_to: SubmitTo | None = None
    warning: str = ""

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome, vendor=self.vendor, plan=self.submit_to.name if self.submit_to else "")


@dataclass(frozen=True)
class RequirementAnswer:
    line_of_business: LineOfBusiness
    date_of_service: dt.date
    lines: list[LineAnswer]
    lists_checked: list[DecidingList]
    plan_contact: SubmitTo
    from_member: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def destinations(self) -> list[SubmitTo]:
        """Each place a routed line goes, once, in the order the lines name them."""
        seen: dict[str, SubmitTo] = {}
        for line in self.lines:
            if line.submit_to is not None:
                seen.setdefault(line.submit_to.name, line.submit_to)
        return list(seen.values())


@dataclass(frozen=True)
class RequirementRequest:
    date_of_service: dt.date
    lines: tuple[ServiceLine, ...]
    numbers: tuple[int, ...]  # each line's 0-based position in the input, for messages naming it
    line_of_business: LineOfBusiness | None = None
    member_id: str = ""
    birth_date: dt.date | None = None


def outcome_label(outcome: Outcome, *, vendor: ReviewVendor | None = None, plan: str = "") -> str:
    if outcome == Outcome.NO_AUTH:
        return _("No authorization needed")
    if outcome == Outcome.VENDOR:
        return _("Send to %(vendor)s") % {"vendor": vendor.name if vendor else ""}
    if outcome == Outcome.PLAN:
        return _("Send to %(plan)s") % {"plan": plan}
    return _("Invalid code")


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def requirement_date_bounds(*, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Dates of service one may ask about: two years back (retrospective requests) to a year ahead."""
    day = on or today()
    return add_months(day, -MONTHS_BACK), add_months(day, MONTHS_AHEAD)


def plan_review_contact(*, line_of_business: LineOfBusiness) -> SubmitTo:
    """The plan's utilization management: where a line no list routes elsewhere is sent."""
    overrides = cast("dict[str, object]", getattr(settings, "PORTICO_PLAN_UM_CONTACT", None) or {})
    configured: dict[str, object] = {**PLAN_REVIEW_CONTACT, **overrides}
    plan = line_of_business.plan.name
    return SubmitTo(
        name=plan,
        phone=str(configured["phone"]),
        fax=str(configured["fax"]),
        how_to_submit=str(configured["how_to_submit"]) % {"plan": plan},
    )


def vendor_contact(vendor: ReviewVendor) -> SubmitTo:
    return SubmitTo(name=vendor.name, phone=vendor.phone, fax=vendor.fax, how_to_submit=vendor.how_to_submit)


# ---- input --------------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _parse_date(raw: object, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if not text:
        return today()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors["date_of_service"] = [_("The date of service must be a date like 2026-05-01 or 05/01/2026.")]
    return None


def _parse_line(index: int, raw: Mapping[str, object], errors: dict[str, list[str]]) -> ServiceLine | None:
    prefix = f"lines.{index}"
    written = _text(raw.get("code")).upper()
    raw_modifiers = raw.get("modifiers") or ()
    if isinstance(raw_modifiers, str):
        raw_modifiers = re.split(r"[\s,;]+", raw_modifiers)
    modifiers = [_text(m).upper() for m in raw_modifiers if _text(m)] if isinstance(raw_modifiers, list | tuple) else []
    if "-" in written:  # 99213-25: the modifiers written onto the code
        written, *attached = [part.strip() for part in written.split("-")]
        modifiers = [m for m in attached if m] + modifiers
    problems_before = len(errors)
    if not written:
        errors[f"{prefix}.code"] = [_("Enter the procedure code (CPT or HCPCS), such as 99213 or E0601.")]
    elif len(written) > 20:
        errors[f"{prefix}.code"] = [_("A procedure code is at most 20 characters.")]
    bad = [m for m in modifiers if not _MODIFIER.match(m)]
    if bad:
        errors[f"{prefix}.modifiers"] = [
            _("A modifier is two letters or digits, such as 25 or RT: %(bad)s.") % {"bad": ", ".join(bad)}
        ]
    elif len(modifiers) > MAX_MODIFIERS:
        errors[f"{prefix}.modifiers"] = [_("A service line takes at most %(n)s modifiers.") % {"n": MAX_MODIFIERS}]
    pos = _text(raw.get("place_of_service"))
    if pos and not _POS.match(pos):
        errors[f"{prefix}.place_of_service"] = [_("The place of service is a two-digit code, such as 11 (office).")]
    raw_units = raw.get("units")
    units = 1
    if _text(raw_units):
        try:
            units = int(_text(raw_units))
        except ValueError:
            units = 0
        if not 1 <= units <= MAX_UNITS:
            errors[f"{prefix}.units"] = [_("Units are a whole number from 1 to %(max)s.") % {"max": MAX_UNITS}]
    if len(errors) > problems_before:
        return None
    return ServiceLine(
        code=written, modifiers=tuple(modifiers), place_of_service=pos.zfill(2) if pos else "", units=units
    )


def _is_blank(raw: Mapping[str, object]) -> bool:
    modifiers = raw.get("modifiers")
    written = modifiers if isinstance(modifiers, list | tuple) else [modifiers]
    return not (_text(raw.get("code")) or _text(raw.get("place_of_service")) or any(_text(m) for m in written))


def requirement_request_parse(data: Mapping[str, object], *, skip_blank_lines: bool = False) -> RequirementRequest:
    """Validate raw input (form or JSON). Raises ValidationFailed naming every bad field: ``line_of_business``,
    ``member_id``, ``birth_date``, ``date_of_service``, ``lines``, ``lines.<n>.code`` (0-based n), ...

    A page's empty line rows are left out with ``skip_blank_lines`` (their positions still number the others).
    """
    errors: dict[str, list[str]] = {}
    day = _parse_date(data.get("date_of_service"), errors)
    if day is not None:
        earliest, latest = requirement_date_bounds()
        if not earliest <= day <= latest:
            errors["date_of_service"] = [
                _("The date of service must be between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            ]
    lob_code = _text(data.get("line_of_business"))
    line_of_business = line_of_business_by_code(lob_code) if lob_code else None
    if lob_code and line_of_business is None:
        choices = ", ".join(f"{lob.code} ({lob.name})" for lob in lines_of_business())
        errors["line_of_business"] = [
            _("%(code)s is not one of the plan's lines of business: %(choices)s.")
            % {"code": lob_code, "choices": choices}
        ]
    member_id = _text(data.get("member_id"))
    birth_date: dt.date | None = None
    if member_id or _text(data.get("birth_date")):
        try:
            inquiry = eligibility_inquiry_parse(
                {"member_id": member_id, "birth_date": data.get("birth_date"), "date_of_service": today()}
            )
            member_id, birth_date = inquiry.member_id, inquiry.birth_date
            if not member_id:
                errors["member_id"] = [_("Enter the member ID with the date of birth.")]
        except ValidationFailed as exc:
            for key in ("member_id", "birth_date"):
                if key in exc.errors:
                    errors[key] = exc.errors[key]
            if "member_id" not in exc.errors and not member_id:
                errors["member_id"] = [_("Enter the member ID with the date of birth.")]
    elif not lob_code:
        errors["line_of_business"] = [
            _("Choose the line of business, or give the member ID and date of birth to find it.")
        ]
    raw_lines = data.get("lines")
    lines: list[ServiceLine] = []
    numbers: list[int] = []
    if not isinstance(raw_lines, list | tuple):
        raw_lines = []
    if len(raw_lines) > MAX_LINES:
        errors["lines"] = [_("Ask about at most %(n)s service lines at a time.") % {"n": MAX_LINES}]
    else:
        for index, raw in enumerate(raw_lines):
            if not isinstance(raw, Mapping):
                errors[f"lines.{index}"] = [_("A service line has a code, modifiers, place of service and units.")]
                continue
            if skip_blank_lines and _is_blank(raw):
                continue
            line = _parse_line(index, raw, errors)
            if line is not None:
                lines.append(line)
                numbers.append(index)
        if not lines and not any(key.startswith("lines.") for key in errors):
            key = "lines.0.code" if skip_blank_lines else "lines"
            errors[key] = [_("Enter at least one service line with its procedure code.")]
    if errors:
        raise ValidationFailed(errors)
    assert day is not None
    return RequirementRequest(
        date_of_service=day,
        lines=tuple(lines),
        numbers=tuple(numbers),
        line_of_business=line_of_business,
        member_id=member_id,
        birth_date=birth_date,
    )


# ---- the answer ---------------------------------------------------------------------------------------------


def _system_of(written: str) -> str:
    return next((s for s in systems_for_shape(written) if s in LIST_SYSTEMS), LIST_SYSTEMS[0])


def _entry(
    found: dict[int, dict[str, list[CodeListEntry]]], source: ListInForce, code: str, system: str
) -> CodeListEntry | None:
    return next((e for e in found.get(source.version.pk, {}).get(code, []) if e.system == system), None)


def prior_auth_requirements(
    *, line_of_business: LineOfBusiness, day: dt.date, lines: Sequence[ServiceLine], numbers: Sequence[int] = ()
) -> RequirementAnswer:
    """The answer for each service line on the date of service, for the line of business."""
    lists = lists_in_force(line_of_business=line_of_business, day=day)
    plan = plan_review_contact(line_of_business=line_of_business)
    checks = [code_check(written=line.written, day=day, systems=LIST_SYSTEMS) for line in lines]
    sources = [*lists.in_force, *lists.waiting]
    found = entries_for_codes(sources=sources, codes=[c.code for c in checks if c.code])
    answers = []
    for position, (line, check) in enumerate(zip(lines, checks, strict=True)):
        number = (numbers[position] if position < len(numbers) else position) + 1
        system = check.found.system if check.found else _system_of(line.code)
        on = {s.version.pk: _entry(found, s, check.code, system) for s in sources}
        listed = any(on.values())
        code_text = check.found.display if check.found else check.code
        base = {
            "number": number,
            "line": line,
            "code": check.code,
            "display": code_text,
            "description": check.found.short_description if check.found else "",
            "code_status": str(check.status),
        }
        unknown = check.status == CheckStatus.INVALID and check.found is None
        if check.status != CheckStatus.VALID and not (unknown and listed):
            answers.append(
                LineAnswer(
                    **base,  # type: ignore[arg-type]
                    outcome=Outcome.INVALID,
                    rule=Rule.INVALID_CODE,
                    explanation=check.message + " " + _("Correct the code and check again."),
                )
            )
            continue
        bad_modifier = next((m for m in check.modifiers if not m.ok), None)
        if bad_modifier is not None:
            answers.append(
                LineAnswer(
                    **base,  # type: ignore[arg-type]
                    outcome=Outcome.INVALID,
                    rule=Rule.INVALID_MODIFIER,
                    explanation=_("Modifier %(modifier)s: %(message)s")
                    % {"modifier": bad_modifier.text.upper(), "message": bad_modifier.message},
                )
            )
            continue
        warning = (
            _("%(code)s is not among the loaded code sets; the answer follows the plan's lists.") % {"code": code_text}
            if unknown
            else ""
        )
        answers.append(
            _routed(base=base, lists_=lists, on=on, code_text=code_text, day=day, plan=plan, warning=warning)
        )
    return RequirementAnswer(
        line_of_business=line_of_business,
        date_of_service=day,
        lines=answers,
        lists_checked=[DecidingList.of(s) for s in lists.in_force],
        plan_contact=plan,
    )


def _routed(
    *,
    base: dict[str, object],
    lists_: LobLists,
    on: dict[int, CodeListEntry | None],
    code_text: str,
    day: dt.date,
    plan: SubmitTo,
    warning: str,
) -> LineAnswer:
    no_auth = lists_.no_auth
    if no_auth is not None and (entry := on.get(no_auth.version.pk)) is not None:
        return LineAnswer(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.NO_AUTH,
            rule=Rule.NO_AUTH_LIST,
            explanation=_(
                "%(code)s is on the %(list)s, version %(number)s, in force from %(date)s: no prior authorization "
                "is needed."
            )
            % {
                "code": code_text,
                "list": no_auth.code_list.name,
                "number": no_auth.version.number,
                "date": _day(no_auth.version.effective),
            },
            category=entry.category,
            note=entry.note,
            decided_by=DecidingList.of(no_auth),
            warning=warning,
        )
    for source in lists_.vendors:
        entry = on.get(source.version.pk)
        vendor = source.vendor
        if entry is None or vendor is None:
            continue
        return LineAnswer(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.VENDOR,
            rule=Rule.VENDOR_LIST,
            explanation=_(
                "%(code)s is on the %(list)s, version %(number)s, in force from %(date)s (category: %(category)s), "
                "and %(vendor)s reviews dates of service from %(start)s: send the request to %(vendor)s."
            )
            % {
                "code": code_text,
                "list": source.code_list.name,
                "number": source.version.number,
                "date": _day(source.version.effective),
                "category": entry.category,
                "vendor": vendor.name,
                "start": _day(vendor.starts),
            },
            vendor=vendor,
            category=entry.category,
            note=entry.note,
            decided_by=DecidingList.of(source),
            submit_to=vendor_contact(vendor),
            warning=warning,
        )
    for source in lists_.waiting:
        entry = on.get(source.version.pk)
        vendor = source.vendor
        if entry is None or vendor is None:
            continue
        return LineAnswer(
            **base,  # type: ignore[arg-type]
            outcome=Outcome.PLAN,
            rule=Rule.VENDOR_NOT_STARTED,
            explanation=_(
                "%(code)s is on the %(list)s, but %(vendor)s reviews only dates of service from %(start)s. For "
                "%(day)s, send the request to %(plan)s."
            )
            % {
                "code": code_text,
                "list": source.code_list.name,
                "vendor": vendor.name,
                "start": _day(vendor.starts),
                "day": _day(day),
                "plan": plan.name,
            },
            category=entry.category,
            note=entry.note,
            decided_by=DecidingList.of(source),
            submit_to=plan,
            warning=warning,
        )
    explanation = _(
        "%(code)s is on neither the No-Auth list nor a specialty vendor's list for %(lob)s on %(day)s: send the "
        "request to %(plan)s."
    ) % {"code": code_text, "lob": lists_.line_of_business.name, "day": _day(day), "plan": plan.name}
    if no_auth is None:
        explanation += " " + _("(No No-Auth list is published for this line of business on this date.)")
    return LineAnswer(
        **base,  # type: ignore[arg-type]
        outcome=Outcome.PLAN,
        rule=Rule.NOT_LISTED,
        explanation=explanation,
        submit_to=plan,
        warning=warning,
    )


def _line_of_business_of_member(*, actor: Actor, request: RequirementRequest) -> LineOfBusiness:
    """Find the member's line of business on the date through the eligibility engine (access-checked and
    recorded like any eligibility inquiry). A member not found is answered as eligibility answers it."""
    membership = membership_for(user=actor.user, organization_id=actor.organization_id)
    if membership is None or not membership.has_role(ProviderRole.ELIGIBILITY):
        raise PermissionDenied(
            _("Looking a member up needs the %(role)s role in your organization: choose the line of business instead.")
            % {"role": ProviderRole.ELIGIBILITY.label},
            field="member_id",
        )
    assert request.birth_date is not None
    inquiry = EligibilityInquiry(
        birth_date=request.birth_date,
        date_of_service=request.date_of_service,
        member_id=request.member_id,
        service_types=("30",),
    )
    result = eligibility_check(actor=actor, inquiry=inquiry)
    if result.status == EligibilityStatus.NOT_FOUND:
        raise NotFound(_(NOT_FOUND_MESSAGE), field="member_id")
    if result.status != EligibilityStatus.COVERED or result.coverage is None:
        raise DomainError(result.message, field="date_of_service", code=RequirementErrorCode.NOT_COVERED)
    code = result.coverage.line_of_business_code
    found = LineOfBusiness.objects.select_related("plan").filter(code=code).first()
    if found is None:  # a coverage always has a line of business; this guards one deleted meanwhile
        raise NotFound(_(NOT_FOUND_MESSAGE), field="member_id")
    if request.line_of_business is not None and request.line_of_business.pk != found.pk:
        raise DomainError(
            _("On %(date)s the member is covered by %(found)s, not %(given)s.")
            % {
                "date": request.date_of_service.isoformat(),
                "found": found.name,
                "given": request.line_of_business.name,
            },
            field="line_of_business",
            code=RequirementErrorCode.LINE_OF_BUSINESS_MISMATCH,
        )
    return found


def requirement_check(*, actor: Actor, request: RequirementRequest) -> RequirementAnswer:
    """Answer a parsed request: by its line of business, or by the member's (found through eligibility)."""
    if request.member_id:
        line_of_business = _line_of_business_of_member(actor=actor, request=request)
        from_member = True
    else:
        assert request.line_of_business is not None
        line_of_business = request.line_of_business
        from_member = False
    answer = prior_auth_requirements(
        line_of_business=line_of_business, day=request.date_of_service, lines=request.lines, numbers=request.numbers
    )
    return dataclasses.replace(answer, from_member=from_member)
