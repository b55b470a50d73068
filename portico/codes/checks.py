"""Is this code valid on this date of service? One answer for verify, the requirement check and (later) claims.

A code is written the way people write it: ``F32.A``, ``99213-25``, ``J1100``, ``0450``. Which system it
belongs to follows from its shape and from what is loaded: a dot means ICD-10-CM; four digits, a revenue code;
five characters ending in a digit or F/T/U, CPT; a letter and four digits, HCPCS (or, when no such HCPCS code
exists, the ICD-10-CM code written without its dot); two characters, a modifier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portico.codes.formats.base import normalize_code
from portico.codes.models import Code, CodeSystem

MAX_VERIFY_CODES = 200
CHILDREN_OFFERED = 12

_ICD = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")
_CPT = re.compile(r"^[0-9]{4}[0-9FTUM]$")
_HCPCS = re.compile(r"^[A-V][0-9]{4}$")
_REVENUE = re.compile(r"^[0-9]{4}$")
_TWO = re.compile(r"^[0-9A-Z]{2}$")
_SPLIT = re.compile(r"[\s,;]+")
# Codes of no telling shape: adjustment reasons and remarks (45, N130), provider taxonomies (207Q00000X).
_ANY_OTHER = (CodeSystem.CARC, CodeSystem.RARC, CodeSystem.TAXONOMY)


class CheckStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    NOT_BILLABLE = "not_billable"
    TERMINATED = "terminated"
    NOT_YET_EFFECTIVE = "not_yet_effective"


@dataclasses.dataclass(frozen=True, slots=True)
class CodeCheck:
    """The answer for one code as written, on one date of service."""

    text: str
    code: str
    status: CheckStatus
    message: str
    found: Code | None = None
    modifiers: tuple[CodeCheck, ...] = ()
    children: tuple[Code, ...] = ()
    also: tuple[Code, ...] = ()

    @property
    def system(self) -> str:
        return self.found.system if self.found else ""

    @property
    def ok(self) -> bool:
        return self.status == CheckStatus.VALID and all(m.ok for m in self.modifiers)


def systems_for_shape(written: str) -> tuple[str, ...]:
    """The systems a code written like this can belong to, most likely first."""
    text = written.strip().upper()
    code = normalize_code(text)
    if "." in text:
        return (CodeSystem.ICD10CM,) if _ICD.match(text) else ()
    if _REVENUE.match(code):
        return (CodeSystem.REVENUE, CodeSystem.CPT)
    if _CPT.match(code):
        return (CodeSystem.CPT,)
    if _HCPCS.match(code):
        return (CodeSystem.HCPCS, CodeSystem.ICD10CM)
    if _TWO.match(code):
        return (CodeSystem.MODIFIER, CodeSystem.POS, CodeSystem.GROUP, CodeSystem.CARC)
    if _ICD.match(code):
        return (CodeSystem.ICD10CM,)
    if code.isalnum():
        return _ANY_OTHER
    return ()


def _date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def code_status(code: Code, day: dt.date) -> tuple[CheckStatus, str]:
    label = CodeSystem(code.system).label
    if code.effective and day < code.effective:
        return CheckStatus.NOT_YET_EFFECTIVE, _("%(system)s code %(code)s takes effect on %(date)s.") % {
            "system": label,
            "code": code.display,
            "date": _date(code.effective),
        }
    if code.terminated and day > code.terminated:
        message = _("%(system)s code %(code)s was terminated on %(date)s.") % {
            "system": label,
            "code": code.display,
            "date": _date(code.terminated),
        }
        if code.replaced_by:
            message += " " + _("Use %(replacement)s instead.") % {"replacement": code.replaced_by}
        return CheckStatus.TERMINATED, message
    if not code.billable:
        return CheckStatus.NOT_BILLABLE, _(
            "%(code)s is a header, not a billable code: choose one of the codes under it."
        ) % {"code": code.display}
    return CheckStatus.VALID, _("Valid %(system)s code on %(date)s.") % {"system": label, "date": _date(day)}


def _children(code: Code, day: dt.date) -> tuple[Code, ...]:
    rows = (
        Code.objects.filter(system=code.system, code__gt=code.code, code__lt=code.code + "~", billable=True)
        .exclude(effective__gt=day)
        .exclude(terminated__lt=day)
        .order_by("code")[:CHILDREN_OFFERED]
    )
    return tuple(rows)


def code_check(*, written: str, day: dt.date, systems: Sequence[str] | None = None) -> CodeCheck:
    """Check one code as written (modifiers after hyphens: ``99213-25-59``) for a date of service.

    ``systems`` narrows where to look (a service line takes CPT, HCPCS or revenue codes, say); by default
    the shape of the code decides.
    """
    base, *modifier_texts = [part for part in written.strip().split("-") if part.strip()] or [""]
    code = normalize_code(base)
    if not code:
        return CodeCheck(text=written, code="", status=CheckStatus.INVALID, message=_("No code given."))
    candidates = systems_for_shape(base)
    if systems is not None:
        candidates = tuple(s for s in candidates if s in systems) or tuple(systems)
    rows = {row.system: row for row in Code.objects.filter(code=code, system__in=candidates)}
    chosen = next((rows[s] for s in candidates if s in rows), None)
    modifiers = tuple(code_check(written=text, day=day, systems=(CodeSystem.MODIFIER,)) for text in modifier_texts)
    if chosen is None:
        if candidates == _ANY_OTHER:
            message = _("%(code)s is not a code in any loaded code system.") % {"code": base.strip().upper()}
        elif candidates:
            wanted = " / ".join(str(CodeSystem(s).label) for s in candidates[:2])
            message = _("%(code)s is not a code in %(systems)s.") % {"code": base.strip().upper(), "systems": wanted}
        else:
            message = _("%(code)s is not written like any code we know.") % {"code": base.strip().upper()}
        return CodeCheck(text=written, code=code, status=CheckStatus.INVALID, message=message, modifiers=modifiers)
    status, message = code_status(chosen, day)
    children = _children(chosen, day) if status == CheckStatus.NOT_BILLABLE else ()
    also = tuple(row for system, row in rows.items() if system != chosen.system)
    return CodeCheck(
        text=written,
        code=code,
        status=status,
        message=message,
        found=chosen,
        modifiers=modifiers,
        children=children,
        also=also,
    )


def codes_split(text: str) -> list[str]:
    """A pasted list → the codes in it, in order, each with its modifiers (``99213-25``)."""
    return [token for token in _SPLIT.split(text.strip()) if token]


def codes_verify(*, text: str, day: dt.date) -> list[CodeCheck]:
    """Check every code of a pasted list (of mixed systems) for one date of service."""
    return [code_check(written=token, day=day) for token in codes_split(text)[:MAX_VERIFY_CODES]]
