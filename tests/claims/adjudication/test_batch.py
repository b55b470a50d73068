"""Claims adjudicated together (``claims_adjudicate``) end as they would one at a time: each claim decided in
claim order, an earlier claim of the batch counting as the original of a later duplicate, every line's outcome,
amounts and pend reason written, and a claim not waiting left alone."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from portico.claims import tasks
from portico.claims.adjudication.pipeline import claim_adjudicate, claims_adjudicate, claims_waiting
from portico.claims.models import Claim, ClaimEvent, ClaimLine, ClaimStatus, EventKind, LineStatus
from portico.claims.tasks import claim_adjudicate_task
from portico.common.bulk import rows_update
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def _outcome(claim_id: int) -> list[tuple[object, ...]]:
    return [
        (line.number, line.status, line.allowed, line.paid, line.member_responsibility, line.pend_rule,
         [(a.group, a.reason, a.amount) for a in line.adjustments.order_by("pk")])
        for line in ClaimLine.objects.filter(claim_id=claim_id).order_by("number")
    ]  # fmt: skip


def test_a_batch_ends_each_claim_as_one_at_a_time_would(submitted, contracted):
    lines = contracted.professional()["lines"]
    suspect = [dict(lines[0], charge="130.00")]
    shapes = [{}, {}, {"lines": suspect}, {"patient_account_number": "OTHER"}]
    alone = [submitted(**shape) for shape in shapes]
    for claim in alone:
        claim_adjudicate(claim_id=claim.pk)
    expected = [_outcome(c.pk) for c in alone]
    ClaimLine.objects.filter(claim__in=alone).update(status=LineStatus.DENIED)  # out of the way of the second run

    together = [submitted(**shape) for shape in shapes]
    assert claims_waiting() == [c.pk for c in together]
    done = claims_adjudicate(claim_ids=[c.pk for c in reversed(together)])
    assert [c.pk for c in done] == [c.pk for c in together]  # locked and decided in claim order
    assert [_outcome(c.pk) for c in together] == expected
    assert [c.status for c in done] == [
        ClaimStatus.FINALIZED, ClaimStatus.FINALIZED, ClaimStatus.PENDED, ClaimStatus.FINALIZED,
    ]  # fmt: skip
    assert claims_waiting() == []
    assert ClaimEvent.objects.filter(claim__in=together, kind=EventKind.ADJUDICATED).count() == 4


def test_a_later_claim_of_the_batch_is_the_duplicate_of_an_earlier_one(submitted):
    first, again = submitted(), submitted()
    claims_adjudicate(claim_ids=[first.pk, again.pk])
    assert adjust(first, 1)[0] == ("CO", "45", "45.00")
    assert adjust(again, 1) == [("CO", "18", "125.00")]
    assert first.icn in again.lines.get(number=1).adjustments.get().explanation_text


def test_a_line_the_batch_denied_is_no_original_for_a_later_claim(submitted):
    original, repeat, third = submitted(), submitted(), submitted()
    claims_adjudicate(claim_ids=[original.pk])
    claims_adjudicate(claim_ids=[repeat.pk, third.pk])
    # The repeat is denied as a duplicate of the original; the third names the original, not the denied repeat.
    for claim in (repeat, third):
        explanation = claim.lines.get(number=1).adjustments.get().explanation_text
        assert original.icn in explanation
        assert repeat.icn not in explanation


def test_claims_not_waiting_are_left_as_they_are(adjudicated, submitted):
    done = adjudicated()
    before = _outcome(done.pk)
    fresh = submitted(patient_account_number="NEW-1")
    claims_adjudicate(claim_ids=[done.pk, fresh.pk])
    assert _outcome(done.pk) == before
    assert ClaimEvent.objects.filter(claim=done, kind=EventKind.ADJUDICATED).count() == 1
    fresh.refresh_from_db()
    assert fresh.status == ClaimStatus.FINALIZED


def test_rows_update_writes_each_rows_own_values_nulls_and_json(adjudicated):
    claim = adjudicated()
    one, two = claim.lines.order_by("number")
    one.status, one.allowed, one.paid, one.pend_params = LineStatus.PENDED, None, None, {"icn": "X", "n": "2"}
    two.allowed, two.pend_reason = Decimal("12.34"), "a reason's text"
    assert rows_update(ClaimLine, [one, two], ["status", "allowed", "paid", "pend_params", "pend_reason"]) == 2
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, one.allowed, one.paid, one.pend_params) == (
        LineStatus.PENDED,
        None,
        None,
        {"icn": "X", "n": "2"},
    )
    assert (two.allowed, two.pend_reason, two.status) == (Decimal("12.34"), "a reason's text", LineStatus.PAID)


def test_the_command_adjudicates_every_waiting_claim_in_batches(submitted):
    made = [submitted(patient_account_number=f"CMD-{n}") for n in range(3)]
    out = io.StringIO()
    call_command("claims", "adjudicate", "--batch", "2", stdout=out)
    assert out.getvalue().strip() == "3 claims adjudicated."
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in made])} == {ClaimStatus.FINALIZED}
    call_command("claims", "adjudicate", stdout=out)
    assert out.getvalue().strip().endswith("0 claims adjudicated.")
    with pytest.raises(CommandError, match="--batch"):
        call_command("claims", "adjudicate", "--batch", "0")


def test_the_task_of_one_claim_takes_the_other_waiting_claims_along(submitted):
    mine, other = submitted(), submitted(patient_account_number="OTHER")
    assert claim_adjudicate_task.call(claim_id=mine.pk) == ClaimStatus.FINALIZED
    other.refresh_from_db()
    assert other.status == ClaimStatus.FINALIZED
    assert claim_adjudicate_task.call(claim_id=other.pk) == ClaimStatus.FINALIZED  # its own task finds it done


def test_when_the_batch_fails_the_task_adjudicates_its_claim_alone(submitted, monkeypatch):
    mine, other = submitted(), submitted(patient_account_number="OTHER")
    real = tasks.claims_adjudicate

    def fails_with_others(*, claim_ids: list[int]) -> list[Claim]:
        if len(claim_ids) > 1:
            raise RuntimeError("a rule broke on another claim")
        return real(claim_ids=claim_ids)

    monkeypatch.setattr(tasks, "claims_adjudicate", fails_with_others)
    assert claim_adjudicate_task.call(claim_id=mine.pk) == ClaimStatus.FINALIZED
    other.refresh_from_db()
    assert other.status == ClaimStatus.RECEIVED  # left for its own task
