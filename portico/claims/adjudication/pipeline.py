"""The adjudication pipeline: the rules in order, and the services that run it (after submit, from a task) and
that let a claims examiner finish a pended line.

Order (docs/claims.md, "How a claim is adjudicated"): coverage → participation → duplicates → timely filing →
prior authorization → coordination of benefits → pricing → member cost share; then each line still undecided
is paid: paid = allowed - member cost share - (what the other payer's payment leaves us not to pay). Codes,
modifiers and diagnosis pointers were checked on the date of service when the claim was submitted (a claim with
a bad code is never received), so the pipeline trusts them.

Every decided line keeps the invariant charge = paid + sum of its adjustments.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from django.db import transaction

from portico.accounts.models import User
from portico.claims.adjudication import (
    authorization,
    cob,
    cost_share,
    coverage,
    duplicates,
    participation,
    pricing,
    timely_filing,
)
from portico.claims.adjudication.work import ZERO, Adjustment, ClaimWork, LineWork
from portico.claims.models import (
    Claim,
    ClaimAdjustment,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    EventKind,
    Frequency,
    GroupCode,
    LineStatus,
)

RULES: tuple[ModuleType, ...] = (
    coverage,
    participation,
    duplicates,
    timely_filing,
    authorization,
    cob,
    pricing,
    cost_share,
)
RULE_NAMES: tuple[str, ...] = tuple(r.NAME for r in RULES)
# The rules that pend; a released line skips the one that pended it and any pending rule before it.
PENDING_RULES = (duplicates.NAME, pricing.NAME)
ADJUDICABLE = (ClaimStatus.RECEIVED, ClaimStatus.IN_PROCESS)


def _work(claim: Claim, lines: Sequence[ClaimLine]) -> ClaimWork:
    return ClaimWork(claim=claim, lines=[LineWork(line=line) for line in lines], provider_kind=claim.organization.kind)


def _run(work: ClaimWork) -> None:
    for rule in RULES:
        if any(w.open for w in work.lines):
            rule.apply(work)


def _store(work: ClaimWork) -> tuple[int, int, int]:
    """Write each line's outcome and adjustments; return (paid, denied, pended) counts."""
    counts = {LineStatus.PAID: 0, LineStatus.DENIED: 0, LineStatus.PENDED: 0}
    adjustments: list[ClaimAdjustment] = []
    for w in work.lines:
        line = w.line
        if w.open:  # every rule passed: paid
            assert w.allowed is not None
            member = sum((a.amount for a in w.adjustments if a.group == GroupCode.PR), ZERO)
            paid = cob.settle(w, w.allowed - member)
            line.status, line.allowed, line.paid, line.member_responsibility = LineStatus.PAID, w.allowed, paid, member
        elif w.status == LineStatus.DENIED:
            line.status, line.allowed, line.paid, line.member_responsibility = LineStatus.DENIED, ZERO, ZERO, ZERO
        else:
            line.status, line.allowed, line.paid, line.member_responsibility = LineStatus.PENDED, None, None, None
            w.adjustments = []
        line.pend_rule, line.pend_reason, line.pend_params = w.pend_rule, w.pend_reason, w.pend_params
        counts[line.status] += 1
        adjustments += [_row(line, a) for a in w.adjustments]
    for w in work.lines:  # a claim has a few lines: plain updates beat bulk_update's CASE expressions
        line = w.line
        ClaimLine.objects.filter(pk=line.pk).update(
            status=line.status,
            allowed=line.allowed,
            paid=line.paid,
            member_responsibility=line.member_responsibility,
            pend_rule=line.pend_rule,
            pend_reason=line.pend_reason,
            pend_params=line.pend_params,
        )
    ClaimAdjustment.objects.bulk_create(adjustments)
    return counts[LineStatus.PAID], counts[LineStatus.DENIED], counts[LineStatus.PENDED]


def _row(line: ClaimLine, a: Adjustment) -> ClaimAdjustment:
    return ClaimAdjustment(
        line=line,
        group=a.group,
        reason=a.reason,
        remark=a.remark,
        amount=a.amount,
        explanation=a.explanation,
        provider_action=a.provider_action,
        rule=a.rule,
        params=a.params,
    )


def _close(claim: Claim, *, by: User | None, note: str) -> None:
    pended = claim.lines.filter(status__in=[LineStatus.PENDED, LineStatus.PENDING]).exists()
    claim.status = ClaimStatus.PENDED if pended else ClaimStatus.FINALIZED
    claim.save(update_fields=["status", "updated_at"])
    ClaimEvent.objects.create(
        claim=claim, kind=EventKind.ADJUDICATED if by is None else EventKind.EXAMINER, by=by, status=claim.status,
        note=note[:400],
    )  # fmt: skip


@transaction.atomic
def claim_adjudicate(*, claim_id: int) -> Claim | None:
    """Run the pipeline on a received claim: every line ends paid, denied or pended; the claim ends finalized,
    or pended while any line waits for an examiner. Idempotent: a claim that is not waiting to be adjudicated
    (already finalized, pended, replaced, a draft) is left as it is. A void is recorded as finalized (its
    original's authorization units are given back; the payment run recovers any payment)."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("line_of_business", "member", "organization")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None or claim.status not in ADJUDICABLE:
        return claim
    if claim.frequency == Frequency.VOID:
        if claim.replaces_id is not None:
            authorization.AuthorizationUnitUse.objects.filter(claim_line__claim_id=claim.replaces_id).delete()
        claim.status = ClaimStatus.FINALIZED
        claim.save(update_fields=["status", "updated_at"])
        ClaimEvent.objects.create(claim=claim, kind=EventKind.ADJUDICATED, status=claim.status)
        return claim
    lines = list(claim.lines.filter(status=LineStatus.PENDING).order_by("number"))
    work = _work(claim, lines)
    _run(work)
    _store(work)
    _close(claim, by=None, note="")
    return claim
