"""Checks for the identifiers of US health care: NPI (Luhn with prefix 80840) and the Medicare MBI."""

from __future__ import annotations

import re

NPI_PREFIX = "80840"


def _luhn_sum(digits: str) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes ``first_nine`` a valid NPI."""
    if not re.fullmatch(r"\d{9}", first_nine):
        raise ValueError("an NPI starts with nine digits")
    # Append a placeholder 0 so the doubling lands on the right digits, then solve for it.
    remainder = _luhn_sum(NPI_PREFIX + first_nine + "0") % 10
    return str((10 - remainder) % 10)


def is_valid_npi(value: str) -> bool:
    """True when ``value`` is ten digits whose last is the Luhn check digit over 80840 + the first nine."""
    if not re.fullmatch(r"\d{10}", value or ""):
        return False
    return _luhn_sum(NPI_PREFIX + value) % 10 == 0


# MBI: 11 characters. Positions: 1 C(1-9), 2 A, 3 AN, 4 N, 5 A, 6 AN, 7 N, 8 A, 9 A, 10 N, 11 N.
# Letters exclude S, L, O, I, B, Z.
_MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"
_MBI_RE = re.compile(
    rf"[1-9][{_MBI_ALPHA}][{_MBI_ALPHA}0-9][0-9][{_MBI_ALPHA}][{_MBI_ALPHA}0-9][0-9]"
    rf"[{_MBI_ALPHA}][{_MBI_ALPHA}][0-9][0-9]"
)
MBI_ALPHABET = _MBI_ALPHA


def normalize_mbi(value: str) -> str:
    return (value or "").replace("-", "").replace(" ", "").upper()


def is_valid_mbi(value: str) -> bool:
    """True when ``value`` (dashes allowed) has the CMS Medicare Beneficiary Identifier format."""
    return bool(_MBI_RE.fullmatch(normalize_mbi(value)))


def is_valid_tin(value: str) -> bool:
    return bool(re.fullmatch(r"\d{9}", (value or "").replace("-", "")))
