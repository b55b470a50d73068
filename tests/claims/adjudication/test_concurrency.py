"""Two claims adjudicated at the same moment cannot spend the same approved authorization unit (PostgreSQL: real
concurrent transactions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from portico.claims import services
from portico.claims.adjudication import authorization
from portico.claims.adjudication.models import AuthorizationUnitUse
from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim, LineStatus
from tests.authorizations.test_concurrency import race
from tests.claims.adjudication.test_authorization import _approved, _everything_needs_authorization, _one

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serializes writers; this race needs PostgreSQL"
    ),
]


def test_two_claims_at_once_use_one_approved_unit_once(submitted, contracted, monkeypatch):
    monkeypatch.setattr(authorization, "prior_auth_requirements", _everything_needs_authorization)
    monkeypatch.setattr(authorization, "has_lists", lambda _lob: True)
    monkeypatch.setattr(services, "_adjudicate_after_commit", lambda _claim_id: None)  # adjudicated below, at once
    _approved(contracted, "99213", dt.date(2026, 6, 1), dt.date(2026, 6, 1))
    first = submitted(lines=_one(contracted))
    second = submitted(lines=[{**_one(contracted)[0], "modifiers": [], "charge": "126.00"}])
    claims = iter([first.pk, second.pk])
    race(lambda: claim_adjudicate(claim_id=next(claims)))
    assert AuthorizationUnitUse.objects.count() == 1
    statuses = set(Claim.objects.values_list("lines__status", flat=True))
    assert LineStatus.PAID in statuses
