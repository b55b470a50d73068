"""The eligibility engine: parsing, matching, the answer, and the access it opens and records."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from portico.common.errors import NotFound, Throttled, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from portico.members.eligibility import (
    EligibilityStatus,
    NotCoveredReason,
    benefit_year_of,
    eligibility_check,
    eligibility_for_member,
    eligibility_inquiry_parse,
)
from portico.members.models import Accumulator, Coverage
from tests import factories

TODAY = dt.date(2026, 11, 16)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def inquiry(member, **overrides):
    data = {"member_id": member.member_number, "birth_date": member.birth_date.isoformat()}
    data.update(overrides)
    return eligibility_inquiry_parse(data)


# ---- parsing -----------------------------------------------------------------------------------------


def test_date_of_service_defaults_to_today():
    parsed = eligibility_inquiry_parse({"member_id": "CH100000001", "birth_date": "1980-05-17"})
    assert parsed.date_of_service == TODAY


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"member_id": "CH1", "birth_date": "1980-05-17"}, "member_id"),
        ({"member_id": "CH100000001!", "birth_date": "1980-05-17"}, "member_id"),
        ({"birth_date": "1980-05-17"}, "member_id"),
        ({"last_name": "Rivera", "birth_date": "1980-05-17"}, "member_id"),
        ({"member_id": "CH100000001", "birth_date": "2027-01-01"}, "birth_date"),
        ({"member_id": "CH100000001", "birth_date": "17/05/1980"}, "birth_date"),
        ({"member_id": "CH100000001", "birth_date": ""}, "birth_date"),
        (
            {"member_id": "CH100000001", "birth_date": "1980-05-17", "date_of_service": "2025-11-15"},
            "date_of_service",
        ),
        (
            {"member_id": "CH100000001", "birth_date": "1980-05-17", "date_of_service": "2026-12-01"},
            "date_of_service",
        ),
        (
            {"member_id": "CH100000001", "birth_date": "1980-05-17", "service_types": ["98", "ZZ"]},
            "service_types",
        ),
        ({"last_name": "Riv3ra", "first_name": "Ana", "birth_date": "1980-05-17"}, "last_name"),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(ValidationFailed) as raised:
        eligibility_inquiry_parse(data)
    assert field in raised.value.errors


def test_service_dates_from_twelve_months_back_through_month_end_are_accepted():
    for day in ("2025-11-16", "2026-11-30"):
        parsed = eligibility_inquiry_parse(
            {"member_id": "CH100000001", "birth_date": "1980-05-17", "date_of_service": day}
        )
        assert parsed.date_of_service.isoformat() == day


def test_member_id_is_normalized_for_dashes_and_case():
    parsed = eligibility_inquiry_parse({"member_id": "1eg4-te5-mk73", "birth_date": "1950-01-01"})
    assert parsed.member_id == "1EG4TE5MK73"


# ---- matching and access -----------------------------------------------------------------------------


def test_member_id_and_birth_date_find_a_covered_member_with_pcp_and_benefits(world):
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_b))
    assert result.status is EligibilityStatus.COVERED
    assert result.member.member_id == world.member_b.member_number
    assert result.pcp is not None
    assert result.pcp.clinic == "Birch Family Medicine"
    office = next(b for b in result.benefits if b.service_type == "98")
    assert office.in_network.copay == Decimal("15.00")


@pytest.mark.parametrize("identifier", ["medicaid_id", "mbi"])
def test_the_medicaid_id_or_the_mbi_finds_the_member_as_the_member_id_does(world, identifier):
    member = world.member_b
    member.mbi = "9EG4TE5MK72"
    member.save()
    factories.MemberFactory.create_batch(3, mbi="")  # most members have no MBI: the same birth date, no MBI
    result = eligibility_check(
        actor=world.actor(),
        inquiry=eligibility_inquiry_parse(
            {"member_id": getattr(member, identifier), "birth_date": member.birth_date.isoformat()}
        ),
    )
    assert result.status is EligibilityStatus.COVERED
    assert result.member.member_id == member.member_number


def test_an_inquiry_by_id_writes_the_opening_and_one_event_naming_the_date_of_service(world):
    from portico.members.models import MemberAccessGrant

    eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_b, date_of_service="2026-11-02"))
    grant = MemberAccessGrant.objects.get(organization=world.org_a, member=world.member_b)
    assert grant.granted_at == dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
    event = AccessEvent.objects.get(user=world.user_a)
    assert (event.action, event.member_id, event.organization_id, event.detail) == (
        AccessAction.ELIGIBILITY_INQUIRY,
        world.member_b.pk,
        world.org_a.pk,
        "date of service 2026-11-02",
    )


def test_a_member_id_with_another_members_last_name_opens_nothing(world):
    from portico.members.models import MemberAccessGrant

    result = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_b, last_name=world.member_a.last_name))
    assert result.status is EligibilityStatus.NOT_FOUND
    assert not MemberAccessGrant.objects.filter(member=world.member_b).exists()
    event = AccessEvent.objects.get(user=world.user_a)
    assert (event.action, event.member_id) == (AccessAction.ELIGIBILITY_NOT_FOUND, None)


def test_name_and_birth_date_find_the_member_whatever_the_case(world):
    member = world.member_a
    result = eligibility_check(
        actor=world.actor(),
        inquiry=eligibility_inquiry_parse(
            {
                "last_name": member.last_name.upper(),
                "first_name": member.first_name.lower(),
                "birth_date": member.birth_date.isoformat(),
            }
        ),
    )
    assert result.status is EligibilityStatus.COVERED


def test_wrong_birth_date_answers_not_found_without_revealing_the_member(world):
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_b, birth_date="1990-01-01"))
    assert result.status is EligibilityStatus.NOT_FOUND
    assert result.reason is NotCoveredReason.IDENTIFIERS_DO_NOT_MATCH
    assert result.member is None
    nonexistent = eligibility_check(
        actor=world.actor(),
        inquiry=eligibility_inquiry_parse({"member_id": "CH999999999", "birth_date": "1990-01-01"}),
    )
    assert nonexistent.message == result.message


def test_two_members_with_the_same_name_and_birth_date_are_not_guessed_between(world):
    twin = factories.MemberFactory(
        first_name=world.member_a.first_name,
        last_name=world.member_a.last_name,
        birth_date=world.member_a.birth_date,
    )
    result = eligibility_check(
        actor=world.actor(),
        inquiry=eligibility_inquiry_parse(
            {
                "last_name": twin.last_name,
                "first_name": twin.first_name,
                "birth_date": twin.birth_date.isoformat(),
            }
        ),
    )
    assert result.status is EligibilityStatus.NOT_FOUND


def test_a_match_opens_the_member_to_the_organization_and_is_recorded(world):
    actor = world.actor()
    with pytest.raises(NotFound):
        eligibility_for_member(actor=actor, member_id=world.member_b.pk, date_of_service=TODAY)
    eligibility_check(actor=actor, inquiry=inquiry(world.member_b))
    assert eligibility_for_member(actor=actor, member_id=world.member_b.pk, date_of_service=TODAY).covered
    actions = list(
        AccessEvent.objects.filter(user=world.user_a, member_id=world.member_b.pk).values_list("action", flat=True)
    )
    assert AccessAction.MEMBER_DENIED in actions
    assert AccessAction.ELIGIBILITY_INQUIRY in actions
    assert AccessAction.MEMBER_VIEW in actions


def test_the_opening_expires_after_the_configured_days(world, settings):
    settings.PORTICO = {**settings.PORTICO, "ELIGIBILITY_ACCESS_DAYS": 30}
    eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_b))
    with (
        time_machine.travel(dt.datetime(2026, 12, 17, 10, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(NotFound),
    ):
        eligibility_for_member(actor=world.actor(), member_id=world.member_b.pk, date_of_service=dt.date(2026, 12, 17))


def test_a_pcp_panel_member_is_visible_without_an_inquiry(world):
    assert eligibility_for_member(actor=world.actor(), member_id=world.member_a.pk, date_of_service=TODAY).covered


def test_a_not_found_inquiry_is_recorded(world):
    eligibility_check(
        actor=world.actor(),
        inquiry=eligibility_inquiry_parse({"member_id": "CH999999999", "birth_date": "1990-01-01"}),
    )
    assert AccessEvent.objects.filter(user=world.user_a, action=AccessAction.ELIGIBILITY_NOT_FOUND).count() == 1


@pytest.mark.usefixtures("throttle_window")
def test_inquiries_are_throttled_per_user(world, settings):
    settings.PORTICO = {**settings.PORTICO, "ELIGIBILITY_THROTTLE_COUNT": 3}
    for _ in range(3):
        eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a))
    with pytest.raises(Throttled):
        eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a))
    # Another user is not affected.
    eligibility_check(actor=world.actor(world.user_b), inquiry=inquiry(world.member_b))


# ---- the rules of the answer -------------------------------------------------------------------------


def test_coverage_ended_says_when(world):
    Coverage.objects.filter(member=world.member_a).update(end=dt.date(2026, 9, 30), termination_reason="moved")
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a))
    assert result.status is EligibilityStatus.NOT_COVERED
    assert result.reason is NotCoveredReason.COVERAGE_ENDED
    assert "2026-09-30" in result.message
    assert result.coverage_history[0].termination_reason == "Moved out of the service area"


def test_a_date_in_a_coverage_gap_is_not_covered_and_after_it_is(world):
    Coverage.objects.filter(member=world.member_a).update(
        end=dt.date(2026, 3, 31), termination_reason="lost_eligibility"
    )
    first = Coverage.objects.get(member=world.member_a)
    factories.CoverageFactory(member=world.member_a, benefit_plan=first.benefit_plan, start=dt.date(2026, 7, 1))
    in_gap = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2026-05-15"))
    after = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2026-08-01"))
    assert in_gap.reason is NotCoveredReason.NO_COVERAGE_ON_DATE
    assert after.covered


def test_coverage_on_the_first_and_last_day_of_a_span(world):
    Coverage.objects.filter(member=world.member_a).update(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2026-01-01")).covered
    assert eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2026-06-30")).covered
    late = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2026-07-01"))
    assert late.reason is NotCoveredReason.COVERAGE_ENDED


def test_other_insurance_comes_in_cob_order_and_only_when_in_effect(world):
    m = world.member_a
    factories.OtherInsuranceFactory(member=m, payer_name="Secondary Co", cob_order=2)
    factories.OtherInsuranceFactory(member=m, payer_name="Primary Co", cob_order=1)
    factories.OtherInsuranceFactory(
        member=m, payer_name="Old Co", cob_order=1, start=dt.date(2020, 1, 1), end=dt.date(2023, 1, 1)
    )
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(m))
    assert [o.payer_name for o in result.other_insurance] == ["Primary Co", "Secondary Co"]
    assert result.other_insurance[0].cob_label == "Primary"


def test_remaining_deductible_and_out_of_pocket_come_from_the_benefit_year_accumulator(world):
    Accumulator.objects.create(
        member=world.member_a,
        benefit_year=2026,
        network="in",
        deductible_met=Decimal("120.00"),
        oop_met=Decimal("2500.00"),
    )
    Accumulator.objects.create(member=world.member_a, benefit_year=2025, network="in", deductible_met=Decimal("500.00"))
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a))
    acc = next(a for a in result.accumulators if a.network == "in")
    assert acc.deductible_remaining == Decimal("380.00")
    assert acc.oop_remaining == Decimal("0.00")  # never negative


def test_benefits_follow_their_effective_dates(world):
    plan = Coverage.objects.get(member=world.member_a).benefit_plan
    plan.benefits.filter(service_type="98").update(effective_end=dt.date(2025, 12, 31))
    factories.BenefitFactory(
        benefit_plan=plan,
        service_type="98",
        network="in",
        copay=Decimal("20.00"),
        effective_start=dt.date(2026, 1, 1),
    )
    now = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a))
    before = eligibility_check(actor=world.actor(), inquiry=inquiry(world.member_a, date_of_service="2025-12-15"))
    assert next(b for b in now.benefits if b.service_type == "98").in_network.copay == Decimal("20.00")
    assert next(b for b in before.benefits if b.service_type == "98").in_network.copay == Decimal("15.00")


@pytest.mark.parametrize(
    ("start_month", "dos", "year"),
    [(1, dt.date(2026, 3, 1), 2026), (7, dt.date(2026, 3, 1), 2025), (7, dt.date(2026, 7, 1), 2026)],
)
def test_benefit_year_of_a_date(start_month, dos, year):
    assert benefit_year_of(start_month=start_month, dos=dos) == year


def test_pcp_on_the_date_and_history(world):
    m = world.member_a
    current = m.pcp_assignments.get()
    current.end = dt.date(2026, 5, 31)
    current.save()
    later = factories.PcpAssignmentFactory(member=m, location=world.location_a, start=dt.date(2026, 6, 1))
    result = eligibility_check(actor=world.actor(), inquiry=inquiry(m))
    assert result.pcp.practitioner == later.practitioner.display_name
    assert len(result.pcp_history) == 2
    earlier = eligibility_check(actor=world.actor(), inquiry=inquiry(m, date_of_service="2026-01-15"))
    assert earlier.pcp.practitioner == current.practitioner.display_name


@pytest.mark.parametrize(
    ("met", "limit", "shown"),
    [(Decimal("283"), Decimal("283"), 100), (Decimal("120"), Decimal("500"), 24), (Decimal("900"), Decimal("500"), 100),
     (Decimal("0"), Decimal("500"), 0), (Decimal("5"), None, None), (Decimal("5"), Decimal("0"), None)],
)  # fmt: skip
def test_percent_met_is_bounded_and_absent_without_a_limit(met, limit, shown):
    from portico.members.eligibility import percent_of

    assert percent_of(met, limit) == shown


def test_the_answer_page_draws_how_much_of_the_deductible_is_met(world, client_a):
    Accumulator.objects.create(member=world.member_a, benefit_year=2026, network="in", deductible_met=Decimal("120.00"))
    m = world.member_a
    body = client_a.post(
        "/eligibility/", {"member_id": m.member_number, "birth_date": m.birth_date.isoformat()}
    ).content.decode()
    assert 'aria-label="24% of the deductible met"' in body
