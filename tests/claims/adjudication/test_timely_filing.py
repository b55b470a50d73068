from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portico.claims.adjudication.models import TimelyFilingLimit
from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.adjudication.timely_filing import limit_days
from portico.claims.models import Claim, LineStatus
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def _received_on(claim: Claim, day: dt.date) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
    claim_adjudicate(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def test_the_seeded_limits_are_365_365_and_180_days():
    on = dt.date(2026, 6, 1)
    assert limit_days(line_of_business_id=None, program="medicaid", on=on) == 365
    assert limit_days(line_of_business_id=None, program="medicare_advantage", on=on) == 365
    assert limit_days(line_of_business_id=None, program="commercial", on=on) == 180


def test_day_365_after_the_date_of_service_is_on_time(submitted):
    claim = _received_on(submitted(), dt.date(2027, 6, 1))
    assert claim.lines.get(number=1).status == LineStatus.PAID


def test_day_366_is_late_and_denied_with_carc_29(submitted):
    claim = _received_on(submitted(), dt.date(2027, 6, 2))
    assert adjust(claim, 1) == [("CO", "29", "125.00")]
    assert "more than 365 days" in claim.lines.get(number=1).adjustments.get().explanation_text


def test_a_line_of_business_limit_wins_over_its_programs(submitted):
    claim = submitted()
    TimelyFilingLimit.objects.create(
        line_of_business=claim.line_of_business, days=90, effective_start=dt.date(2026, 1, 1)
    )
    claim = _received_on(claim, dt.date(2026, 8, 31))  # day 91
    assert adjust(claim, 1) == [("CO", "29", "125.00")]
