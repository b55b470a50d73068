"""A small set of real codes, written straight into the database, for search, verify and page tests."""

from __future__ import annotations

import datetime as dt

import pytest

from portico.codes.models import Code
from portico.codes.search import search_index_refresh

CODES = [
    # system, code, display, description, billable, parent, effective, terminated, replaced_by
    ("icd10cm", "R07", "R07", "Pain in throat and chest", False, "", None, None, ""),
    ("icd10cm", "R071", "R07.1", "Chest pain on breathing", True, "R07", None, None, ""),
    ("icd10cm", "R072", "R07.2", "Precordial pain", True, "R07", None, None, ""),
    ("icd10cm", "R078", "R07.8", "Other chest pain", False, "R07", None, None, ""),
    ("icd10cm", "R0789", "R07.89", "Other chest pain", True, "R078", None, None, ""),
    ("icd10cm", "R079", "R07.9", "Chest pain, unspecified", True, "R07", None, None, ""),
    ("icd10cm", "F32", "F32", "Depressive episode", False, "", None, None, ""),
    ("icd10cm", "F32A", "F32.A", "Depression, unspecified", True, "F32", None, None, ""),
    (
        "icd10cm",
        "J1100",
        "J11.00",
        "Influenza due to unidentified influenza virus with unspecified type of pneumonia",
        True,
        "J110",
        None,
        None,
        "",
    ),
    ("icd10cm", "M545", "M54.5", "Low back pain", True, "M54", None, dt.date(2021, 9, 30), "M54.50, M54.51, M54.59"),
    ("cpt", "99213", "99213", "Office visit, established patient, low complexity", True, "", None, None, ""),
    ("cpt", "0042T", "0042T", "Brain perfusion imaging with CT", True, "", None, dt.date(2025, 12, 31), ""),
    ("hcpcs", "J1100", "J1100", "Injection, dexamethasone sodium phosphate, 1 mg", True, "", None, None, ""),
    ("hcpcs", "G0999", "G0999", "A code that starts next year", True, "", dt.date(2027, 1, 1), None, ""),
    ("modifier", "25", "25", "Significant, separate E/M service on the same day", True, "", None, None, ""),
    (
        "modifier",
        "GT",
        "GT",
        "Via interactive audio and video telecommunication",
        True,
        "",
        None,
        dt.date(2017, 12, 31),
        "",
    ),
    ("revenue", "0450", "0450", "Emergency room, general", True, "", None, None, ""),
]


@pytest.fixture
def codes() -> None:
    Code.objects.bulk_create(
        Code(
            system=system,
            code=code,
            display=display,
            short_description=text,
            billable=billable,
            parent=parent,
            effective=effective,
            terminated=terminated,
            replaced_by=replaced_by,
            search_text=f"{display} {code} {text}",
        )
        for system, code, display, text, billable, parent, effective, terminated, replaced_by in CODES
    )
    search_index_refresh()
