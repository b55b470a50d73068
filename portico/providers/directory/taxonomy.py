"""Specialties as the public directory names them: NUCC taxonomy codes with plain-language labels.

The directory offers the specialties its practitioners have; a code without a label here shows as the code. The
full NUCC list lives in the codes app (``portico codes``) for verification; this short list is what a member
looking for a doctor reads."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SPECIALTIES: dict[str, Promise] = {
    "207Q00000X": _("Family medicine"),
    "207R00000X": _("Internal medicine"),
    "208000000X": _("Pediatrics"),
    "363LF0000X": _("Family nurse practitioner"),
    "363AM0700X": _("Physician assistant (medical)"),
    "207RC0000X": _("Cardiology"),
    "207RI0011X": _("Interventional cardiology"),
    "363LA2100X": _("Acute care nurse practitioner"),
    "208M00001X": _("Hospitalist"),
    "207P00000X": _("Emergency medicine"),
    "207V00000X": _("Obstetrics and gynecology"),
    "208600000X": _("Surgery"),
    "2085R0202X": _("Diagnostic radiology"),
    "1223G0001X": _("General dentistry"),
    "124Q00000X": _("Dental hygienist"),
    "2084P0800X": _("Psychiatry"),
    "363LP0808X": _("Psychiatric nurse practitioner"),
    "1041C0700X": _("Clinical social worker"),
    "101YP2500X": _("Professional counselor"),
    "103TC0700X": _("Clinical psychologist"),
    "261QF0400X": _("Federally qualified health center"),
    "261QM0801X": _("Mental health clinic"),
    "282N00000X": _("General acute care hospital"),
}

TAXONOMY_FORMAT = re.compile(r"\d{3}[0-9A-Z]{6}X")


def specialty_label(code: str) -> str:
    return str(SPECIALTIES.get(code, code))


def is_taxonomy_code(value: str) -> bool:
    """Ten characters in the NUCC shape: three digits, six letters or digits, and a final X."""
    return bool(TAXONOMY_FORMAT.fullmatch(value or ""))
