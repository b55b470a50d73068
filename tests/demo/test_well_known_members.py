"""The well-known members answer through the one eligibility engine as docs/demo.md says they do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portico.common.dates import add_months, month_end, month_start
from portico.members.eligibility import EligibilityStatus, NotCoveredReason, eligibility_answer
from portico.members.models import DualStatus, Member
from portico.plans.models import DEFAULT_SERVICE_TYPES
from tests.demo.conftest import AS_OF

pytestmark = [pytest.mark.django_db]


def answer(member_number: str, on: dt.date = AS_OF, service_types=DEFAULT_SERVICE_TYPES):
    member = Member.objects.get(member_number=member_number)
    return eligibility_answer(member=member, date_of_service=on, service_types=service_types)


def test_a_is_covered_with_a_pcp_at_the_front_desk_clinic(demo_world):
    result = answer("CH100000001")
    assert result.status is EligibilityStatus.COVERED
    assert result.coverage.line_of_business == "Willamette Valley CCO"
    assert result.pcp.clinic == "Thimbleberry Family Medicine - Court Street"
    assert result.member.birth_date == dt.date(1988, 4, 12)
    office = next(b for b in result.benefits if b.service_type == "98")
    assert office.in_network.covered
    assert office.in_network.copay == Decimal("0.00")
    assert office.out_of_network.covered is False


def test_b_is_a_full_dual_with_other_insurance_in_cob_order(demo_world):
    result = answer("CH100000002")
    assert result.status is EligibilityStatus.COVERED
    assert result.coverage.line_of_business == "Cascadia Advantage Dual"
    assert result.member.dual_status == DualStatus.FULL
    assert [o.cob_order for o in result.other_insurance] == [2, 3]
    assert result.other_insurance[0].payer_name == "Stillwater Teachers Retiree Health Trust"
    in_network = next(a for a in result.accumulators if a.network == "in")
    assert in_network.deductible == Decimal("283.00")
    assert in_network.deductible_remaining == Decimal("0.00")


def test_c_coverage_ended_last_month_with_a_reason(demo_world):
    result = answer("CH100000003")
    assert result.status is EligibilityStatus.NOT_COVERED
    assert result.reason is NotCoveredReason.COVERAGE_ENDED
    assert result.coverage_history[0].end == month_end(add_months(AS_OF, -1))
    assert result.coverage_history[0].termination_reason == "Moved out of the service area"
    assert answer("CH100000003", on=add_months(AS_OF, -1)).status is EligibilityStatus.COVERED


def test_d_is_not_covered_inside_the_gap_and_covered_after_it(demo_world):
    in_gap = month_start(add_months(AS_OF, -4)) + dt.timedelta(days=14)
    assert answer("CH100000004", on=in_gap).status is EligibilityStatus.NOT_COVERED
    assert answer("CH100000004", on=add_months(AS_OF, -8)).status is EligibilityStatus.COVERED
    assert answer("CH100000004").status is EligibilityStatus.COVERED


def test_e_has_a_pcp_at_another_clinic(demo_world):
    result = answer("CH100000005")
    assert result.status is EligibilityStatus.COVERED
    assert result.pcp.clinic == "Salal Street Family Clinic - Albany"


def test_f_is_new_on_the_front_desk_panel_this_month(demo_world):
    result = answer("CH100000006")
    assert result.pcp.clinic == "Thimbleberry Family Medicine - Court Street"
    assert result.pcp.start == month_start(AS_OF)
    previous = [p for p in result.pcp_history if not p.current_on_date]
    assert previous[0].clinic == "Riverbend Community Health Center - Woodburn"


def test_g_has_two_other_insurances_before_medicaid(demo_world):
    result = answer("CH100000007")
    assert [(o.cob_order, o.payer_name) for o in result.other_insurance] == [
        (1, "Evergreen Employers Health Trust"),
        (2, "Columbia Mutual Health Plan"),
    ]


def test_benefits_follow_the_benefit_year_of_the_date_of_service(demo_world):
    last_year = dt.date(AS_OF.year - 1, 11, 3)
    before = answer("CH100000002", on=last_year, service_types=("30", "48", "33"))
    now = answer("CH100000002", service_types=("30", "48", "33"))
    assert before.accumulators[0].deductible == Decimal("257.00")
    assert now.accumulators[0].deductible == Decimal("283.00")
    inpatient_before = next(b for b in before.benefits if b.service_type == "48").in_network
    inpatient_now = next(b for b in now.benefits if b.service_type == "48").in_network
    assert (inpatient_before.copay, inpatient_now.copay) == (Decimal("295.00"), Decimal("325.00"))
    assert inpatient_now.authorization_required
    chiropractic = next(b for b in now.benefits if b.service_type == "33").in_network
    assert (chiropractic.visit_limit, chiropractic.visit_limit_period) == (12, "benefit year")
