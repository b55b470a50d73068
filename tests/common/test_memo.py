"""Reference data is cached per worker for a short time; a change shows once the time is up."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from portico.common.memo import memo_clear
from portico.plans.queries import benefits_in_effect
from tests import factories

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def cached(settings):
    settings.PORTICO = {**settings.PORTICO, "REFERENCE_CACHE_SECONDS": 60}
    memo_clear()
    yield
    memo_clear()


def test_benefits_are_read_once_within_the_cache_time(cached, django_assert_num_queries):
    benefit = factories.BenefitFactory(service_type="98", copay=Decimal("10.00"))
    with django_assert_num_queries(1):
        benefits_in_effect(benefit_plan_id=benefit.benefit_plan_id, on=dt.date(2026, 1, 1))
        benefits_in_effect(benefit_plan_id=benefit.benefit_plan_id, on=dt.date(2026, 1, 1))


def test_a_staff_change_shows_after_the_cache_time(cached):
    benefit = factories.BenefitFactory(service_type="98", copay=Decimal("10.00"))
    day = dt.date(2026, 1, 1)
    with time_machine.travel(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=False) as traveller:
        assert benefits_in_effect(benefit_plan_id=benefit.benefit_plan_id, on=day)[("98", "in")].copay == Decimal(
            "10.00"
        )
        benefit.copay = Decimal("25.00")
        benefit.save()
        assert benefits_in_effect(benefit_plan_id=benefit.benefit_plan_id, on=day)[("98", "in")].copay == Decimal(
            "10.00"
        )
        traveller.shift(61)
        assert benefits_in_effect(benefit_plan_id=benefit.benefit_plan_id, on=day)[("98", "in")].copay == Decimal(
            "25.00"
        )
