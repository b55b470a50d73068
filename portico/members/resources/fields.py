"""The vocabulary of what a member resource request can ask: each field's label, kind, choices and the message a
person reads when it is missing or wrong. Programs (data) list the keys they need; this module (code) says what
each key means, so labels are translated and every value is checked the same way on the page and the API.

Field kinds: ``text`` (one line), ``textarea``, ``choice`` (one of ``choices``), ``date`` (YYYY-MM-DD), ``time``
(HH:MM, 24-hour), ``attest`` (a box the person ticks to confirm ``label``), and ``address`` (the member's address
on file, or another one typed in ``<key>_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portico.common.texts import day_text

ON_FILE = "on_file"
OTHER = "other"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
APPOINTMENT_DATE = "appointment_date"  # the field whose value is the day a request is needed
MAX_DAYS_AHEAD = 365


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str  # text, textarea, choice, date, time, attest, address
    label: str | Promise
    required_message: str | Promise
    hint: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()
    max_length: int = 200

    @property
    def choice_values(self) -> frozenset[str]:
        return frozenset(value for value, _label in self.choices)


_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "help_needed", "choice", gettext_lazy("Help needed"),
        gettext_lazy("Choose the help the member needs."),
        choices=(
            ("apply", gettext_lazy("Applying for the Oregon Health Plan (OHP)")),
            ("renew", gettext_lazy("Renewing coverage before it ends, or after it ended")),
            ("medicare_savings", gettext_lazy("Medicare Savings Program or Extra Help with drug costs")),
            ("other", gettext_lazy("Something else about coverage")),
        ),
    ),
    FieldSpec(
        "help_details", "textarea", gettext_lazy("What the member needs to know or do"),
        gettext_lazy("Say what the member needs help with."),
        hint=gettext_lazy("For example, a renewal letter with a due date, or a form the member could not fill in."),
        max_length=1000,
    ),
    FieldSpec(
        "language", "text", gettext_lazy("Language"), gettext_lazy("Type the language the member needs."),
        hint=gettext_lazy("For example Spanish, Vietnamese, Russian or American Sign Language."), max_length=60,
    ),
    FieldSpec(
        "interpretation_mode", "choice", gettext_lazy("How the interpreter joins"),
        gettext_lazy("Choose in person, by phone or by video."),
        choices=(
            ("in_person", gettext_lazy("In person")),
            ("phone", gettext_lazy("By phone")),
            ("video", gettext_lazy("By video")),
        ),
    ),
    FieldSpec(
        APPOINTMENT_DATE, "date", gettext_lazy("Appointment date"), gettext_lazy("Enter the appointment date."),
        hint=gettext_lazy("YYYY-MM-DD"), max_length=10,
    ),
    FieldSpec(
        "appointment_time", "time", gettext_lazy("Appointment time"), gettext_lazy("Enter the appointment time."),
        hint=gettext_lazy("HH:MM, 24-hour clock (14:30 is 2:30 p.m.)"), max_length=5,
    ),
    FieldSpec(
        "pickup_address", "textarea", gettext_lazy("Pick-up address"),
        gettext_lazy("Enter where the driver picks the member up."),
        hint=gettext_lazy("Street, city and ZIP code; say if it is not the member's home."), max_length=300,
    ),
    FieldSpec(
        "destination", "textarea", gettext_lazy("Appointment address"),
        gettext_lazy("Enter where the appointment is: the clinic's name and address."), max_length=300,
    ),
    FieldSpec(
        "mobility_needs", "choice", gettext_lazy("Mobility needs"),
        gettext_lazy("Choose how the member gets around, so the right vehicle comes."),
        choices=(
            ("ambulatory", gettext_lazy("Walks on their own (car or taxi)")),
            ("assistance", gettext_lazy("Needs help walking, a cane or a walker")),
            ("wheelchair", gettext_lazy("Uses a wheelchair (lift or ramp vehicle)")),
            ("stretcher", gettext_lazy("Needs a stretcher (secured transport)")),
        ),
    ),
    FieldSpec(
        "rider_notes", "textarea", gettext_lazy("Anything else the driver should know"),
        gettext_lazy("Say what the driver should know."),
        hint=gettext_lazy("An attendant riding along, a service animal, a child's car seat."), max_length=500,
    ),
    FieldSpec(
        "condition_attestation", "attest",
        gettext_lazy(
            "I confirm the member has a health condition that extreme heat or wildfire smoke makes worse, "
            "documented in their record."
        ),
        gettext_lazy("Confirm the member's qualifying health condition: a climate device needs it."),
    ),
    FieldSpec(
        "device", "choice", gettext_lazy("Device"), gettext_lazy("Choose the device the member needs."),
        choices=(
            ("air_conditioner", gettext_lazy("Air conditioner")),
            ("air_filter", gettext_lazy("Air filter (portable air cleaner)")),
            ("mini_fridge", gettext_lazy("Mini refrigerator for medicines")),
            ("power_supply", gettext_lazy("Portable power supply for medical equipment")),
        ),
    ),
    FieldSpec(
        "delivery_address", "address", gettext_lazy("Delivery address"),
        gettext_lazy("Confirm where the device goes: the address on file, or type another."),
        choices=(
            (ON_FILE, gettext_lazy("The member's address on file with the plan")),
            (OTHER, gettext_lazy("Another address")),
        ),
        max_length=300,
    ),
    FieldSpec(
        "hrsn_attestation", "attest",
        gettext_lazy(
            "I confirm the member has a health condition and a social need this support addresses, documented in "
            "their record."
        ),
        gettext_lazy("Confirm the member's health condition and social need: this support needs both."),
    ),
    FieldSpec(
        "housing_support", "choice", gettext_lazy("Housing support"),
        gettext_lazy("Choose the housing support the member needs."),
        choices=(
            ("rent_utilities", gettext_lazy("Rent or utility assistance")),
            ("tenancy", gettext_lazy("Help finding or keeping housing (navigation, tenancy supports)")),
            ("home_modification", gettext_lazy("Home modifications for health and safety")),
        ),
    ),
    FieldSpec(
        "nutrition_support", "choice", gettext_lazy("Nutrition support"),
        gettext_lazy("Choose the nutrition support the member needs."),
        choices=(
            ("tailored_meals", gettext_lazy("Medically tailored meals")),
            ("produce", gettext_lazy("Fruit and vegetable prescription")),
            ("education", gettext_lazy("Nutrition education")),
        ),
    ),
    FieldSpec(
        "need_described", "textarea", gettext_lazy("Describe the need"),
        gettext_lazy("Describe the member's need in a few sentences."),
        hint=gettext_lazy("What is happening, since when, and what would help."), max_length=1500,
    ),
)  # fmt: skip
FIELDS: dict[str, FieldSpec] = {spec.key: spec for spec in _FIELDS}


@dataclass(frozen=True)
class FormRules:
    """What checking a program's values needs besides the values: the day of the request and the notice."""

    form_fields: tuple[str, ...]
    optional_fields: frozenset[str]
    today: dt.date
    min_notice_days: int = 0


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE_WORDS


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def _date(spec: FieldSpec, raw: str, rules: FormRules, errors: list[str]) -> str:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(_("Enter the %(label)s as a date, YYYY-MM-DD.") % {"label": str(spec.label).lower()})
        return raw
    if spec.key == APPOINTMENT_DATE:
        earliest = rules.today + dt.timedelta(days=rules.min_notice_days)
        if day < rules.today:
            errors.append(_("The appointment date has passed."))
        elif day < earliest:
            errors.append(
                _(
                    "This program needs %(days)s days' notice: the appointment must be on %(date)s or later. "
                    "For an appointment sooner, call the plan."
                )
                % {"days": rules.min_notice_days, "date": day_text(earliest)}
            )
        elif day > rules.today + dt.timedelta(days=MAX_DAYS_AHEAD):
            errors.append(_("The appointment must be within a year."))
    return day.isoformat()


def _time(raw: str, errors: list[str]) -> str:
    try:
        moment = dt.time.fromisoformat(raw)
    except ValueError:
        errors.append(_("Enter the time as HH:MM on a 24-hour clock, such as 09:30 or 14:30."))
        return raw
    return moment.strftime("%H:%M")


def values_check(raw: Mapping[str, Any], rules: FormRules) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The program's values, cleaned, and each bad field's messages (empty when all is well). Keys the program
    does not ask for are ignored."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in rules.form_fields:
        spec = FIELDS[key]
        required = key not in rules.optional_fields
        found: list[str] = []
        if spec.kind == "attest":
            ticked = _truthy(raw.get(key))
            if required and not ticked:
                found.append(str(spec.required_message))
            cleaned[key] = ticked
        elif spec.kind == "address":
            choice = _text(raw.get(key))
            other = _text(raw.get(f"{key}_text"))
            if choice not in spec.choice_values:
                if required or other:
                    found.append(str(spec.required_message))
            elif choice == OTHER and not other:
                found.append(_("Type the address, or choose the address on file."))
            elif len(other) > spec.max_length:
                found.append(_("Keep the address under %(n)s characters.") % {"n": spec.max_length})
            if choice:
                cleaned[key] = choice
            if choice == OTHER:
                cleaned[f"{key}_text"] = other
        else:
            value = _text(raw.get(key))
            if not value:
                if required:
                    found.append(str(spec.required_message))
            elif spec.kind not in ("date", "time") and len(value) > spec.max_length:
                found.append(_("Keep it under %(n)s characters.") % {"n": spec.max_length})
            elif spec.kind == "choice" and value not in spec.choice_values:
                found.append(_("Choose one of the listed answers for %(label)s.") % {"label": str(spec.label).lower()})
            elif spec.kind == "date":
                value = _date(spec, value, rules, found)
            elif spec.kind == "time":
                value = _time(value, found)
            if value:
                cleaned[key] = value
        if found:
            errors[key] = found
    return cleaned, errors


def needed_on(cleaned: Mapping[str, Any], today: dt.date) -> dt.date:
    """The day the member needs the service: the appointment's date when the program asks for one."""
    value = cleaned.get(APPOINTMENT_DATE)
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return today
    return today


def display_value(key: str, value: Any) -> str:
    """A stored value as a person reads it: a choice's label, yes for a ticked box."""
    spec = FIELDS.get(key)
    if spec is None:
        return str(value)
    if spec.kind == "attest":
        return _("Confirmed") if value else _("Not confirmed")
    if spec.choices:
        labels = {k: str(v) for k, v in spec.choices}
        return labels.get(str(value), str(value))
    return str(value)


def details_rows(details: Mapping[str, Any], form_fields: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) for each field the request holds, in the program's order; a typed delivery address after
    its choice."""
    rows: list[tuple[str, str]] = []
    for key in form_fields:
        if key not in details:
            continue
        spec = FIELDS.get(key)
        label = str(spec.label) if spec else key
        if spec is not None and spec.kind == "attest":
            label = _("Attestation")
        value = display_value(key, details[key])
        text = details.get(f"{key}_text")
        if text:
            value = f"{value}: {text}"
        rows.append((label, value))
    return rows
