"""The demo world's prior-authorization code lists: Summit Specialty Review (from 2026-05-01), and for each line
of business a No-Auth list and a Summit list, loaded from ``demo/lists/*.csv`` through the same upload and
publish services staff use. Re-runnable: a version already published for its list and date is left alone.

North Coast CCO shows history: a 2025 No-Auth list, the 2026 one, and from 2026-09-01 physical therapy
treatment codes (97110, 97140, 97530) moved from the Summit list to the No-Auth list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from portico.accounts.models import User
from portico.codes.list_services import code_list_version_publish, code_list_version_upload, review_vendor_ensure
from portico.codes.models import CodeListVersion, ListKind, ReviewVendor, VersionStatus
from portico.plans.models import LineOfBusiness

LISTS_DIR = Path(__file__).parent / "demo" / "lists"
SUMMIT_STARTS = dt.date(2026, 5, 1)
EDITOR_USERNAME = "editor"  # the content-editor persona, named as uploader and publisher when present


@dataclass(frozen=True)
class DemoVersion:
    lob: str
    vendor: str | None  # a vendor key, or None for the No-Auth list
    effective: dt.date
    file_name: str
    note: str


def _spread(
    lobs: tuple[str, ...], vendor: str | None, effective: dt.date, file_name: str, note: str
) -> list[DemoVersion]:
    return [DemoVersion(lob, vendor, effective, file_name, note) for lob in lobs]


CCOS = ("NCCCO", "WVCCO", "MGCCO")
DEMO_VERSIONS: tuple[DemoVersion, ...] = (
    DemoVersion("NCCCO", None, dt.date(2025, 1, 1), "nccco-no-auth-2025-01-01.csv", "2025 No-Auth list."),
    *_spread(CCOS, None, dt.date(2026, 1, 1), "cco-no-auth-2026-01-01.csv", "2026 No-Auth list: crisis therapy added."),
    DemoVersion(
        "NCCCO", None, dt.date(2026, 9, 1), "nccco-no-auth-2026-09-01.csv", "Physical therapy treatment needs no auth."
    ),
    DemoVersion("CADSNP", None, dt.date(2026, 1, 1), "dsnp-no-auth-2026-01-01.csv", "2026 No-Auth list."),
    *_spread(CCOS, "summit", SUMMIT_STARTS, "summit-2026-05-01.csv", "Summit Specialty Review starts."),
    DemoVersion("CADSNP", "summit", SUMMIT_STARTS, "dsnp-summit-2026-05-01.csv", "Summit Specialty Review starts."),
    DemoVersion(
        "NCCCO", "summit", dt.date(2026, 9, 1), "nccco-summit-2026-09-01.csv", "Physical therapy treatment moved off."
    ),
)


def summit_vendor_ensure() -> ReviewVendor:
    return review_vendor_ensure(
        key="summit",
        name="Summit Specialty Review",
        starts=SUMMIT_STARTS,
        phone="888-555-0177",
        fax="888-555-0178",
        how_to_submit=(
            "Submit the request in the Summit Specialty Review web portal (sign in through Northwest Provider Hub), "
            "or call. Fax clinical notes to the number below with the request number Summit gives you."
        ),
    )


def code_lists_demo_load() -> list[CodeListVersion]:
    """Create the demo vendor and publish every demo list version not yet published; return the new ones."""
    vendors = {"summit": summit_vendor_ensure()}
    lobs = {lob.code: lob for lob in LineOfBusiness.objects.filter(code__in={v.lob for v in DEMO_VERSIONS})}
    editor = User.objects.filter(username=EDITOR_USERNAME).first()
    created = []
    for spec in DEMO_VERSIONS:
        lob = lobs.get(spec.lob)
        if lob is None:
            continue
        vendor = vendors[spec.vendor] if spec.vendor else None
        already = CodeListVersion.objects.filter(
            code_list__line_of_business=lob,
            code_list__kind=ListKind.VENDOR if vendor else ListKind.NO_AUTH,
            code_list__vendor=vendor,
            effective=spec.effective,
            status=VersionStatus.PUBLISHED,
        ).exists()
        if already:
            continue
        draft = code_list_version_upload(
            line_of_business=lob,
            vendor=vendor,
            effective=spec.effective,
            file_name=spec.file_name,
            content=(LISTS_DIR / spec.file_name).read_bytes(),
            note=spec.note,
            user=editor,
        )
        created.append(code_list_version_publish(version=draft, user=editor))
    return created
