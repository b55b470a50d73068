"""The demo world's prior-authorization requests: every state, near and past their deadlines, told the same way
whenever the loader runs, once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portico.accounts.models import Membership, ProviderRole, User
from portico.authorizations.demo import (
    KEY_PREFIX,
    STORIES,
    authorization_demo_ensure,
    authorization_demo_load,
    story_codes,
)
from portico.authorizations.models import (
    AuthorizationDecision,
    AuthorizationLine,
    AuthorizationRequest,
    DecisionOutcome,
    DeterminationLetter,
    InformationRequest,
    LineRoute,
    LineStatus,
    RequestStatus,
    Urgency,
)
from portico.authorizations.review_queries import DueState, QueueFilters, due_state, review_queue
from portico.codes.demo_sets import DEMO_DIR
from portico.codes.models import Code, CodeSystem
from portico.common.access import Actor
from portico.common.models import Channel
from tests.demo.conftest import AS_OF

pytestmark = [pytest.mark.django_db]

ZONE = ZoneInfo("America/Los_Angeles")
DAY_0 = dt.datetime.combine(AS_OF, dt.time(0, 0), tzinfo=ZONE)  # the demo world's "today" begins


def codes_create() -> None:
    """The codes the stories use (what `portico codes demo` loads, but only these: the full ICD-10-CM is slow)."""
    procedures, diagnoses = story_codes()
    demo_files = (DEMO_DIR / "cpt_demo.csv").read_text() + (DEMO_DIR / "hcpcs_demo.csv").read_text()
    assert all(code in demo_files for code in procedures)  # the demo's own code files hold every one
    Code.objects.bulk_create(
        [Code(system=CodeSystem.CPT if code[0].isdigit() else CodeSystem.HCPCS, code=code, display=code)
         for code in procedures]
        + [Code(system=CodeSystem.ICD10CM, code=code.replace(".", ""), display=code) for code in diagnoses]
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo_requests(demo_world, django_db_blocker):  # type: ignore[no-untyped-def]
    """The module's demo world (as of 2026-03-18: before Summit starts) with the demo requests loaded."""
    with django_db_blocker.unblock():
        codes_create()
        return authorization_demo_load(as_of=AS_OF)


def reviewer(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), organization_id=None, channel=Channel.WEB)


def lines_of(request: AuthorizationRequest) -> list[AuthorizationLine]:
    return list(request.lines.order_by("number"))


def test_every_request_state_and_line_state_is_there(demo_requests):
    assert demo_requests == len(STORIES) == AuthorizationRequest.objects.count()
    assert set(AuthorizationRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(AuthorizationLine.objects.exclude(status="").values_list("status", flat=True)) == set(LineStatus.values)
    assert AuthorizationDecision.objects.filter(on_appeal=True, outcome=DecisionOutcome.APPROVED).exists()
    for decision in AuthorizationDecision.objects.exclude(outcome=DecisionOutcome.PEER_TO_PEER):
        assert DeterminationLetter.objects.filter(decision=decision).exists()  # every final decision has a letter
    for denial in AuthorizationDecision.objects.filter(outcome=DecisionOutcome.DENIED):
        assert denial.reason
        assert denial.criteria
    assert AuthorizationRequest.objects.filter(status=RequestStatus.DRAFT, number=None).count() == 1


def test_receipts_are_in_the_past_and_the_deadlines_fall_where_the_stories_say(demo_requests):
    submitted = AuthorizationRequest.objects.exclude(status=RequestStatus.DRAFT)
    assert all(row.submitted_at < DAY_0 for row in submitted)
    assert all(row.number.startswith(f"PA-{timezone.localtime(row.submitted_at).year}-") for row in submitted)
    open_lines = AuthorizationLine.objects.filter(status__in=(LineStatus.IN_REVIEW, LineStatus.APPEALED))
    states = Counter(
        due_state(line.due_at, now=DAY_0 + dt.timedelta(hours=9))
        for line in open_lines.filter(request__urgency=Urgency.EXPEDITED)
    )
    assert states == {DueState.NEAR_DUE: 2, DueState.OVERDUE: 1}
    five_days = [line for line in open_lines if timezone.localtime(line.due_at).date() == AS_OF + dt.timedelta(5)]
    assert {line.route for line in five_days} == {LineRoute.PLAN, LineRoute.VENDOR}
    for line in AuthorizationLine.objects.exclude(due_at=None).select_related("request"):
        assert line.request.submitted_at < line.due_at
    extended = AuthorizationLine.objects.get(extended_at__isnull=False)
    received = timezone.localtime(extended.request.submitted_at)
    assert timezone.localtime(extended.due_at) == received + dt.timedelta(days=21)  # 7 days, then 14 more


def test_the_coordinator_has_a_plan_and_a_summit_line_and_a_question_to_answer(demo_requests):
    coordinator = User.objects.get(username="coordinator")
    basalt = Membership.objects.get(user=coordinator).organization_id
    mine = AuthorizationRequest.objects.filter(organization_id=basalt)
    assert mine.count() >= 10
    assert all(row.created_by == coordinator for row in mine)
    two_routes = [row for row in mine if {line.route for line in lines_of(row)} == {LineRoute.PLAN, LineRoute.VENDOR}]
    assert two_routes
    question = InformationRequest.objects.get(request__organization_id=basalt, answered_at=None)
    assert question.request.status == RequestStatus.PENDED
    assert InformationRequest.objects.filter(answered_at__isnull=False).exclude(request__organization_id=basalt)


def test_summit_lines_start_on_summits_first_day_and_fill_the_summit_reviewers_queue(demo_requests):
    vendor_lines = AuthorizationLine.objects.filter(route=LineRoute.VENDOR)
    assert vendor_lines.count() >= 6
    assert {line.vendor.key for line in vendor_lines} == {"summit"}
    assert min(line.start for line in vendor_lines) == dt.date(2026, 5, 1)  # as of 2026-03-18: moved to the start
    summit_queue = review_queue(actor=reviewer("summitreviewer"), filters=QueueFilters())
    plan_queue = review_queue(actor=reviewer("umnurse"), filters=QueueFilters())
    assert len(summit_queue) >= 4
    assert {line.route for line in summit_queue} == {LineRoute.VENDOR}
    assert len(plan_queue) >= 8
    assert {line.route for line in plan_queue} == {LineRoute.PLAN}
    assert {line.request.organization.legal_name for line in plan_queue} == {
        "Basalt Ridge Heart & Vascular, LLC",
        "Thimbleberry Family Medicine, P.C.",
        "Quiet Harbor Counseling Collective",
    }


def test_the_behavioral_health_clinic_can_see_its_requests(demo_requests):
    membership = Membership.objects.get(user__username="bhclinic")
    assert membership.has_role(ProviderRole.AUTHORIZATIONS)
    assert AuthorizationRequest.objects.filter(organization_id=membership.organization_id).count() == 2


def test_loading_again_adds_nothing(demo_requests):
    before = AuthorizationRequest.objects.count(), AuthorizationLine.objects.count()
    assert authorization_demo_load(as_of=AS_OF) == 0
    assert authorization_demo_ensure() == "Prior-authorization demo requests: already there."
    assert (AuthorizationRequest.objects.count(), AuthorizationLine.objects.count()) == before
    assert AuthorizationRequest.objects.filter(idempotency_key__startswith=KEY_PREFIX).count() == len(STORIES)
