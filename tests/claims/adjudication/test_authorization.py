"""Prior authorization on claims. The routing answer comes from portico.codes.requirements (tested there); here
it is replaced by a fixed answer — every code needs authorization — so the tests are about matching and
consuming approved units."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from portico.authorizations.models import AuthorizationLine, AuthorizationRequest, RequestStatus
from portico.authorizations.models import LineStatus as AuthLineStatus
from portico.claims.adjudication import authorization
from portico.claims.adjudication.models import AuthorizationUnitUse
from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim, LineStatus
from portico.codes.requirements import Outcome
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def _everything_needs_authorization(*, line_of_business: Any, day: dt.date, lines: Any, **_: Any) -> Any:
    return SimpleNamespace(lists_checked=["a list"], lines=[SimpleNamespace(outcome=Outcome.PLAN) for _ in lines])


@pytest.fixture
def required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(authorization, "prior_auth_requirements", _everything_needs_authorization)
    monkeypatch.setattr(authorization, "has_lists", lambda _lob: True)


def _approved(contracted: Any, code: str, start: dt.date, end: dt.date, units: int = 1) -> AuthorizationLine:
    request = AuthorizationRequest.objects.create(
        organization=contracted.world.org_a, member=contracted.world.member_a, number="PA-100",
        status=RequestStatus.DECIDED, created_by=contracted.world.user_a, submitted_at=timezone.now(),
        line_of_business=contracted.world.member_a.coverages.get().line_of_business,
    )  # fmt: skip
    return AuthorizationLine.objects.create(
        request=request, number=1, code=code, units=units, start=start, end=end, status=AuthLineStatus.APPROVED,
        decided_units=units, decided_start=start, decided_end=end,
    )  # fmt: skip


def _one(contracted: Any) -> list[dict[str, Any]]:
    return contracted.professional()["lines"][:1]


def test_without_published_routing_rules_nothing_needs_authorization(adjudicated):
    assert adjudicated().lines.get(number=1).status == LineStatus.PAID


def test_an_approved_line_starting_on_the_date_of_service_covers_it_and_its_units_are_used(
    required, adjudicated, contracted
):
    auth = _approved(contracted, "99213", dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    claim = adjudicated(lines=_one(contracted))
    assert claim.lines.get(number=1).status == LineStatus.PAID
    assert AuthorizationUnitUse.objects.get().authorization_line == auth


def test_an_approved_line_ending_the_day_before_does_not_cover_it_carc_197(required, adjudicated, contracted):
    _approved(contracted, "99213", dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    claim = adjudicated(lines=_one(contracted))
    assert adjust(claim, 1) == [("CO", "197", "125.00")]


def test_approved_units_cannot_be_used_twice(required, adjudicated, contracted):
    _approved(contracted, "99213", dt.date(2026, 6, 1), dt.date(2026, 6, 1))
    adjudicated(lines=_one(contracted))
    lines = _one(contracted)
    lines[0]["modifiers"] = []  # not an exact duplicate of the first claim's line
    lines[0]["charge"] = "125.00"
    second = adjudicated(lines=lines)
    assert second.lines.get(number=1).status in (LineStatus.DENIED, LineStatus.PENDED)
    assert AuthorizationUnitUse.objects.count() == 1


def test_an_authorization_number_that_does_not_match_is_carc_15(required, submitted, contracted):
    _approved(contracted, "99214", dt.date(2026, 6, 1), dt.date(2026, 6, 30))  # PA-100 approves another code
    claim = submitted(lines=_one(contracted))
    Claim.objects.filter(pk=claim.pk).update(prior_authorization_number="PA-100")
    claim_adjudicate(claim_id=claim.pk)
    claim.refresh_from_db()
    assert adjust(claim, 1) == [("CO", "15", "125.00")]
