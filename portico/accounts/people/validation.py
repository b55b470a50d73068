"""Checks of what an applicant or an administrator types: each returns the clean value or raises
``FieldProblem`` with a message that says what is wrong and how to put it right."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from portico.accounts.models import ProviderRole
from portico.common.identifiers import is_valid_npi

MAX_NPIS = 50
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
    ]
)


class FieldProblem(ValueError):
    """One field's problem; the message is for the person who typed it."""


def tin_clean(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        raise FieldProblem(_("Enter the organization's TIN."))
    if not re.fullmatch(r"\d{9}", digits):
        raise FieldProblem(_("A TIN is nine digits, such as 93-1234567."))
    return digits


def npis_clean(value: str) -> list[str]:
    """NPIs separated by commas, spaces or lines; each ten digits with a valid check digit; duplicates dropped."""
    found = [part for part in re.split(r"[\s,;]+", value or "") if part]
    if not found:
        raise FieldProblem(_("Enter at least one NPI: the organization's, or its practitioners'."))
    if len(found) > MAX_NPIS:
        raise FieldProblem(_("Enter at most %(count)s NPIs.") % {"count": MAX_NPIS})
    bad = [npi for npi in found if not is_valid_npi(npi)]
    if bad:
        raise FieldProblem(
            _("%(npis)s: an NPI is ten digits and its last digit must check (Luhn, prefix 80840).")
            % {"npis": ", ".join(bad[:5])}
        )
    return list(dict.fromkeys(found))


def phone_clean(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if not digits:
        raise FieldProblem(_("Enter a phone number."))
    if len(digits) != 10:
        raise FieldProblem(_("Enter a ten-digit phone number, such as 503-555-0142."))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def email_clean(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldProblem(_("Enter an email address."))
    try:
        validate_email(value)
    except ValidationError as exc:
        raise FieldProblem(_("Enter an email address such as name@clinic.example.")) from exc
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def state_clean(value: str) -> str:
    state = (value or "").strip().upper()
    if not state:
        raise FieldProblem(_("Enter the state, such as OR."))
    if state not in US_STATES:
        raise FieldProblem(_("Enter the state's two-letter postal code, such as OR."))
    return state


def postal_code_clean(value: str) -> str:
    code = (value or "").strip()
    if not re.fullmatch(r"\d{5}(-\d{4})?", code):
        raise FieldProblem(_("Enter a ZIP code of five digits (or ZIP+4, such as 97201-1234)."))
    return code


def required_clean(value: str, message: str, max_length: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise FieldProblem(message)
    if len(value) > max_length:
        raise FieldProblem(_("Keep this to %(count)s characters or fewer.") % {"count": max_length})
    return value


def roles_clean(values: list[str]) -> list[str]:
    chosen = [str(v) for v in values or []]
    if not chosen:
        raise FieldProblem(_("Choose at least one role."))
    unknown = [v for v in chosen if v not in ProviderRole.values]
    if unknown:
        raise FieldProblem(_("Choose roles from the list."))
    return [role for role in ProviderRole.values if role in chosen]  # the list's order, no duplicates
