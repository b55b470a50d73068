"""The demo world's claims (all synthetic): six months of history, then a handful of well-known claims.

First the history (``portico/claims/demo_history.py``): a few hundred claims of four demo organizations over
the past six months, paid, denied, pended, corrected and voided, with the weekly payment runs that paid them.

Then the well-known claims, submitted through the real services by the ``biller`` persona for Thimbleberry
Family Medicine — professional and institutional, one corrected and one voided. Each is **adjudicated** as it
would be after submit (the pipeline runs here directly, not through the task queue, so the demo is complete when
the command ends): one claim sent twice is denied as an exact duplicate (CO-18); the others are priced on the
standard contracted schedule (``portico/pricing/demo.py``; with the Medicare files loaded, on Thimbleberry's
own MPFS-derived schedule) and paid; should a line find no rate, the ``examiner`` persona prices Harold's visit
by hand. Dates of service are in the three weeks before the last weekly payment run before the demo world's
as-of date (or today, if that is earlier); the claims were received in the week before that run, which pays them
(``portico/payments/demo.py``). Made once:
their idempotency keys start with ``KEY_PREFIX``; ``claim_demo_ensure`` runs after the prior-authorization
demo, from ``portico demo-data`` and ``portico codes demo``, and makes nothing until both the world and the code
sets are there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from portico.accounts.models import User
from portico.claims.adjudication.examiner import claim_line_release
from portico.claims.demo_history import DIAGNOSES as HISTORY_DIAGNOSES
from portico.claims.demo_history import KEY as HISTORY_KEY
from portico.claims.demo_history import PROCEDURES as HISTORY_PROCEDURES
from portico.claims.demo_history import adjudicate_at, backdate_receipt, claim_history_load
from portico.claims.models import Claim, ClaimEvent, ClaimStatus, LineStatus
from portico.claims.services import claim_submit, claim_void
from portico.codes.models import Code, CodeSystem
from portico.common.access import Actor
from portico.common.dates import today
from portico.common.errors import DomainError
from portico.common.models import Channel
from portico.demo.build import demo_world_loaded
from portico.demo.wellknown import WELL_KNOWN
from portico.payments.demo import thursday_before
from portico.providers.models import ProviderOrganization
from portico.providers.queries import practitioners_of

KEY_PREFIX = "demo-claim-"
BILLER = "biller"
EXAMINER = "examiner"
ORGANIZATION = "Thimbleberry Family Medicine, P.C."
PROCEDURES = tuple(sorted({"99213", "99214", "87880", *HISTORY_PROCEDURES}))
DIAGNOSES = tuple(sorted({"J02.9", "E11.9", "I10", "Z00.129", *HISTORY_DIAGNOSES}))


def claim_demo_loaded() -> bool:
    return Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists()


def demo_codes_missing() -> list[str]:
    have = set(
        Code.objects.filter(system__in=(CodeSystem.CPT, CodeSystem.HCPCS), code__in=PROCEDURES).values_list(
            "code", flat=True
        )
    )
    dx = {code.replace(".", ""): code for code in DIAGNOSES}
    have_dx = set(Code.objects.filter(system=CodeSystem.ICD10CM, code__in=dx).values_list("code", flat=True))
    return sorted(set(PROCEDURES) - have) + sorted(written for code, written in dx.items() if code not in have_dx)


def _member(n: int) -> dict[str, str]:
    wk = WELL_KNOWN[n - 1]
    return {"member_id": wk.member_number, "birth_date": wk.birth_date.isoformat()}


def _line(day: dt.date, code: str, charge: str, pointers: list[int], modifiers: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "service_from": day.isoformat(),
        "place_of_service": "11",
        "code": code,
        "modifiers": list(modifiers),
        "units": "1",
        "charge": charge,
        "diagnosis_pointers": pointers,
    }


def claim_demo_load(*, as_of: dt.date) -> int:
    """Submit the demo claims as of ``as_of``; return how many claims were made (0 when already there)."""
    if claim_demo_loaded():
        return 0
    user = User.objects.filter(username=BILLER).first()
    organization = ProviderOrganization.objects.filter(legal_name=ORGANIZATION).first()
    if user is None or organization is None:
        raise DomainError(f"The demo persona {BILLER!r} or {ORGANIZATION} is missing.")
    actor = Actor(user=user, organization_id=organization.pk, channel=Channel.WEB)
    npi = practitioners_of(organization_id=organization.pk).values_list("npi", flat=True).first() or ""
    base = min(as_of, today())
    claim_history_load(as_of=base)
    # Served in the three weeks before the last weekly payment run, received in the week before it, so that run
    # pays them (a payment never predates the claim it pays: ``portico/payments/demo.py``).
    last_run = thursday_before(base)

    def day(n: int) -> dt.date:
        return last_run - dt.timedelta(days=n - 3)

    received: dict[int, dt.datetime] = {}

    def on(claim: Claim, days_before_run: int) -> Claim:
        at = dt.datetime.combine(last_run - dt.timedelta(days=days_before_run), dt.time(9, len(received)))
        received[claim.pk] = timezone.make_aware(at)
        return backdate_receipt(claim, received[claim.pk])

    def professional(
        key: str, member: int, account: str, dx: list[str], lines: list[dict[str, Any]], **more: Any
    ) -> Claim:
        data = {"kind": "professional", **_member(member), "patient_account_number": account, "rendering_npi": npi,
                "diagnoses": dx, "lines": lines, **more}  # fmt: skip
        return claim_submit(actor=actor, data=data, idempotency_key=KEY_PREFIX + key).claim

    with transaction.atomic():
        on(professional("maria-visit", 1, "TFM-10231", ["J02.9"],
                        [_line(day(21), "99213", "145.00", [1]), _line(day(21), "87880", "38.00", [1])]),
           6)  # fmt: skip
        on(professional("harold-visit", 2, "TFM-10244", ["E11.9", "I10"], [_line(day(14), "99214", "210.00", [1, 2])]),
           6)  # fmt: skip
        institutional = {
            "kind": "institutional", **_member(6), "patient_account_number": "TFM-H-5520", "type_of_bill": "0131",
            "admission_type": "3", "admission_source": "1", "discharge_status": "01", "diagnoses": ["J02.9"],
            "condition_codes": [], "occurrence_codes": [{"code": "11", "date": day(10).isoformat()}],
            "lines": [
                {"service_from": day(9).isoformat(), "revenue_code": "0510", "code": "99213", "units": "1",
                 "charge": "180.00"},
                {"service_from": day(9).isoformat(), "revenue_code": "0300", "code": "87880", "units": "1",
                 "charge": "42.00"},
            ],
        }  # fmt: skip
        on(claim_submit(actor=actor, data=institutional, idempotency_key=KEY_PREFIX + "olivia-outpatient").claim,
           4)  # fmt: skip
        wrong = on(professional("sofia-visit", 7, "TFM-10260", ["Z00.129"], [_line(day(12), "99213", "14.50", [1])]),
                   5)  # fmt: skip
        on(professional("sofia-corrected", 7, "TFM-10260", ["Z00.129"], [_line(day(12), "99213", "145.00", [1])],
                        frequency="7", replaces=wrong.icn), 3)  # fmt: skip
        twice = on(professional("daniel-twice", 5, "TFM-10266", ["J02.9"], [_line(day(7), "99213", "145.00", [1])]),
                   3)  # fmt: skip
        on(claim_void(actor=actor, icn=twice.icn or "", idempotency_key=KEY_PREFIX + "daniel-void").claim, 2)
        on(professional("maria-sent-again", 1, "TFM-10231", ["J02.9"],
                        [_line(day(21), "99213", "145.00", [1]), _line(day(21), "87880", "38.00", [1])]),
           1)  # fmt: skip
    for claim in (
        Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX)
        .exclude(idempotency_key__startswith=HISTORY_KEY)
        .order_by("pk")
    ):
        adjudicate_at(claim, received[claim.pk])
    harold = Claim.objects.get(idempotency_key=KEY_PREFIX + "harold-visit")
    _examiner_prices(harold, at=received[harold.pk] + dt.timedelta(days=1))
    return Claim.objects.filter(idempotency_key__startswith=KEY_PREFIX).count()


def _examiner_prices(claim: Claim, *, at: dt.datetime) -> None:
    """The examiner prices a line no schedule priced (as a demo without the Medicare files leaves it), on ``at``."""
    examiner = User.objects.filter(username=EXAMINER).first()
    line = claim.lines.filter(status=LineStatus.PENDED, pend_rule="pricing").first()
    if examiner is None or line is None or claim.status != ClaimStatus.PENDED:
        return
    claim_line_release(
        actor=Actor(user=examiner, organization_id=None, channel=Channel.WEB),
        claim_id=claim.pk,
        line_number=line.number,
        note="Priced by hand at the clinic's contracted rate.",
        allowed=(line.charge * Decimal("0.80")).quantize(Decimal("0.01")),
    )
    ClaimEvent.objects.filter(claim=claim, at__gt=at - dt.timedelta(hours=12)).update(at=at)
    Claim.objects.filter(pk=claim.pk).update(updated_at=at)


def claim_demo_ensure() -> str:
    """Load the demo claims if the demo world and the codes are there and the claims are not; say what happened
    ("" when the database holds no finished demo world)."""
    build = demo_world_loaded()
    if build is None or not build.finished:
        return ""
    if claim_demo_loaded():
        return "Demo claims: already there."
    missing = demo_codes_missing()
    if missing:
        return f"Demo claims: waiting for the code sets ({len(missing)} codes missing)."
    try:
        made = claim_demo_load(as_of=build.as_of)
    except DomainError as exc:
        return f"Demo claims: none made. {exc.message}"
    return f"Demo claims: {made} submitted and adjudicated."
