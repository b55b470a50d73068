"""What the rules work on: the claim, its lines as they are being decided, and the ways a rule decides a line.

A rule reads the claim and the lines still undecided and may deny a line (one adjustment for the whole charge),
pend it for a claims examiner (with the reason), or leave notes for later rules (network status, coverage,
allowed amount, member cost share, the other payer's payment). Texts are stored untranslated with their
parameters (``gettext_noop``) and translated when shown, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils import timezone

from portico.claims.models import Claim, ClaimLine, GroupCode, LineStatus
from portico.members.models import Coverage

ZERO = Decimal("0.00")
T = TypeVar("T")


@dataclass
class Adjustment:
    group: str
    reason: str
    amount: Decimal
    explanation: str
    provider_action: str
    rule: str
    remark: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class LineWork:
    line: ClaimLine
    status: str = LineStatus.PENDING  # PENDING while undecided; DENIED or PENDED once a rule decides
    adjustments: list[Adjustment] = field(default_factory=list)
    pend_rule: str = ""
    pend_reason: str = ""
    pend_params: dict[str, str] = field(default_factory=dict)
    coverage: Coverage | None = None
    network_status: str = ""
    allowed: Decimal | None = None
    other_paid: Decimal = ZERO

    @property
    def day(self) -> dt.date:
        assert self.line.service_from is not None
        return self.line.service_from

    @property
    def last_day(self) -> dt.date:
        return self.line.service_to or self.day

    @property
    def open(self) -> bool:
        return self.status == LineStatus.PENDING

    def deny(
        self, *, rule: str, reason: str, explanation: str, action: str, remark: str = "", **params: object
    ) -> None:
        """The whole charge is adjusted away (contractual: the member is not billed for a plan denial)."""
        self.status = LineStatus.DENIED
        self.adjustments = [
            Adjustment(
                group=GroupCode.CO,
                reason=reason,
                remark=remark,
                amount=self.line.charge,
                explanation=explanation,
                provider_action=action,
                rule=rule,
                params={k: str(v) for k, v in params.items()},
            )
        ]

    def pend(self, *, rule: str, reason: str, **params: object) -> None:
        self.status = LineStatus.PENDED
        self.pend_rule = rule
        self.pend_reason = reason
        self.pend_params = {k: str(v) for k, v in params.items()}

    def add(self, adjustment: Adjustment) -> None:
        if adjustment.amount > 0:
            self.adjustments.append(adjustment)


class Batch:
    """The claims adjudicated together, and what the rules read for all of them at once: a rule asks
    ``batch.once(key, loader)`` and the loader runs one query for every claim of the batch, the first time only
    (the claims are still decided one after the other, in claim order)."""

    def __init__(self, works: list[ClaimWork]) -> None:
        self.works = works
        self._loaded: dict[str, Any] = {}
        for work in works:
            work.batch = self

    def once(self, key: str, loader: Callable[[Batch], T]) -> T:
        if key not in self._loaded:
            self._loaded[key] = loader(self)
        return self._loaded[key]

    @property
    def member_ids(self) -> set[int]:
        return {w.claim.member_id for w in self.works if w.claim.member_id is not None}

    @property
    def lines(self) -> dict[int, LineWork]:
        """Every line being decided in the batch, by its id."""
        return self.once("_lines", lambda b: {w.line.pk: w for work in b.works for w in work.lines})


@dataclass
class ClaimWork:
    claim: Claim
    lines: list[LineWork]
    provider_kind: str = ""
    batch: Batch | None = None
    # An examiner's release: the rules to skip for each line (its pend reason) and allowed amounts set by hand.
    skip: dict[int, frozenset[str]] = field(default_factory=dict)
    manual_allowed: dict[int, Decimal] = field(default_factory=dict)

    @property
    def member_id(self) -> int:
        assert self.claim.member_id is not None  # a received claim always names its member
        return self.claim.member_id

    @property
    def received(self) -> dt.date:
        assert self.claim.submitted_at is not None
        return timezone.localdate(self.claim.submitted_at)

    @property
    def together(self) -> Batch:
        """The batch this claim is adjudicated in (a batch of its own when it runs alone)."""
        return self.batch if self.batch is not None else Batch([self])

    def open_lines(self, rule: str) -> list[LineWork]:
        """The lines still undecided that this rule applies to (an examiner's release may skip it for a line)."""
        return [w for w in self.lines if w.open and rule not in self.skip.get(w.line.pk, frozenset())]
