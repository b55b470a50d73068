"""The adjudication pipeline: the rules in order, and the services that run it (after submit, from a task) and
that let a claims examiner finish a pended line.

Order (docs/claims.md, "How a claim is adjudicated"): coverage → participation → duplicates → timely filing →
NCCI → prior authorization → coordination of benefits → pricing → member cost share; then each line still undecided
is paid: paid = allowed - member cost share - (what the other payer's payment leaves us not to pay). Codes,
modifiers and diagnosis pointers were checked on the date of service when the claim was submitted (a claim with
a bad code is never received), so the pipeline trusts them.

Every decided line keeps the invariant charge = paid + sum of its adjustments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from portico.accounts.models import User
from portico.claims.adjudication import (
    authorization,
    cob,
    cost_share,
    coverage,
    duplicates,
    ncci,
    participation,
    pricing,
    timely_filing,
)
from portico.claims.adjudication.work import ZERO, Adjustment, Batch, ClaimWork, LineWork
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
from portico.common.bulk import rows_insert, rows_update

RULES: tuple[ModuleType, ...] = (
    coverage,
    participation,
    duplicates,
    timely_filing,
    ncci,
    authorization,
    cob,
    pricing,
    cost_share,
)
RULE_NAMES: tuple[str, ...] = tuple(r.NAME for r in RULES)
# The rules that pend; a released line skips the one that pended it and any pending rule before it.
PENDING_RULES = (duplicates.NAME, pricing.NAME)
ADJUDICABLE = (ClaimStatus.RECEIVED, ClaimStatus.IN_PROCESS)
# Claims adjudicated together: what the rules read is read once for the batch, what they decide written at once.
BATCH_SIZE = 200
LINE_FIELDS = ("status", "allowed", "paid", "member_responsibility", "pend_rule", "pend_reason", "pend_params")
ADJUSTMENT_FIELDS = (
    "line", "group", "reason", "remark", "amount", "explanation", "provider_action", "rule", "params", "created_at",
)  # fmt: skip


def _work(claim: Claim, lines: Sequence[ClaimLine]) -> ClaimWork:
    return ClaimWork(claim=claim, lines=[LineWork(line=line) for line in lines], provider_kind=claim.organization.kind)


def _run(work: ClaimWork) -> None:
    for rule in RULES:
        if any(w.open for w in work.lines):
            rule.apply(work)


def _store(work: ClaimWork) -> tuple[int, int, int]:
    """Write each line's outcome and adjustments; return (paid, denied, pended) counts."""
    return _store_many([work])


def _store_many(works: Sequence[ClaimWork]) -> tuple[int, int, int]:
    """Write the outcome and adjustments of every line of the claims; return (paid, denied, pended) counts."""
    counts = {LineStatus.PAID: 0, LineStatus.DENIED: 0, LineStatus.PENDED: 0}
    adjustments: list[tuple[object, ...]] = []
    now = timezone.now()
    for w in (w for work in works for w in work.lines):
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
        adjustments += [
            (line.pk, a.group, a.reason, a.remark, a.amount, a.explanation, a.provider_action, a.rule, a.params, now)
            for a in w.adjustments
        ]
    rows_update(ClaimLine, [w.line for work in works for w in work.lines], LINE_FIELDS)
    rows_insert(ClaimAdjustment, ADJUSTMENT_FIELDS, adjustments)
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


def _void(claim: Claim) -> None:
    """A void is recorded as finalized; its original's authorization units are given back."""
    if claim.replaces_id is not None:
        authorization.AuthorizationUnitUse.objects.filter(claim_line__claim_id=claim.replaces_id).delete()
    claim.status = ClaimStatus.FINALIZED
    claim.save(update_fields=["status", "updated_at"])
    ClaimEvent.objects.create(claim=claim, kind=EventKind.ADJUDICATED, status=claim.status)


def _close_many(works: Sequence[ClaimWork], waiting: set[int]) -> None:
    """Each claim ends pended while a line waits for an examiner (``waiting``: claims with an undecided line
    that was not in the batch), else finalized; one event each."""
    now = timezone.now()
    for work in works:
        pended = work.claim.pk in waiting or any(w.status == LineStatus.PENDED for w in work.lines)
        work.claim.status = ClaimStatus.PENDED if pended else ClaimStatus.FINALIZED
        work.claim.updated_at = now
    for status in (ClaimStatus.PENDED, ClaimStatus.FINALIZED):
        ids = [w.claim.pk for w in works if w.claim.status == status]
        if ids:
            Claim.objects.filter(pk__in=ids).update(status=status, updated_at=now)
    ClaimEvent.objects.bulk_create(
        [ClaimEvent(claim=w.claim, kind=EventKind.ADJUDICATED, status=w.claim.status, note="") for w in works]
    )


@transaction.atomic
def claims_adjudicate(*, claim_ids: Sequence[int]) -> list[Claim]:
    """Run the pipeline on received claims, together: every line ends paid, denied or pended; each claim ends
    finalized, or pended while any line waits for an examiner. The claims are locked in id order and decided one
    after the other in that order (a later claim sees an earlier one's lines as duplicates), but what the rules
    read is read once for all of them and what they decide is written at once. Idempotent: a claim that is not
    waiting to be adjudicated (already finalized, pended, replaced, a draft) is left as it is. Returns the claims
    found, in id order."""
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .select_related("line_of_business", "member", "organization")
        .filter(pk__in=claim_ids)
        .order_by("pk")
    )
    waiting = [c for c in claims if c.status in ADJUDICABLE]
    for claim in waiting:
        if claim.frequency == Frequency.VOID:
            _void(claim)
    todo = [c for c in waiting if c.frequency != Frequency.VOID]
    if not todo:
        return claims
    pending: dict[int, list[ClaimLine]] = defaultdict(list)
    undecided: set[int] = set()
    for line in ClaimLine.objects.filter(claim_id__in=[c.pk for c in todo]).order_by("claim_id", "number"):
        if line.status == LineStatus.PENDING:
            pending[line.claim_id].append(line)
        elif line.status == LineStatus.PENDED:
            undecided.add(line.claim_id)
    works = [_work(claim, pending[claim.pk]) for claim in todo]
    Batch(works)
    for work in works:
        _run(work)
    _store_many(works)
    _close_many(works, undecided)
    return claims


def claim_adjudicate(*, claim_id: int) -> Claim | None:
    """Adjudicate one received claim (``claims_adjudicate`` of one); the claim, or None if there is none."""
    found = claims_adjudicate(claim_ids=[claim_id])
    return found[0] if found else None


def claims_waiting(*, limit: int = BATCH_SIZE, after: int = 0) -> list[int]:
    """The ids of received claims waiting to be adjudicated, oldest first (at most ``limit``, ids > ``after``)."""
    return list(
        Claim.objects.filter(status__in=ADJUDICABLE, pk__gt=after).order_by("pk").values_list("pk", flat=True)[:limit]
    )
