"""Rule 9 — coordination of benefits. When the member has other insurance that is primary (COB order 1) on the
date of service, the other payer pays first: a claim that reports no other payer's payment is denied, CARC 22.
A claim that reports it has the other payer's payment spread over its lines in order (up to each line's charge);
after pricing and cost share, ``settle`` pays the lesser of (allowed - other payer's payment) and what we would
have paid alone, the difference adjusted as OA-23.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import ZERO, Adjustment, Batch, ClaimWork, LineWork
from portico.claims.models import ClaimOtherPayer, GroupCode
from portico.common.money import money_text
from portico.members.models import OtherInsurance

NAME = "cob"


def _primaries(batch: Batch) -> dict[int, list[OtherInsurance]]:
    """The batch's members' other insurance that pays first (COB order 1), by member: one query."""
    found: dict[int, list[OtherInsurance]] = defaultdict(list)
    for o in OtherInsurance.objects.filter(member_id__in=batch.member_ids, cob_order=1):
        found[o.member_id].append(o)
    return found


def _payers(batch: Batch) -> dict[int, list[ClaimOtherPayer]]:
    """The other payers' payments the batch's claims report, by claim (asked only when other insurance pays
    first for one of them)."""
    found: dict[int, list[ClaimOtherPayer]] = defaultdict(list)
    for p in ClaimOtherPayer.objects.filter(claim_id__in=[w.claim.pk for w in batch.works]):
        found[p.claim_id].append(p)
    return found


def apply(work: ClaimWork) -> None:
    claim = work.claim
    lines = work.open_lines(NAME)
    if not lines:
        return
    batch = work.together
    primaries = batch.once(NAME, _primaries).get(work.member_id, [])
    if not primaries:
        return
    payers = batch.once("cob.payers", _payers).get(claim.pk, [])
    reported = sum((p.paid_amount for p in payers), ZERO)
    has_payers = bool(payers)
    left = reported
    for w in lines:
        primary = next((p for p in primaries if p.start <= w.day and (p.end is None or w.day <= p.end)), None)
        if primary is None:
            continue
        if not has_payers:
            w.deny(
                rule=NAME,
                reason="22",
                explanation=gettext_noop(
                    "The member's other insurance (%(payer)s) pays first on %(day)s, and the claim does not show its "
                    "payment."
                ),
                action=gettext_noop(
                    "Bill %(payer)s first, then send a corrected claim with its payment (or denial) in the other "
                    "payers' section."
                ),
                payer=primary.payer_name,
                day=w.day,
            )
            continue
        share = min(left, w.line.charge)
        w.other_paid = share
        left -= share


def settle(w: LineWork, would_pay: Decimal) -> Decimal:
    """What we pay on a line after the other payer: the lesser of (allowed - other paid) and ``would_pay``."""
    if w.other_paid <= 0 or w.allowed is None:
        return would_pay
    pay = max(ZERO, min(would_pay, w.allowed - w.other_paid))
    w.add(
        Adjustment(
            group=GroupCode.OA,
            reason="23",
            amount=would_pay - pay,
            explanation=gettext_noop(
                "Another payer paid %(other)s first; we pay the rest up to what we allow, %(allowed)s."
            ),
            provider_action=gettext_noop("No action needed."),
            rule=NAME,
            params={"other": money_text(w.other_paid), "allowed": money_text(w.allowed)},
        )
    )
    return pay
