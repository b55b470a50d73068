"""Raw input (page form, JSON) → a typed prior-authorization request, naming every bad field.

Keys name fields the way the API and the page both say them: ``member_id``, ``birth_date``, ``urgency``,
``expedited_attested``, ``requesting_npi``, ``diagnoses.1``, ``lines.0.code``, ``lines.2.end`` (0-based).
A draft keeps what is there (only malformed values are refused); a submission needs everything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portico.authorizations.models import CareSetting, Urgency
from portico.codes.requirements import MAX_MODIFIERS, MAX_UNITS, ServiceLine, requirement_date_bounds
from portico.common.dates import today
from portico.common.errors import ValidationFailed
from portico.members.eligibility import MEMBER_ID_RE
from portico.providers.models import Practitioner, ServiceLocation
from portico.providers.queries import locations_of, practitioners_of

MAX_LINES = 50
MAX_DIAGNOSES = 12
MAX_NOTES = 20000
MAX_FACILITY = 200
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_POS = re.compile(r"^[0-9]{1,2}$")
_DIAGNOSIS = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")
_NPI = re.compile(r"^[0-9]{10}$")


@dataclass(frozen=True)
class LineInput:
    position: int  # 0-based place in the input, for messages naming it
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    start: dt.date | None = None
    end: dt.date | None = None
    place_of_service: str = ""

    @property
    def last_day(self) -> dt.date | None:
        return self.end or self.start

    def service_line(self) -> ServiceLine:
        return ServiceLine(
            code=self.code, modifiers=self.modifiers, place_of_service=self.place_of_service, units=self.units
        )


@dataclass(frozen=True)
class AuthorizationInput:
    member_id: str = ""
    birth_date: dt.date | None = None
    setting: str = CareSetting.OUTPATIENT
    urgency: str = Urgency.STANDARD
    expedited_attested: bool = False
    requesting: Practitioner | None = None
    servicing: Practitioner | None = None
    servicing_location: ServiceLocation | None = None
    facility_name: str = ""
    diagnoses: tuple[tuple[int, str], ...] = ()  # (0-based position, code as written)
    clinical_notes: str = ""
    lines: tuple[LineInput, ...] = ()

    @property
    def first_day(self) -> dt.date | None:
        days = [line.start for line in self.lines if line.start]
        return min(days) if days else None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).lower() in {"1", "true", "on", "yes"}


def _date(raw: object, key: str, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors[key] = [_("Enter a date like 2026-06-01 or 06/01/2026.")]
    return None


def _is_blank_line(raw: Mapping[str, object]) -> bool:
    return not any(_text(raw.get(k)) for k in ("code", "modifiers", "units", "start", "end", "place_of_service"))


def _modifiers(raw: object) -> list[str]:
    if isinstance(raw, str):
        raw = re.split(r"[\s,;]+", raw)
    if not isinstance(raw, list | tuple):
        return []
    return [_text(m).upper() for m in raw if _text(m)]


def _line(index: int, raw: Mapping[str, object], errors: dict[str, list[str]], *, submit: bool) -> LineInput | None:
    prefix = f"lines.{index}"
    before = len(errors)
    code = _text(raw.get("code")).upper().replace(" ", "")
    modifiers = _modifiers(raw.get("modifiers"))
    if "-" in code:  # 70551-26: modifiers written onto the code
        code, *attached = [part.strip() for part in code.split("-")]
        modifiers = [m for m in attached if m] + modifiers
    if not code:
        if submit:
            errors[f"{prefix}.code"] = [_("Enter the procedure code (CPT or HCPCS), such as 70551 or E0601.")]
    elif len(code) > 12:
        errors[f"{prefix}.code"] = [_("A procedure code is at most 12 characters.")]
    bad = [m for m in modifiers if not _MODIFIER.match(m)]
    if bad:
        errors[f"{prefix}.modifiers"] = [
            _("A modifier is two letters or digits, such as 26 or RT: %(bad)s.") % {"bad": ", ".join(bad)}
        ]
    elif len(modifiers) > MAX_MODIFIERS:
        errors[f"{prefix}.modifiers"] = [_("A service line takes at most %(n)s modifiers.") % {"n": MAX_MODIFIERS}]
    units = 1
    if _text(raw.get("units")):
        try:
            units = int(_text(raw.get("units")))
        except ValueError:
            units = 0
        if not 1 <= units <= MAX_UNITS:
            errors[f"{prefix}.units"] = [
                _("Units or visits are a whole number from 1 to %(max)s.") % {"max": MAX_UNITS}
            ]
    start = _date(raw.get("start"), f"{prefix}.start", errors)
    end = _date(raw.get("end"), f"{prefix}.end", errors)
    earliest, latest = requirement_date_bounds()
    if start is None and f"{prefix}.start" not in errors and submit:
        errors[f"{prefix}.start"] = [_("Enter the first date of service.")]
    if start is not None and not earliest <= start <= latest:
        errors[f"{prefix}.start"] = [
            _("The date of service must be between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        ]
    if end is not None and start is not None and end < start:
        errors[f"{prefix}.end"] = [_("The last date of service cannot be before the first.")]
    elif end is not None and not earliest <= end <= latest:
        errors[f"{prefix}.end"] = [
            _("The date of service must be between %(earliest)s and %(latest)s.")
            % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        ]
    pos = _text(raw.get("place_of_service"))
    if pos and not _POS.match(pos):
        errors[f"{prefix}.place_of_service"] = [_("The place of service is a two-digit code, such as 22 or 11.")]
    if len(errors) > before:
        return None
    return LineInput(
        position=index,
        code=code,
        modifiers=tuple(modifiers),
        units=units,
        start=start,
        end=end,
        place_of_service=pos.zfill(2) if pos else "",
    )


def _practitioner(raw: object, key: str, organization_id: int, errors: dict[str, list[str]]) -> Practitioner | None:
    npi = _text(raw)
    if not npi:
        return None
    if not _NPI.match(npi):
        errors[key] = [_("An NPI is 10 digits.")]
        return None
    found = practitioners_of(organization_id=organization_id).filter(npi=npi).first()
    if found is None:
        errors[key] = [_("Choose one of your organization's practitioners (NPI %(npi)s is not one).") % {"npi": npi}]
    return found


def authorization_input_parse(data: Mapping[str, object], *, organization_id: int, submit: bool) -> AuthorizationInput:
    """Validate raw input. Raises ValidationFailed naming every bad field; ``submit`` also requires what a
    submission needs (member, practitioner, a diagnosis, a line with its code and date)."""
    errors: dict[str, list[str]] = {}
    member_id = re.sub(r"[\s-]", "", _text(data.get("member_id"))).upper()
    if member_id and not MEMBER_ID_RE.fullmatch(member_id):
        errors["member_id"] = [_("A member ID is 6 to 20 letters and digits, such as CH123456789.")]
    elif submit and not member_id:
        errors["member_id"] = [_("Enter the member ID as it appears on the member's ID card.")]
    birth_date = _date(data.get("birth_date"), "birth_date", errors)
    if birth_date and not dt.date(1900, 1, 1) <= birth_date <= today():
        errors["birth_date"] = [_("The date of birth must be after 1900 and not in the future.")]
    elif submit and birth_date is None and "birth_date" not in errors:
        errors["birth_date"] = [_("Enter the member's date of birth.")]
    setting = _text(data.get("setting")) or CareSetting.OUTPATIENT
    if setting not in CareSetting.values:
        errors["setting"] = [
            _("Choose the setting: %(choices)s.") % {"choices": ", ".join(str(c) for c in CareSetting.values)}
        ]
    urgency = _text(data.get("urgency")) or Urgency.STANDARD
    if urgency not in Urgency.values:
        errors["urgency"] = [_("The urgency is standard or expedited.")]
    attested = _flag(data.get("expedited_attested"))
    if submit and urgency == Urgency.EXPEDITED and not attested:
        errors["expedited_attested"] = [
            _(
                "An expedited request needs your attestation that waiting could seriously jeopardize the "
                "member's life, health or ability to regain maximum function."
            )
        ]
    requesting = _practitioner(data.get("requesting_npi"), "requesting_npi", organization_id, errors)
    if submit and requesting is None and "requesting_npi" not in errors:
        errors["requesting_npi"] = [_("Choose the requesting practitioner.")]
    servicing = _practitioner(data.get("servicing_npi"), "servicing_npi", organization_id, errors)
    location = None
    raw_location = _text(data.get("servicing_location_id"))
    if raw_location:
        location = (
            locations_of(organization_id=organization_id).filter(pk=int(raw_location)).first()
            if raw_location.isdigit()
            else None
        )
        if location is None:
            errors["servicing_location_id"] = [_("Choose one of your organization's service locations.")]
    facility_name = " ".join(_text(data.get("facility_name")).split())
    if len(facility_name) > MAX_FACILITY:
        errors["facility_name"] = [_("The facility name is at most %(n)s characters.") % {"n": MAX_FACILITY}]
    clinical_notes = _text(data.get("clinical_notes"))
    if len(clinical_notes) > MAX_NOTES:
        errors["clinical_notes"] = [
            _("The clinical notes are at most %(n)s characters; attach longer records as a PDF.") % {"n": MAX_NOTES}
        ]
    raw_diagnoses = data.get("diagnoses") or []
    if isinstance(raw_diagnoses, str):
        raw_diagnoses = re.split(r"[\s,;]+", raw_diagnoses)
    diagnoses: list[tuple[int, str]] = []
    if not isinstance(raw_diagnoses, Sequence) or len(raw_diagnoses) > MAX_DIAGNOSES:
        errors["diagnoses"] = [_("Give at most %(n)s diagnosis codes.") % {"n": MAX_DIAGNOSES}]
    else:
        for index, raw in enumerate(raw_diagnoses):
            text = _text(raw).upper()
            if not text:
                continue
            if not _DIAGNOSIS.match(text):
                errors[f"diagnoses.{index}"] = [
                    _("%(code)s is not written like an ICD-10-CM code, such as M17.11.") % {"code": text[:12]}
                ]
                continue
            diagnoses.append((index, text))
        if submit and not diagnoses and not any(k.startswith("diagnoses") for k in errors):
            errors["diagnoses.0"] = [_("Enter at least one ICD-10-CM diagnosis code, the primary one first.")]
    raw_lines = data.get("lines") or []
    lines: list[LineInput] = []
    if not isinstance(raw_lines, Sequence) or isinstance(raw_lines, str) or len(raw_lines) > MAX_LINES:
        errors["lines"] = [_("A request has at most %(n)s service lines.") % {"n": MAX_LINES}]
    else:
        for index, raw in enumerate(raw_lines):
            if not isinstance(raw, Mapping):
                errors[f"lines.{index}"] = [_("A service line has a code, units, dates and place of service.")]
                continue
            if _is_blank_line(raw):
                continue
            line = _line(index, raw, errors, submit=submit)
            if line is not None:
                lines.append(line)
        if submit and not lines and not any(k.startswith("lines") for k in errors):
            errors["lines.0.code"] = [_("Enter at least one service line with its procedure code.")]
    if errors:
        raise ValidationFailed(errors)
    return AuthorizationInput(
        member_id=member_id,
        birth_date=birth_date,
        setting=setting,
        urgency=urgency,
        expedited_attested=attested and urgency == Urgency.EXPEDITED,
        requesting=requesting,
        servicing=servicing,
        servicing_location=location,
        facility_name=facility_name,
        diagnoses=tuple(diagnoses),
        clinical_notes=clinical_notes,
        lines=tuple(lines),
    )
