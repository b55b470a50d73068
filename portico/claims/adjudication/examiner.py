"""What a claims examiner does with a pended line: release it (the pipeline runs again for it, skipping the rule
that pended it, optionally with an allowed amount set by hand), adjust it (an allowed amount set by hand and a
reason from a short list: the write-off carries that CARC instead of CO-45) or deny it with a reason from a short
list. Each takes a note, kept on the claim's history as the examiner wrote it; the summary around it ("Line 2
adjusted ...") is worded when shown, in the reader's language (``ClaimEvent.note_text``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portico.claims.adjudication import pipeline
from portico.claims.adjudication.work import Adjustment, ClaimWork, LineWork
from portico.claims.models import (
    Claim,
    ClaimAdjustment,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    EventKind,
    GroupCode,
    LineStatus,
)
from portico.common.access import Actor
from portico.common.errors import NotFound, ValidationFailed
from portico.common.money import money_text

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
# CARC: (label for the examiner, explanation for the provider, what the provider can do). An adjustment is a
# contractual write-off (CO) of charge - allowed: the member is not billed for it.
ADJUSTMENT_REASONS: dict[str, tuple[object, str, str]] = {
    "45": (
        gettext_lazy("45 — charge exceeds the fee schedule or maximum allowable"),
        gettext_noop(
            "The charge is more than the plan allows for this service; a claims examiner set the allowed amount "
            "at %(allowed)s."
        ),
        gettext_noop(
            "No action needed: the difference is not billed to the member. If you believe the allowed amount is "
            "wrong, you may ask for a review."
        ),
    ),
    "59": (
        gettext_lazy("59 — multiple or concurrent procedure rules"),
        gettext_noop(
            "This procedure was done with another on the same day, so it is allowed at a reduced amount under the "
            "multiple-procedure rules: %(allowed)s."
        ),
        gettext_noop(
            "No action needed if both procedures were billed correctly. If they were separate sessions, send a "
            "corrected claim with the modifier that says so."
        ),
    ),
    "97": (
        gettext_lazy("97 — included in the payment for another service"),
        gettext_noop(
            "Payment for this service is included in the payment for another service the plan already allowed; "
            "this line is allowed %(allowed)s."
        ),
        gettext_noop(
            "Do not bill the member. If the service was separate and distinct, send a corrected claim with the "
            "modifier and records that show it."
        ),
    ),
    "150": (
        gettext_lazy("150 — level of service not supported"),
        gettext_noop(
            "The records do not support the level of service billed; it is allowed at the level they support: "
            "%(allowed)s."
        ),
        gettext_noop(
            "You may appeal with records that support the level billed, or send a corrected claim at the level "
            "supported."
        ),
    ),
    "151": (
        gettext_lazy("151 — number or frequency of services not supported"),
        gettext_noop(
            "The records do not support this many services or units; the line is allowed for the number they "
            "support: %(allowed)s."
        ),
        gettext_noop("You may appeal with records that support the units billed."),
    ),
    "172": (
        gettext_lazy("172 — adjusted for the type of provider who performed or billed it"),
        gettext_noop(
            "Payment for this service is adjusted for the type of provider who performed or billed it: "
            "%(allowed)s allowed."
        ),
        gettext_noop(
            "Check the rendering provider and taxonomy on the claim; if they are wrong, send a corrected claim."
        ),
    ),
}
EXAMINER_RULE = "examiner"
MAX_NOTE = 400
MAX_ALLOWED = Decimal("9999999999.99")
CENT = Decimal("0.01")


def _note(note: str) -> str:
    text = (note or "").strip()
    if not text:
        raise ValidationFailed({"note": [_("Write a note: why you release, adjust or deny this line.")]})
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
        raise ValidationFailed(
            {"line": [_("Only a pended line of a pended claim can be released, adjusted or denied.")]}
        )
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


def _record(claim: Claim, *, actor: Actor, note: str, **params: object) -> None:
    """Close the claim and keep the decision on its history: the examiner's note as written, and what was done
    (worded when shown)."""
    pipeline._close(claim, by=actor.user, note=note)
    event = ClaimEvent.objects.filter(claim=claim, kind=EventKind.EXAMINER).order_by("-id").first()
    assert event is not None
    event.params = {k: str(v) for k, v in params.items()}
    event.save(update_fields=["params"])


def _rerun(claim: Claim, line: ClaimLine, *, allowed: Decimal | None) -> ClaimWork:
    """The pipeline again for a pended line, past the pending rule that stopped it (and those before it); with
    ``allowed``, pricing uses that amount. Run, not yet stored."""
    order = pipeline.PENDING_RULES
    upto = order.index(line.pend_rule) if line.pend_rule in order else -1
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
    return work


@transaction.atomic
def claim_line_release(
    *, actor: Actor, claim_id: int, line_number: int, note: str, allowed: Decimal | None = None
) -> Claim:
    """Run the pipeline again for a pended line, skipping the rule that pended it (and any pending rule before
    it); with ``allowed``, the line is priced at that amount instead of the fee schedule."""
    text = _note(note)
    claim, line = _pended(claim_id, line_number)
    if line.pend_rule == pipeline.pricing.NAME and allowed is None:
        raise ValidationFailed({"allowed": [_("This line pended for want of a rate: give the allowed amount.")]})
    if allowed is not None:
        allowed = allowed.quantize(CENT)
    work = _rerun(claim, line, allowed=allowed)
    pipeline._store(work)
    if allowed is None:
        _record(claim, actor=actor, note=text, action="released", line=line_number)
    else:
        _record(claim, actor=actor, note=text, action="priced", line=line_number, allowed=money_text(allowed))
    return claim


@transaction.atomic
def claim_line_adjust(
    *, actor: Actor, claim_id: int, line_number: int, allowed: Decimal | None, reason: str, note: str
) -> Claim:
    """Set the allowed amount of a pended line by hand for one of ``ADJUSTMENT_REASONS``: the line runs the rest
    of the pipeline at that amount (member cost share still applies) and charge - allowed is written off as CO
    with the chosen CARC (instead of pricing's CO-45), explained to the provider. ``allowed`` is 0 up to the
    line's charge."""
    text = _note(note)
    errors: dict[str, list[str]] = {}
    if reason not in ADJUSTMENT_REASONS:
        errors["reason"] = [_("Choose an adjustment reason from the list.")]
    if allowed is None:
        errors["allowed"] = [_("Give the allowed amount the line is adjusted to.")]
    if errors:
        raise ValidationFailed(errors)
    assert allowed is not None
    allowed = allowed.quantize(CENT)
    claim, line = _pended(claim_id, line_number)
    if allowed > line.charge:
        raise ValidationFailed(
            {
                "allowed": [
                    _("The allowed amount, $%(allowed)s, is more than line %(line)s's charge, $%(charge)s.")
                    % {"allowed": allowed, "line": line_number, "charge": line.charge}
                ]
            }
        )
    work = _rerun(claim, line, allowed=allowed)
    w = work.lines[0]
    if w.open:  # paid at the amount given: the write-off says why, with the examiner's reason
        _label, explanation, action = ADJUSTMENT_REASONS[reason]
        mine = Adjustment(
            group=GroupCode.CO,
            reason=reason,
            amount=line.charge - allowed,
            explanation=explanation,
            provider_action=action,
            rule=EXAMINER_RULE,
            params={"allowed": money_text(allowed)},
        )
        # In pricing's place (before the member's cost share); none when allowed = charge.
        kept = [mine if a.rule == pipeline.pricing.NAME else a for a in w.adjustments]
        w.adjustments = [a for a in kept if a.amount > 0]
    pipeline._store(work)
    _record(
        claim, actor=actor, note=text, action="adjusted", line=line_number, allowed=money_text(allowed), reason=reason
    )
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
    work.deny(rule=EXAMINER_RULE, reason=reason, explanation=explanation, action=action)
    line.pend_rule, line.pend_reason, line.pend_params = "", "", {}
    line.status, line.allowed, line.paid, line.member_responsibility = (LineStatus.DENIED, 0, 0, 0)
    line.save(
        update_fields=["status", "allowed", "paid", "member_responsibility", "pend_rule", "pend_reason", "pend_params"]
    )
    ClaimAdjustment.objects.bulk_create([pipeline._row(line, a) for a in work.adjustments])
    _record(claim, actor=actor, note=text, action="denied", line=line_number, reason=reason)
    return claim
