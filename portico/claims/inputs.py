"""Raw input (page form, JSON) → a typed claim, naming every bad field.

Keys name fields the way the API and the page both say them: ``member_id``, ``billing_npi``, ``diagnoses.1``,
``lines.0.code``, ``lines.2.modifiers`` (0-based); every message about a line says which, in words a biller reads
("Line 2, modifier 3: ..."). This module checks the shape of what was written; the code sets, the member and
the authorization are checked by the services. A draft keeps what is there; a submission needs everything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from portico.claims.models import ClaimKind, Frequency
from portico.common.dates import today
from portico.common.errors import ValidationFailed
from portico.common.identifiers import is_valid_npi
from portico.members.eligibility import MEMBER_ID_RE

MAX_LINES = 50
MAX_DIAGNOSES = {ClaimKind.PROFESSIONAL: 12, ClaimKind.INSTITUTIONAL: 25}
MAX_MODIFIERS = 4
MAX_POINTERS = 4
MAX_OTHER_PAYERS = 3
MAX_INSTITUTIONAL_CODES = 12
MAX_UNITS = Decimal("99999")
MAX_CHARGE = Decimal("9999999.99")
NDC_UNITS = ("F2", "GR", "ME", "ML", "UN")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_POS = re.compile(r"^[0-9]{2}$")
_DIAGNOSIS = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")
_PROCEDURE = re.compile(r"^([0-9]{4}[0-9FTUM]|[A-V][0-9]{4})$")
_REVENUE = re.compile(r"^[0-9]{4}$")
_TYPE_OF_BILL = re.compile(r"^0?[1-8][1-9][0-9A-Z]$")
_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_TWO = re.compile(r"^[0-9A-Z]{2}$")
_ONE = re.compile(r"^[0-9A-Z]$")
_ACCOUNT = re.compile(r"^[\x21-\x7e][\x20-\x7e]{0,37}$")
_ICN = re.compile(r"^[0-9A-Z-]{5,20}$")


@dataclass(frozen=True)
class LineInput:
    position: int  # 0-based place in the input, for the keys naming it
    service_from: dt.date | None = None
    service_to: dt.date | None = None
    place_of_service: str = ""
    revenue_code: str = ""
    code: str = ""
    modifiers: tuple[str, ...] = ()
    units: Decimal = Decimal(1)
    charge: Decimal = Decimal(0)
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: Decimal | None = None
    diagnosis_pointers: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return _("Line %(n)s") % {"n": self.position + 1}


@dataclass(frozen=True)
class OtherPayerInput:
    payer_name: str
    paid_amount: Decimal
    paid_date: dt.date | None


@dataclass(frozen=True)
class ClaimInput:
    kind: str = ClaimKind.PROFESSIONAL
    frequency: str = Frequency.ORIGINAL
    replaces: str = ""  # the ICN of the claim corrected
    member_id: str = ""
    birth_date: dt.date | None = None
    patient_account_number: str = ""
    billing_npi: str = ""
    billing_taxonomy: str = ""
    rendering_npi: str = ""
    service_location_id: int | None = None
    prior_authorization_number: str = ""
    diagnoses: tuple[str, ...] = ()
    other_payers: tuple[OtherPayerInput, ...] = ()
    type_of_bill: str = ""
    admission_date: dt.date | None = None
    admission_type: str = ""
    admission_source: str = ""
    discharge_date: dt.date | None = None
    discharge_status: str = ""
    occurrence_codes: tuple[tuple[str, dt.date], ...] = ()
    value_codes: tuple[tuple[str, Decimal], ...] = ()
    condition_codes: tuple[str, ...] = ()
    lines: tuple[LineInput, ...] = ()

    @property
    def first_day(self) -> dt.date | None:
        days = [line.service_from for line in self.lines if line.service_from]
        return min(days) if days else None

    @property
    def last_day(self) -> dt.date | None:
        days = [line.service_to or line.service_from for line in self.lines if line.service_from]
        return max(d for d in days if d) if days else None

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal(0))


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _date(raw: object, key: str, errors: dict[str, list[str]], label: str = "") -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    value = text(raw)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors[key] = [f"{label}: " * bool(label) + _("Enter a date like 2026-06-01 or 06/01/2026.")]
    return None


def _decimal(raw: object) -> Decimal | None:
    value = text(raw).replace(",", "").lstrip("$")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _money(raw: object, key: str, label: str, errors: dict[str, list[str]], *, positive: bool) -> Decimal | None:
    if not text(raw):
        return None
    number = _decimal(raw)
    if number is None or number.as_tuple().exponent < -2 or number > MAX_CHARGE:  # type: ignore[operator]
        errors[key] = [_("%(what)s: enter an amount in dollars and cents, such as 125.00.") % {"what": label}]
        return None
    if number < 0 or (positive and number == 0):
        errors[key] = [
            (_("%(what)s must be more than zero.") if positive else _("%(what)s cannot be negative.")) % {"what": label}
        ]
        return None
    return number


def _list(raw: object) -> list[object]:
    if isinstance(raw, str):
        return [part for part in re.split(r"[\s,;]+", raw) if part]
    if isinstance(raw, list | tuple):
        return list(raw)
    return []


def _modifiers(raw: object) -> list[str]:
    return [text(m).upper() for m in _list(raw) if text(m)]


def _is_blank_line(raw: Mapping[str, object]) -> bool:
    return not any(text(v) for v in raw.values() if not isinstance(v, list | tuple)) and not any(
        v for v in raw.values() if isinstance(v, list | tuple)
    )


def _line(
    index: int, raw: Mapping[str, object], errors: dict[str, list[str]], *, kind: str, submit: bool
) -> LineInput | None:
    prefix = f"lines.{index}"
    label = _("Line %(n)s") % {"n": index + 1}
    before = len(errors)

    def fail(name: str, message: str) -> None:
        errors[f"{prefix}.{name}"] = [f"{label}: {message}"]

    code = text(raw.get("code")).upper().replace(" ", "")
    modifiers = _modifiers(raw.get("modifiers"))
    if "-" in code:  # 99213-25: modifiers written onto the code
        code, *attached = [part.strip() for part in code.split("-")]
        modifiers = [m for m in attached if m] + modifiers
    revenue = text(raw.get("revenue_code")).replace(" ", "")
    if kind == ClaimKind.INSTITUTIONAL:
        if revenue and not _REVENUE.match(revenue):
            fail("revenue_code", _("a revenue code is 4 digits, such as 0450."))
        elif submit and not revenue:
            fail("revenue_code", _("enter the revenue code, such as 0450."))
    if code and not _PROCEDURE.match(code):
        fail(
            "code", _("%(code)s is not written like a CPT or HCPCS code, such as 99213 or J1100.") % {"code": code[:12]}
        )
    elif not code and submit and kind == ClaimKind.PROFESSIONAL:
        fail("code", _("enter the procedure code (CPT or HCPCS), such as 99213."))
    if len(modifiers) > MAX_MODIFIERS:
        fail("modifiers", _("a line takes at most %(n)s modifiers.") % {"n": MAX_MODIFIERS})
    else:
        for position, modifier in enumerate(modifiers, start=1):
            if not _MODIFIER.match(modifier):
                errors[f"{prefix}.modifiers"] = [
                    _("%(line)s, modifier %(n)s: a modifier is two letters or digits, such as 25 or RT.")
                    % {"line": label, "n": position}
                ]
                break
    service_from = _date(raw.get("service_from"), f"{prefix}.service_from", errors, label)
    service_to = _date(raw.get("service_to"), f"{prefix}.service_to", errors, label)
    if service_from is None and f"{prefix}.service_from" not in errors and submit:
        fail("service_from", _("enter the date of service."))
    if service_from is not None and service_from > today():
        fail("service_from", _("the date of service cannot be in the future."))
    elif service_from is not None and service_from < dt.date(2000, 1, 1):
        fail("service_from", _("the date of service must be in 2000 or later."))
    if service_to is not None and service_from is not None and service_to < service_from:
        fail("service_to", _("the last date of service cannot be before the first."))
    elif service_to is not None and service_to > today():
        fail("service_to", _("the date of service cannot be in the future."))
    pos = text(raw.get("place_of_service"))
    pos = pos.zfill(2) if pos.isdigit() and len(pos) == 1 else pos
    if pos and not _POS.match(pos):
        fail("place_of_service", _("the place of service is a two-digit code, such as 11 or 22."))
    elif submit and not pos and kind == ClaimKind.PROFESSIONAL:
        fail("place_of_service", _("enter the place of service, such as 11 (office)."))
    units = Decimal(1)
    if text(raw.get("units")):
        parsed = _decimal(raw.get("units"))
        if parsed is None or not Decimal(0) < parsed <= MAX_UNITS or parsed.as_tuple().exponent < -3:  # type: ignore[operator]
            fail("units", _("units are a number more than zero, such as 1 or 0.5."))
        else:
            units = parsed
    charge = _money(raw.get("charge"), f"{prefix}.charge", label + " " + _("charge"), errors, positive=True)
    if charge is None and submit and f"{prefix}.charge" not in errors:
        fail("charge", _("enter the charge, such as 125.00."))
    ndc = re.sub(r"[\s-]", "", text(raw.get("ndc")))
    ndc_unit = text(raw.get("ndc_unit")).upper()
    ndc_quantity: Decimal | None = None
    if ndc:
        if not re.fullmatch(r"[0-9]{11}", ndc):
            fail("ndc", _("the NDC is 11 digits (5-4-2), such as 00409487001."))
        if ndc_unit not in NDC_UNITS:
            fail("ndc_unit", _("the NDC unit is one of %(units)s.") % {"units": ", ".join(NDC_UNITS)})
        ndc_quantity = _decimal(raw.get("ndc_quantity"))
        if ndc_quantity is None or ndc_quantity <= 0:
            fail("ndc_quantity", _("enter the drug quantity, more than zero."))
    elif ndc_unit or text(raw.get("ndc_quantity")):
        fail("ndc", _("enter the NDC the unit and quantity are for."))
    pointers: list[int] = []
    for item in _list(raw.get("diagnosis_pointers")):
        value = text(item).upper()
        number = ord(value) - ord("A") + 1 if len(value) == 1 and value.isalpha() else None  # A-L as on the 1500
        if number is None:
            number = int(value) if value.isdigit() else 0
        if not 1 <= number <= MAX_DIAGNOSES[ClaimKind.INSTITUTIONAL]:
            fail("diagnosis_pointers", _("a diagnosis pointer is the number of a diagnosis above, such as 1."))
            break
        pointers.append(number)
    if len(pointers) > MAX_POINTERS:
        fail("diagnosis_pointers", _("a line points at most at %(n)s diagnoses.") % {"n": MAX_POINTERS})
    elif submit and not pointers and kind == ClaimKind.PROFESSIONAL and f"{prefix}.diagnosis_pointers" not in errors:
        fail("diagnosis_pointers", _("point at the diagnosis (1 to 12) this service treats."))
    if len(errors) > before:
        return None
    return LineInput(
        position=index,
        service_from=service_from,
        service_to=service_to or service_from,
        place_of_service=pos,
        revenue_code=revenue,
        code=code,
        modifiers=tuple(modifiers),
        units=units,
        charge=charge or Decimal(0),
        ndc=ndc,
        ndc_unit=ndc_unit if ndc else "",
        ndc_quantity=ndc_quantity,
        diagnosis_pointers=tuple(pointers),
    )


def _npi(raw: object, key: str, errors: dict[str, list[str]]) -> str:
    npi = re.sub(r"\s", "", text(raw))
    if npi and not is_valid_npi(npi):
        errors[key] = [_("%(npi)s is not a valid NPI (10 digits with a check digit).") % {"npi": npi[:12]}]
    return npi


def _institutional(data: Mapping[str, object], errors: dict[str, list[str]], submit: bool) -> dict[str, object]:
    found: dict[str, object] = {}
    bill = text(data.get("type_of_bill"))
    if bill and not _TYPE_OF_BILL.match(bill):
        errors["type_of_bill"] = [_("The type of bill is 3 or 4 characters, such as 0131 or 111.")]
    elif submit and not bill:
        errors["type_of_bill"] = [_("Enter the type of bill, such as 0131 (hospital outpatient).")]
    found["type_of_bill"] = bill.zfill(4) if bill else ""
    found["admission_date"] = _date(data.get("admission_date"), "admission_date", errors)
    found["discharge_date"] = _date(data.get("discharge_date"), "discharge_date", errors)
    admission, discharge = found["admission_date"], found["discharge_date"]
    if isinstance(admission, dt.date) and admission > today():
        errors["admission_date"] = [_("The admission date cannot be in the future.")]
    if isinstance(discharge, dt.date) and isinstance(admission, dt.date) and discharge < admission:
        errors["discharge_date"] = [_("The discharge date cannot be before the admission date.")]
    for name, pattern, message in (
        ("admission_type", _ONE, _("The admission type is one digit, such as 1 (emergency) or 3 (elective).")),
        ("admission_source", _ONE, _("The admission source is one character, such as 1 or 7.")),
        ("discharge_status", _TWO, _("The discharge status is two digits, such as 01 (home).")),
    ):
        value = text(data.get(name)).upper()
        if value and not pattern.match(value):
            errors[name] = [message]
        found[name] = value
    inpatient = found["type_of_bill"] in {"0111", "0117", "0118", "0121"} if bill else False
    if submit and inpatient and admission is None and "admission_date" not in errors:
        errors["admission_date"] = [_("An inpatient bill needs the admission date.")]
    occurrences: list[tuple[str, dt.date]] = []
    for index, raw in enumerate(_rows(data.get("occurrence_codes"))):
        code = text(raw.get("code")).upper()
        if not code and not text(raw.get("date")):
            continue
        day = _date(raw.get("date"), f"occurrence_codes.{index}", errors)
        if not _TWO.match(code) or day is None:
            errors.setdefault(
                f"occurrence_codes.{index}",
                [_("Occurrence %(n)s: a two-character code and its date.") % {"n": index + 1}],
            )
            continue
        occurrences.append((code, day))
    values: list[tuple[str, Decimal]] = []
    for index, raw in enumerate(_rows(data.get("value_codes"))):
        code = text(raw.get("code")).upper()
        if not code and not text(raw.get("amount")):
            continue
        amount = _decimal(raw.get("amount"))
        if not _TWO.match(code) or amount is None:
            errors[f"value_codes.{index}"] = [_("Value %(n)s: a two-character code and its amount.") % {"n": index + 1}]
            continue
        values.append((code, amount))
    conditions = [text(c).upper() for c in _list(data.get("condition_codes")) if text(c)]
    bad = [c for c in conditions if not _TWO.match(c)]
    if bad:
        errors["condition_codes"] = [
            _("A condition code is two characters, such as 07: %(bad)s.") % {"bad": bad[0][:8]}
        ]
    if len(occurrences) > MAX_INSTITUTIONAL_CODES or len(values) > MAX_INSTITUTIONAL_CODES:
        errors["occurrence_codes"] = [_("At most %(n)s codes of each kind.") % {"n": MAX_INSTITUTIONAL_CODES}]
    found["occurrence_codes"] = tuple(occurrences)
    found["value_codes"] = tuple(values)
    found["condition_codes"] = tuple(conditions[:MAX_INSTITUTIONAL_CODES])
    return found


def _rows(raw: object) -> list[Mapping[str, object]]:
    if not isinstance(raw, list | tuple):
        return []
    return [row for row in raw if isinstance(row, Mapping)]


def claim_input_parse(data: Mapping[str, object], *, submit: bool) -> ClaimInput:
    """Validate raw input. Raises ValidationFailed naming every bad field; ``submit`` also requires what a
    submission needs (member, account number, a diagnosis, lines with dates, codes and charges)."""
    errors: dict[str, list[str]] = {}
    kind = text(data.get("kind")) or ClaimKind.PROFESSIONAL
    if kind not in ClaimKind.values:
        errors["kind"] = [_("The kind of claim is professional or institutional.")]
        kind = ClaimKind.PROFESSIONAL
    frequency = text(data.get("frequency")) or Frequency.ORIGINAL
    replaces = text(data.get("replaces")).upper().replace(" ", "")
    if frequency not in (Frequency.ORIGINAL, Frequency.REPLACEMENT):
        errors["frequency"] = [_("Send 1 (original) or 7 (corrected); a void is sent with the void action.")]
    elif frequency == Frequency.REPLACEMENT and not _ICN.match(replaces):
        errors["replaces"] = [_("A corrected claim names the claim number (ICN) of the claim it replaces.")]
    elif frequency == Frequency.ORIGINAL and replaces:
        errors["replaces"] = [_("Only a corrected claim replaces another: choose frequency 7.")]
    member_id = re.sub(r"[\s-]", "", text(data.get("member_id"))).upper()
    if member_id and not MEMBER_ID_RE.fullmatch(member_id):
        errors["member_id"] = [_("A member ID is 6 to 20 letters and digits, such as CH123456789.")]
    elif submit and not member_id:
        errors["member_id"] = [_("Enter the member ID as it appears on the member's ID card.")]
    birth_date = _date(data.get("birth_date"), "birth_date", errors)
    if birth_date and not dt.date(1900, 1, 1) <= birth_date <= today():
        errors["birth_date"] = [_("The date of birth must be after 1900 and not in the future.")]
    elif submit and birth_date is None and "birth_date" not in errors:
        errors["birth_date"] = [_("Enter the member's date of birth.")]
    account = text(data.get("patient_account_number"))
    if account and not _ACCOUNT.match(account):
        errors["patient_account_number"] = [_("The patient account number is up to 38 letters, digits or marks.")]
    elif submit and not account:
        errors["patient_account_number"] = [_("Enter your patient account number for this claim.")]
    billing_npi = _npi(data.get("billing_npi"), "billing_npi", errors)
    taxonomy = text(data.get("billing_taxonomy")).upper()
    if taxonomy and not _TAXONOMY.match(taxonomy):
        errors["billing_taxonomy"] = [_("A taxonomy code is 10 characters ending in X, such as 207Q00000X.")]
    rendering_npi = _npi(data.get("rendering_npi"), "rendering_npi", errors)
    location_raw = text(data.get("service_location_id"))
    location_id = int(location_raw) if location_raw.isdigit() else None
    if location_raw and location_id is None:
        errors["service_location_id"] = [_("Choose one of your organization's service locations.")]
    authorization = text(data.get("prior_authorization_number")).upper().replace(" ", "")
    if len(authorization) > 20:
        errors["prior_authorization_number"] = [_("An authorization number is at most 20 characters.")]
    diagnoses: list[str] = []
    most = MAX_DIAGNOSES[ClaimKind(kind)]
    raw_diagnoses = _list(data.get("diagnoses"))
    if len([d for d in raw_diagnoses if text(d)]) > most:
        errors["diagnoses"] = [
            _("A %(kind)s claim takes at most %(n)s diagnoses.") % {"kind": ClaimKind(kind).label, "n": most}
        ]
    else:
        blank_before = False
        for index, raw in enumerate(raw_diagnoses):
            code = text(raw).upper()
            if not code:
                blank_before = True
                continue
            if not _DIAGNOSIS.match(code):
                errors[f"diagnoses.{index}"] = [
                    _("Diagnosis %(n)s: %(code)s is not written like an ICD-10-CM code, such as J02.9.")
                    % {"n": index + 1, "code": code[:12]}
                ]
                continue
            if blank_before:
                errors[f"diagnoses.{index}"] = [
                    _("Diagnosis %(n)s: fill the diagnoses in order, without gaps: pointers count them.")
                    % {"n": index + 1}
                ]
                continue
            diagnoses.append(code)
        if submit and not diagnoses and not any(k.startswith("diagnoses") for k in errors):
            errors["diagnoses.0"] = [_("Enter at least one ICD-10-CM diagnosis code, the principal one first.")]
    others: list[OtherPayerInput] = []
    for index, raw in enumerate(_rows(data.get("other_payers"))[: MAX_OTHER_PAYERS + 1]):
        name = " ".join(text(raw.get("payer_name")).split())
        if not name and not text(raw.get("paid_amount")) and not text(raw.get("paid_date")):
            continue
        key = f"other_payers.{index}"
        label = _("Other payer %(n)s") % {"n": index + 1}
        if index >= MAX_OTHER_PAYERS:
            errors["other_payers"] = [_("At most %(n)s other payers.") % {"n": MAX_OTHER_PAYERS}]
            break
        if not name or len(name) > 100:
            errors[f"{key}.payer_name"] = [_("%(what)s: enter the payer's name.") % {"what": label}]
        paid = _money(raw.get("paid_amount"), f"{key}.paid_amount", label, errors, positive=False)
        if paid is None and f"{key}.paid_amount" not in errors:
            errors[f"{key}.paid_amount"] = [_("%(what)s: enter what it paid (0.00 if nothing).") % {"what": label}]
        paid_date = _date(raw.get("paid_date"), f"{key}.paid_date", errors, str(label))
        if paid_date and paid_date > today():
            errors[f"{key}.paid_date"] = [_("%(what)s: the date paid cannot be in the future.") % {"what": label}]
        if name and paid is not None:
            others.append(OtherPayerInput(payer_name=name, paid_amount=paid, paid_date=paid_date))
    institutional = _institutional(data, errors, submit) if kind == ClaimKind.INSTITUTIONAL else {}
    raw_lines = data.get("lines") or []
    lines: list[LineInput] = []
    if not isinstance(raw_lines, Sequence) or isinstance(raw_lines, str) or len(raw_lines) > MAX_LINES:
        errors["lines"] = [_("A claim has at most %(n)s lines.") % {"n": MAX_LINES}]
    else:
        for index, raw in enumerate(raw_lines):
            if not isinstance(raw, Mapping):
                errors[f"lines.{index}"] = [
                    _("Line %(n)s: a line has dates, a code, units and a charge.") % {"n": index + 1}
                ]
                continue
            if _is_blank_line(raw):
                continue
            line = _line(index, raw, errors, kind=kind, submit=submit)
            if line is not None:
                lines.append(line)
        if submit and not lines and not any(k.startswith("lines") for k in errors):
            errors["lines.0.code"] = [_("Enter at least one service line.")]
        for line in lines:
            beyond = [p for p in line.diagnosis_pointers if p > len(diagnoses)]
            if beyond and f"lines.{line.position}.diagnosis_pointers" not in errors and submit:
                errors[f"lines.{line.position}.diagnosis_pointers"] = [
                    _("%(line)s: pointer %(p)s points at no diagnosis (there are %(n)s).")
                    % {"line": line.label, "p": beyond[0], "n": len(diagnoses)}
                ]
    if errors:
        raise ValidationFailed(errors)
    return ClaimInput(
        kind=kind,
        frequency=frequency,
        replaces=replaces,
        member_id=member_id,
        birth_date=birth_date,
        patient_account_number=account,
        billing_npi=billing_npi,
        billing_taxonomy=taxonomy,
        rendering_npi=rendering_npi,
        service_location_id=location_id,
        prior_authorization_number=authorization,
        diagnoses=tuple(diagnoses),
        other_payers=tuple(others),
        lines=tuple(lines),
        **institutional,  # type: ignore[arg-type]
    )
