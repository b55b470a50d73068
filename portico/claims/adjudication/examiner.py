"""What a claims examiner does with a pended line: release it (the pipeline runs again for it, skipping the rule
that pended it, optionally with an allowed amount set by hand) or deny it with a reason from a short list. Each
takes a note, kept on the claim's history."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portico.claims.adjudication import pipeline
from portico.claims.adjudication.work import LineWork
from portico.claims.models import Claim, ClaimAdjustment, ClaimLine, ClaimStatus, LineStatus
from portico.common.access import Actor
from portico.common.errors import NotFound, ValidationFailed

# CARC: (label for the examiner, explanation for the provider, what the provider can do)
DENIAL_REASONS: dict[str, tuple[object, str, str]] = {
    "16": (
        gettext_lazy("16 — information missing"),
        gettext_noop("The claim lacks information needed to decide this line."),
        gettext_noop("Send a corrected claim with the missing information, or the records asked for."),
    ),
    "50": (
        gettext_lazy("50 — not medically necessary"),
        gettext_noop("The records do not show this service was medically necessary."),
        gettext_noop("You may appeal with the clinical records within the appeal time limit."),
    ),
    "96": (
        gettext_lazy("96 — not covered"),
        gettext_noop("The member's benefits do not cover this service."),
        gettext_noop("Check the member's benefits; you may appeal if you believe it is covered."),
    ),
    "18": (
        gettext_lazy("18 — duplicate"),
        gettext_noop("A claims examiner found this line duplicates one already processed."),
        gettext_noop("No action if it was sent twice. If the service happened twice, send a corrected claim."),
    ),
}
MAX_NOTE = 400
MAX_ALLOWED = Decimal("9999999999.99")


def _note(note: str) -> str:
    text = (note or "").strip()
    if not text:
        raise ValidationFailed({"note": [_("Write a note: why you release, price or deny this line.")]})
    if len(text) > MAX_NOTE:
        raise ValidationFailed({"note": [_("A note is at most 400 characters.")]})
    return text


def _pended(claim_id: int, number: int) -> tuple[Claim, ClaimLine]:
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("line_of_business", "member", "organization")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound(_("No such claim."))
    line = claim.lines.filter(number=number).first()
    if line is None or line.status != LineStatus.PENDED or claim.status != ClaimStatus.PENDED:
        raise ValidationFailed({"line": [_("Only a pended line of a pended claim can be released or denied.")]})
    return claim, line


def allowed_parse(raw: str | None) -> Decimal | None:
    text = (raw or "").strip().replace("$", "").replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value > MAX_ALLOWED or value != value.quantize(Decimal("0.01")):
        raise ValidationFailed({"allowed": [_("The allowed amount is dollars and cents, 0 or more, such as 85.00.")]})
    return value


@transaction.atomic
def claim_line_release(
    *, actor: Actor, claim_id: int, line_number: int, note: str, allowed: Decimal | None = None
) -> Claim:
    """Run the pipeline again for a pended line, skipping the rule that pended it (and any pending rule before
    it); with ``allowed``, the line is priced at that amount instead of the fee schedule."""
    text = _note(note)
    claim, line = _pended(claim_id, line_number)
    order = pipeline.PENDING_RULES
    upto = order.index(line.pend_rule) if line.pend_rule in order else -1
    if line.pend_rule == pipeline.pricing.NAME and allowed is None:
        raise ValidationFailed({"allowed": [_("This line pended for want of a rate: give the allowed amount.")]})
    # The pending rules the line already passed stay passed; pricing runs again with the amount given.
    skip = frozenset(r for r in order[: upto + 1] if r != pipeline.pricing.NAME)
    ClaimAdjustment.objects.filter(line=line).delete()
    line.status = LineStatus.PENDING
    line.pend_rule, line.pend_reason, line.pend_params = "", "", {}
    work = pipeline._work(claim, [line])
    work.skip = {line.pk: skip}
    if allowed is not None:
        work.manual_allowed = {line.pk: allowed}
    pipeline._run(work)
    pipeline._store(work)
    pipeline._close(claim, by=actor.user, note=f"Line {line_number} released: {text}")
    return claim


@transaction.atomic
def claim_line_deny(*, actor: Actor, claim_id: int, line_number: int, reason: str, note: str) -> Claim:
    """Deny a pended line for one of ``DENIAL_REASONS`` (CO, the whole charge)."""
    text = _note(note)
    if reason not in DENIAL_REASONS:
        raise ValidationFailed({"reason": [_("Choose a reason from the list.")]})
    claim, line = _pended(claim_id, line_number)
    _label, explanation, action = DENIAL_REASONS[reason]
    work = LineWork(line=line)
    work.deny(rule="examiner", reason=reason, explanation=explanation, action=action)
    line.pend_rule, line.pend_reason, line.pend_params = "", "", {}
    line.status, line.allowed, line.paid, line.member_responsibility = (LineStatus.DENIED, 0, 0, 0)
    line.save(
        update_fields=["status", "allowed", "paid", "member_responsibility", "pend_rule", "pend_reason", "pend_params"]
    )
    ClaimAdjustment.objects.bulk_create([pipeline._row(line, a) for a in work.adjustments])
    pipeline._close(claim, by=actor.user, note=f"Line {line_number} denied (CARC {reason}): {text}")
    return claim
