"""Two submits of the same claim at the same moment make one claim and one ICN; two corrections of one claim make
one (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import pytest
from django.db import connection

from portico.claims.models import Claim
from portico.claims.services import SubmitResult, claim_submit, claim_void
from portico.common.errors import ValidationFailed
from tests.authorizations.test_concurrency import race
from tests.claims.support import ClaimsWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serializes writers; this race needs PostgreSQL"
    ),
]


def test_two_concurrent_submits_with_one_key_make_one_claim(claims: ClaimsWorld) -> None:
    results = race(lambda: claim_submit(actor=claims.actor(), data=claims.professional(), idempotency_key="race"))
    assert all(isinstance(r, SubmitResult) for r in results), results
    assert {r.claim.icn for r in results} == {Claim.objects.get().icn}  # type: ignore[union-attr]
    assert sorted(r.created for r in results) == [False, True]  # type: ignore[union-attr]


def test_two_concurrent_corrections_of_one_claim_make_one(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    data = claims.professional(frequency="7", replaces=original.icn)
    results = race(lambda: claim_submit(actor=claims.actor(), data=data))
    assert sorted(type(r).__name__ for r in results) == ["SubmitResult", "ValidationFailed"], results
    assert Claim.objects.filter(replaces=original).count() == 1


def test_a_correction_and_a_void_at_once_make_one(claims: ClaimsWorld) -> None:
    original = claim_submit(actor=claims.actor(), data=claims.professional()).claim
    calls = iter(
        [
            lambda: claim_submit(actor=claims.actor(), data=claims.professional(frequency="7", replaces=original.icn)),
            lambda: claim_void(actor=claims.actor(), icn=original.icn or ""),
        ]
    )
    results = race(lambda: next(calls)())
    assert sum(isinstance(r, SubmitResult) for r in results) == 1, results
    assert sum(isinstance(r, ValidationFailed) for r in results) == 1, results
    assert Claim.objects.filter(replaces=original).count() == 1
