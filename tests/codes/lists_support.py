"""A small world of code lists for the requirement-check tests, built through the upload and publish services.

Two lines of business (North Coast-like ``nc`` and a D-SNP), two vendors — Summit Specialty Review from
2026-05-01 and Beacon Sleep Partners from 2026-07-01 — and these published versions:

| list | effective | codes |
| --- | --- | --- |
| nc No-Auth v1 | 2026-01-01 | 99213, 90834 |
| nc No-Auth v2 | 2026-08-01 | 99213, 90834, 97110 (moved off Summit's list) |
| nc Summit v1 | 2026-05-01 | 70551, 73721, 97110, 95810, 81162, 0037U (not loaded) |
| nc Beacon v1 | 2026-07-01 | G0399, 95806 |
| dsnp No-Auth v1 | 2026-01-01 | 99213, 70551 |
| dsnp Summit v1 | 2026-05-01 | 73721 |

Codes are written straight into the code sets (never the real files), including a terminated CPT code
(99201), a header (80000), a code not yet effective (0999T) and three modifiers (25, 26, RT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from portico.accounts.models import StaffRole, User
from portico.codes.list_services import code_list_version_publish, code_list_version_upload, review_vendor_ensure
from portico.codes.models import Code, CodeListVersion, ReviewVendor
from portico.plans.models import LineOfBusiness
from tests import factories

SUMMIT_STARTS = dt.date(2026, 5, 1)
BEACON_STARTS = dt.date(2026, 7, 1)

CODES = [
    # system, code, description, effective, terminated, billable
    ("cpt", "99213", "Established patient office visit", None, None, True),
    ("cpt", "90834", "Psychotherapy, 45 minutes", None, None, True),
    ("cpt", "70551", "Brain MRI without contrast", None, None, True),
    ("cpt", "73721", "Knee MRI without contrast", None, None, True),
    ("cpt", "97110", "Therapeutic exercise", None, None, True),
    ("cpt", "95810", "Sleep study in a lab", None, None, True),
    ("cpt", "95806", "Home sleep test", None, None, True),
    ("cpt", "81162", "BRCA1 and BRCA2 full gene analysis", None, None, True),
    ("cpt", "27447", "Total knee replacement", None, None, True),
    ("cpt", "99201", "New patient office visit (deleted)", None, dt.date(2020, 12, 31), True),
    ("cpt", "80000", "A header row, not a code to bill", None, None, False),
    ("cpt", "0999T", "A code that starts next year", dt.date(2027, 1, 1), None, True),
    ("hcpcs", "G0399", "Home sleep test, type III", None, None, True),
    ("hcpcs", "E0601", "CPAP machine", None, None, True),
    ("modifier", "25", "Separate visit on the same day", None, None, True),
    ("modifier", "RT", "Right side", None, None, True),
    ("modifier", "26", "Professional part only", None, None, True),
]


def codes_create() -> None:
    Code.objects.bulk_create(
        Code(
            system=system,
            code=code,
            display=code,
            short_description=description,
            effective=effective,
            terminated=terminated,
            billable=billable,
        )
        for system, code, description, effective, terminated, billable in CODES
    )


def csv_bytes(rows: Iterable[Iterable[str]], header: str = "code,system,category,note") -> bytes:
    lines = [header] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def publish(
    *,
    lob: LineOfBusiness,
    vendor: ReviewVendor | None,
    effective: dt.date,
    rows: Iterable[Iterable[str]],
    user: User | None = None,
) -> CodeListVersion:
    draft = code_list_version_upload(
        line_of_business=lob,
        vendor=vendor,
        effective=effective,
        file_name=f"list-{effective.isoformat()}.csv",
        content=csv_bytes(rows),
        user=user,
    )
    return code_list_version_publish(version=draft, user=user)


@dataclass
class ListsWorld:
    nc: LineOfBusiness
    dsnp: LineOfBusiness
    summit: ReviewVendor
    beacon: ReviewVendor
    editor: User


def summit_create() -> ReviewVendor:
    return review_vendor_ensure(
        key="summit",
        name="Summit Specialty Review",
        starts=SUMMIT_STARTS,
        phone="888-555-0177",
        fax="888-555-0178",
        how_to_submit="Submit in the Summit portal.",
    )


def lists_world_build(*, nc: LineOfBusiness | None = None) -> ListsWorld:
    codes_create()
    nc = nc or factories.LineOfBusinessFactory(code="NCCCO", name="North Coast CCO")
    dsnp = factories.LineOfBusinessFactory(code="CADSNP", name="Cascadia Advantage Dual", program="medicare_advantage")
    summit = summit_create()
    beacon = review_vendor_ensure(
        key="beacon", name="Beacon Sleep Partners", starts=BEACON_STARTS, phone="888-555-0190", fax="888-555-0191"
    )
    editor = factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value])
    d = dt.date
    publish(lob=nc, vendor=None, effective=d(2026, 1, 1), rows=[("99213", "", "", ""), ("90834", "", "", "")])
    publish(
        lob=nc,
        vendor=None,
        effective=d(2026, 8, 1),
        rows=[("99213", "", "", ""), ("90834", "", "", ""), ("97110", "cpt", "", "Moved from Summit")],
    )
    publish(
        lob=nc,
        vendor=summit,
        effective=SUMMIT_STARTS,
        rows=[
            ("70551", "cpt", "Diagnostic imaging", ""),
            ("73721", "cpt", "Diagnostic imaging", ""),
            ("97110", "cpt", "MSK and physical medicine", ""),
            ("95810", "cpt", "Sleep medicine", ""),
            ("81162", "cpt", "Genetic testing", ""),
            ("0037U", "cpt", "Genetic testing", ""),
        ],
    )
    publish(
        lob=nc,
        vendor=beacon,
        effective=BEACON_STARTS,
        rows=[("G0399", "hcpcs", "Sleep medicine", ""), ("95806", "", "Sleep medicine", "")],
    )
    publish(lob=dsnp, vendor=None, effective=d(2026, 1, 1), rows=[("99213", "", "", ""), ("70551", "", "", "")])
    publish(lob=dsnp, vendor=summit, effective=SUMMIT_STARTS, rows=[("73721", "", "Diagnostic imaging", "")])
    return ListsWorld(nc=nc, dsnp=dsnp, summit=summit, beacon=beacon, editor=editor)
