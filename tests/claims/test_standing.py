"""Where a claim stands, as the list, the detail page and the API say it: a finalized claim is paid, partly paid or
denied, before and after the remittance that reports it; every other claim shows its status and what comes next."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portico.claims.models import (
    ClaimStatus,
    Frequency,
    LineStatus,
    LineTally,
    Outcome,
    Standing,
    claim_standing,
    line_tally,
    next_step,
)

REMITTED = dt.date(2026, 11, 26)


def standing(
    tally: LineTally,
    *,
    status: str = ClaimStatus.FINALIZED,
    frequency: str = Frequency.ORIGINAL,
    remitted: bool = False,
) -> Standing:
    return claim_standing(
        status=status,
        frequency=frequency,
        tally=tally,
        remitted_on=REMITTED if remitted else None,
        remittance_number="2026112600002600003" if remitted else "",
    )


def test_lines_are_tallied_by_outcome_with_the_paid_total() -> None:
    tally = line_tally(
        [(LineStatus.PAID, Decimal("126.90")), (LineStatus.DENIED, Decimal("0")), (LineStatus.PAID, None)]
    )
    assert tally == LineTally(paid=2, denied=1, paid_total=Decimal("126.90"))
    assert tally.outcome == Outcome.PARTLY_PAID
    assert line_tally([]).outcome is None


def test_a_finalized_claim_before_its_remittance_says_what_the_plan_pays_and_when() -> None:
    said = standing(LineTally(paid=2, paid_total=Decimal("1168.40")))
    assert said.label == "Finalized"
    assert said.outcome == Outcome.PAID
    assert said.next_step == (
        "Adjudication is done: the plan pays $1,168.40. Next: the weekly payment run sends it, and its remittance "
        "advice lists the claim."
    )


def test_a_paid_claim_names_its_payment_and_says_nothing_more_happens() -> None:
    said = standing(LineTally(paid=1, paid_total=Decimal("126.90")), remitted=True)
    assert said.label == "Paid"
    assert said.next_step == (
        "$126.90 paid on 11/26/2026 in payment 2026112600002600003. Nothing more happens unless you correct or "
        "void the claim."
    )


def test_a_partly_paid_claim_points_at_its_denied_lines() -> None:
    said = standing(LineTally(paid=1, denied=2, paid_total=Decimal("40.00")), remitted=True)
    assert said.label == "Partly paid"
    assert said.next_step.endswith("The denied lines say why and what you can do.")
    before = standing(LineTally(paid=1, denied=2, paid_total=Decimal("40.00")))
    assert before.label == "Finalized"
    assert before.next_step.endswith("The denied lines say why and what you can do.")


def test_a_denied_claim_says_so_before_and_after_its_remittance() -> None:
    assert standing(LineTally(denied=3)).next_step == (
        "Every line was denied; each says why and what you can do. Next: the denial appears on the next remittance "
        "advice."
    )
    after = standing(LineTally(denied=3), remitted=True)
    assert after.label == "Denied"
    assert after.next_step.endswith("Reported on the remittance advice of 11/26/2026 (payment 2026112600002600003).")


@pytest.mark.parametrize(
    "status", [ClaimStatus.RECEIVED, ClaimStatus.IN_PROCESS, ClaimStatus.PENDED, ClaimStatus.REPLACED]
)
def test_other_claims_show_their_status_and_its_next_step(status: str) -> None:
    said = standing(LineTally(paid=1, paid_total=Decimal("10")), status=status)
    assert (said.label, said.next_step, said.outcome) == (str(ClaimStatus(status).label), next_step(status), None)


def test_a_recorded_void_keeps_its_own_next_step() -> None:
    said = standing(LineTally(), frequency=Frequency.VOID)
    assert said.label == "Finalized"
    assert said.next_step.startswith("The void is recorded and the claim it cancels is closed.")
