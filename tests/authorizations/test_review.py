"""Review and decide: the queue and its scope, clocks, more information, extension, decisions and letters,
appeals, and the deadline sweep."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError
from pypdf import PdfReader

from portico.authorizations.models import (
    AuthorizationDecision,
    AuthorizationEvent,
    DecisionDeadline,
    DecisionOutcome,
    DeterminationLetter,
    EventKind,
    LineStatus,
    RequestStatus,
    Urgency,
)
from portico.authorizations.review_queries import DueState, QueueFilters, due_state, review_queue
from portico.authorizations.review_services import (
    AssignAction,
    authorization_info_answer,
    authorization_info_request,
    authorization_line_appeal,
    authorization_line_assign,
    authorization_line_decide,
    authorization_line_extend,
)
from portico.authorizations.sweep import authorization_deadlines_sweep_run
from portico.authorizations.tasks import authorization_deadlines_sweep
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.common.models import AccessAction, AccessEvent
from tests.authorizations.review_support import Reviewers, submit_two_lines, submitted
from tests.authorizations.support import AuthWorld

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
RECEIPT = dt.datetime(2026, 6, 1, 10, 0, tzinfo=PACIFIC)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def deny(reviewers: Reviewers, line_id: int, user=None):  # type: ignore[no-untyped-def]
    return authorization_line_decide(
        actor=reviewers.actor(user or reviewers.plan),
        line_id=line_id,
        outcome=DecisionOutcome.DENIED,
        reason="No record of six weeks of physical therapy before surgery.",
        criteria="Cascadia Medical Policy MP-112, section 3.2",
    )


# ---- the queue ----------------------------------------------------------------------------------------------


def test_the_plan_reviewer_sees_plan_lines_and_vendor_reviewers_only_their_own(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    _row, plan_line, vendor_line = submit_two_lines(auth)
    assert [line.pk for line in review_queue(actor=reviewers.actor(reviewers.plan), filters=QueueFilters())] == [
        plan_line.pk
    ]
    assert [line.pk for line in review_queue(actor=reviewers.actor(reviewers.summit), filters=QueueFilters())] == [
        vendor_line.pk
    ]
    assert review_queue(actor=reviewers.actor(reviewers.beacon), filters=QueueFilters()) == []
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_QUEUE, user=reviewers.plan).exists()


def test_the_queue_is_ordered_by_due_time_and_marks_near_due_and_overdue(auth: AuthWorld, reviewers: Reviewers) -> None:
    with time_machine.travel(RECEIPT, tick=False):
        standard = submit_two_lines(auth)[1]
        submitted(auth, urgency="expedited", expedited_attested=True, lines=[{"code": "27447", "start": "2026-06-10"}])
    client = reviewers.client(reviewers.plan)
    with time_machine.travel(RECEIPT + dt.timedelta(hours=50), tick=False):
        lines = review_queue(actor=reviewers.actor(reviewers.plan), filters=QueueFilters())
        assert [line.due_at for line in lines] == sorted(line.due_at for line in lines)
        assert lines[0].request.urgency == Urgency.EXPEDITED
        assert due_state(lines[0].due_at) == DueState.NEAR_DUE
        assert due_state(standard.due_at) == DueState.ON_TIME
        body = client.get("/authorizations/review/").content.decode()
        assert "Near due" in body
        assert "22 hours left" in body
    with time_machine.travel(RECEIPT + dt.timedelta(hours=75), tick=False):
        client = reviewers.client(reviewers.plan)  # a day later: the nurse signs in again
        body = client.get("/authorizations/review/").content.decode()
        assert "Overdue" in body
        assert "overdue by 3 hours" in body


def test_a_vendor_reviewer_gets_not_found_for_plan_lines_and_the_attempt_is_recorded(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    row, plan_line, vendor_line = submit_two_lines(auth)
    only_plan = submitted(auth, lines=[{"code": "27447", "start": "2026-07-01"}])
    beacon = reviewers.client(reviewers.beacon)
    before = AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED, user=reviewers.beacon).count()
    assert beacon.get(f"/authorizations/review/{row.pk}/").status_code == 404
    assert (
        AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_DENIED, user=reviewers.beacon).count()
        == before + 1
    )
    summit = reviewers.client(reviewers.summit)
    assert summit.get(f"/authorizations/review/{only_plan.pk}/").status_code == 404
    page = summit.get(f"/authorizations/review/{row.pk}/").content.decode()
    assert "70551" in page
    assert "27447" not in page
    assert "1 other line of this request is reviewed elsewhere" in page
    with pytest.raises(NotFound):
        deny(reviewers, plan_line.pk, reviewers.summit)
    assert (
        summit.post(f"/authorizations/review/lines/{plan_line.pk}/decide/", {"outcome": "approved"}).status_code == 404
    )
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_REVIEW, user=reviewers.summit).exists()
    del vendor_line


def test_review_pages_need_the_um_reviewer_role(auth: AuthWorld, reviewers: Reviewers, client_a) -> None:  # type: ignore[no-untyped-def]
    row = submit_two_lines(auth)[0]
    assert reviewers.client(reviewers.clerk).get("/authorizations/review/").status_code == 403
    assert client_a.get("/authorizations/review/").status_code == 403
    assert client_a.get(f"/authorizations/review/{row.pk}/").status_code == 403


def test_assign_take_and_release(auth: AuthWorld, reviewers: Reviewers) -> None:
    _row, plan_line, _vendor = submit_two_lines(auth)
    other = reviewers.summit.__class__.objects.create(username="second", staff_roles=["um_reviewer"])
    authorization_line_assign(actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, action=AssignAction.ASSIGN)
    with pytest.raises(DomainError, match="Another reviewer"):
        authorization_line_assign(actor=reviewers.actor(other), line_id=plan_line.pk, action=AssignAction.ASSIGN)
    with pytest.raises(DomainError, match="Only the reviewer"):
        authorization_line_assign(actor=reviewers.actor(other), line_id=plan_line.pk, action=AssignAction.RELEASE)
    line = authorization_line_assign(actor=reviewers.actor(other), line_id=plan_line.pk, action=AssignAction.TAKE)
    assert line.assigned_to == other
    mine = review_queue(actor=reviewers.actor(other), filters=QueueFilters(assigned="mine"))
    assert [m.pk for m in mine] == [plan_line.pk]
    line = authorization_line_assign(actor=reviewers.actor(other), line_id=plan_line.pk, action=AssignAction.RELEASE)
    assert line.assigned_to is None
    kinds = list(AuthorizationEvent.objects.filter(line=plan_line).values_list("kind", flat=True))
    assert kinds.count(EventKind.ASSIGNED) == 2
    assert EventKind.RELEASED in kinds


# ---- more information ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("clock_stops", [False, True])
def test_pend_and_answer_with_the_clock_running_or_stopped(
    auth: AuthWorld,
    reviewers: Reviewers,
    client_a,
    clock_stops: bool,  # type: ignore[no-untyped-def]
) -> None:
    if clock_stops:
        DecisionDeadline.objects.create(
            urgency=Urgency.STANDARD, amount=7, unit="days", effective=dt.date(2026, 1, 1), clock_stops_when_pended=True
        )
    with time_machine.travel(RECEIPT, tick=False):
        row, plan_line, vendor_line = submit_two_lines(auth)
    due = plan_line.due_at
    with time_machine.travel(RECEIPT + dt.timedelta(days=1), tick=False):
        info = authorization_info_request(
            actor=reviewers.actor(reviewers.plan), request_id=row.pk, question="Send the therapy notes, please."
        )
    row.refresh_from_db()
    plan_line.refresh_from_db()
    vendor_line.refresh_from_db()
    assert row.status == RequestStatus.PENDED
    assert plan_line.status == LineStatus.PENDED
    assert vendor_line.status == LineStatus.IN_REVIEW  # the vendor's line is not the plan's to pend
    listed = client_a.get("/authorizations/").content.decode()
    assert "Needs your answer" in listed
    detail = client_a.get(f"/authorizations/{row.pk}/").content.decode()
    assert "Send the therapy notes, please." in detail
    empty = client_a.post(f"/authorizations/{row.pk}/questions/{info.pk}/answer/", {"answer": ""})
    assert empty.status_code == 400
    assert f'href="#id_q{info.pk}-answer"' in empty.content.decode()
    with time_machine.travel(RECEIPT + dt.timedelta(days=3), tick=False):
        response = client_a.post(
            f"/authorizations/{row.pk}/questions/{info.pk}/answer/", {"answer": "Notes attached: 8 weeks of PT."}
        )
    assert response.status_code == 302
    row.refresh_from_db()
    plan_line.refresh_from_db()
    assert row.status == RequestStatus.SUBMITTED
    assert plan_line.status == LineStatus.IN_REVIEW
    assert plan_line.due_at == (due + dt.timedelta(days=2) if clock_stops else due)
    with pytest.raises(DomainError, match="already been answered"):
        authorization_info_answer(actor=auth.actor(), request_id=row.pk, info_request_id=info.pk, answer="again")
    with pytest.raises(NotFound):
        authorization_info_answer(actor=auth.actor("b"), request_id=row.pk, info_request_id=info.pk, answer="x")


# ---- extend ------------------------------------------------------------------------------------------------


def test_a_deadline_is_extended_once_with_a_reason(auth: AuthWorld, reviewers: Reviewers) -> None:
    with time_machine.travel(RECEIPT, tick=False):
        _row, plan_line, _vendor = submit_two_lines(auth)
    actor = reviewers.actor(reviewers.plan)
    with pytest.raises(ValidationFailed) as refused:
        authorization_line_extend(actor=actor, line_id=plan_line.pk, reason=" ")
    assert "reason" in refused.value.errors
    line = authorization_line_extend(actor=actor, line_id=plan_line.pk, reason="Waiting for the surgeon's notes.")
    assert line.due_at == dt.datetime(2026, 6, 22, 10, 0, tzinfo=PACIFIC)  # 7 + 14 calendar days
    assert line.extension_reason == "Waiting for the surgeon's notes."
    with pytest.raises(DomainError, match="already extended once"):
        authorization_line_extend(actor=actor, line_id=plan_line.pk, reason="Again.")
    assert AuthorizationEvent.objects.filter(line=plan_line, kind=EventKind.EXTENDED).count() == 1


# ---- decisions and letters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "changes", "status"),
    [
        (DecisionOutcome.APPROVED, {}, LineStatus.APPROVED),
        (DecisionOutcome.APPROVED, {"units": 3}, LineStatus.APPROVED),
        (
            DecisionOutcome.PARTIALLY_APPROVED,
            {"units": 1, "reason": "One knee only.", "criteria": "MP-112 3.4"},
            LineStatus.PARTIALLY_APPROVED,
        ),
        (DecisionOutcome.WITHDRAWN, {"reason": "The office called to withdraw."}, LineStatus.WITHDRAWN),
    ],
)
def test_each_decision_kind_is_recorded_with_a_letter(
    auth: AuthWorld, reviewers: Reviewers, outcome: DecisionOutcome, changes: dict, status: str
) -> None:
    _row, plan_line, _vendor = submit_two_lines(auth)
    decision = authorization_line_decide(
        actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, outcome=outcome, **changes
    )
    plan_line.refresh_from_db()
    assert plan_line.status == status
    assert decision.letter.content
    text = pdf_text(bytes(decision.letter.content))
    assert str(decision.get_outcome_display()) in text
    if "units" in changes:
        assert plan_line.decided_units == changes["units"]
    assert AuthorizationEvent.objects.filter(line=plan_line, kind=EventKind.DECIDED).exists()


def test_peer_to_peer_keeps_the_line_open_and_the_request_decides_when_every_line_is_final(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    row, plan_line, vendor_line = submit_two_lines(auth)
    actor = reviewers.actor(reviewers.plan)
    authorization_line_decide(actor=actor, line_id=plan_line.pk, outcome=DecisionOutcome.PEER_TO_PEER)
    plan_line.refresh_from_db()
    assert plan_line.status == LineStatus.PEER_TO_PEER
    assert not DeterminationLetter.objects.exists()
    authorization_line_decide(actor=actor, line_id=plan_line.pk, outcome=DecisionOutcome.APPROVED)
    row.refresh_from_db()
    assert row.status == RequestStatus.SUBMITTED  # the vendor line is still open
    deny(reviewers, vendor_line.pk, reviewers.summit)
    row.refresh_from_db()
    assert row.status == RequestStatus.DECIDED


def test_a_denial_needs_a_reason_and_criteria_and_a_second_decision_is_refused(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    _row, plan_line, _vendor = submit_two_lines(auth)
    actor = reviewers.actor(reviewers.plan)
    with pytest.raises(ValidationFailed) as refused:
        authorization_line_decide(actor=actor, line_id=plan_line.pk, outcome=DecisionOutcome.DENIED)
    assert set(refused.value.errors) == {"reason", "criteria"}
    with pytest.raises(IntegrityError):
        AuthorizationDecision.objects.create(
            line=plan_line, outcome="denied", decided_by=reviewers.plan, decided_at=dt.datetime.now(tz=PACIFIC)
        )


def test_a_decided_line_answers_a_clear_message_not_an_error(auth: AuthWorld, reviewers: Reviewers) -> None:
    row, plan_line, _vendor = submit_two_lines(auth)
    deny(reviewers, plan_line.pk)
    with pytest.raises(DomainError, match="already decided"):
        deny(reviewers, plan_line.pk)
    client = reviewers.client(reviewers.plan)
    response = client.post(f"/authorizations/review/lines/{plan_line.pk}/decide/", {"outcome": "approved"})
    assert response.status_code == 400
    assert "Line 1 was already decided: Denied." in response.content.decode()
    missing = client.post(f"/authorizations/review/lines/{plan_line.pk}/decide/", {"outcome": "denied"})
    assert missing.status_code == 400
    del row


def test_the_denial_letter_says_why_and_how_to_appeal_and_only_the_owner_downloads_it(
    auth: AuthWorld,
    reviewers: Reviewers,
    client_a,
    client_b,  # type: ignore[no-untyped-def]
) -> None:
    row, plan_line, vendor_line = submit_two_lines(auth)
    decision = deny(reviewers, plan_line.pk)
    letter = decision.letter
    detail = client_a.get(f"/authorizations/{row.pk}/").content.decode()
    url = f"/authorizations/{row.pk}/letters/{letter.pk}/"
    assert url in detail
    response = client_a.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert auth.world.member_a.last_name not in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert "Denied" in text
    assert "No record of six weeks of physical therapy" in text
    assert "MP-112" in text
    assert "appeal" in text
    assert "60 days" in text
    assert "503-555-0142" in text  # the plan's UM contact
    assert AccessEvent.objects.filter(action=AccessAction.AUTHORIZATION_LETTER, user=auth.world.user_a).exists()
    assert client_b.get(url).status_code == 404
    assert (
        reviewers.client(reviewers.plan).get(f"/authorizations/review/{row.pk}/letters/{letter.pk}/").status_code == 200
    )
    assert (
        reviewers.client(reviewers.summit).get(f"/authorizations/review/{row.pk}/letters/{letter.pk}/").status_code
        == 404
    )
    del vendor_line


# ---- appeal ------------------------------------------------------------------------------------------------


def test_a_denial_is_appealed_and_approved_on_appeal(
    auth: AuthWorld,
    reviewers: Reviewers,
    client_a,  # type: ignore[no-untyped-def]
) -> None:
    row, plan_line, _vendor = submit_two_lines(auth)
    deny(reviewers, plan_line.pk)
    with pytest.raises(NotFound):
        authorization_line_appeal(actor=auth.actor("b"), request_id=row.pk, line_id=plan_line.pk, reason="x")
    bad = client_a.post(f"/authorizations/{row.pk}/lines/{plan_line.pk}/appeal/", {"reason": ""})
    assert bad.status_code == 400
    assert f'href="#id_appeal-{plan_line.pk}-reason"' in bad.content.decode()
    response = client_a.post(
        f"/authorizations/{row.pk}/lines/{plan_line.pk}/appeal/", {"reason": "Therapy notes for 8 weeks attached."}
    )
    assert response.status_code == 302
    plan_line.refresh_from_db()
    row.refresh_from_db()
    assert plan_line.status == LineStatus.APPEALED
    assert row.status == RequestStatus.APPEALED
    assert plan_line.due_at is not None
    with pytest.raises(DomainError, match="already appealed"):
        authorization_line_appeal(actor=auth.actor(), request_id=row.pk, line_id=plan_line.pk, reason="again")
    assert [line.pk for line in review_queue(actor=reviewers.actor(reviewers.plan), filters=QueueFilters())] == [
        plan_line.pk
    ]
    decision = authorization_line_decide(
        actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, outcome=DecisionOutcome.APPROVED
    )
    assert decision.on_appeal
    assert "made on the provider's appeal" in pdf_text(bytes(decision.letter.content))
    assert AuthorizationDecision.objects.filter(line=plan_line, on_appeal=True, outcome="approved").count() == 1
    assert AuthorizationDecision.objects.filter(line=plan_line).count() == 2  # the denial stays on record
    assert "Decided on appeal" in client_a.get(f"/authorizations/{row.pk}/").content.decode()


def test_an_approved_line_cannot_be_appealed(auth: AuthWorld, reviewers: Reviewers) -> None:
    row, plan_line, _vendor = submit_two_lines(auth)
    authorization_line_decide(actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, outcome="approved")  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Only a denied"):
        authorization_line_appeal(actor=auth.actor(), request_id=row.pk, line_id=plan_line.pk, reason="why not")


# ---- the sweep ---------------------------------------------------------------------------------------------


def test_the_sweep_reminds_and_escalates_once_and_never_decides(auth: AuthWorld, reviewers: Reviewers) -> None:
    with time_machine.travel(RECEIPT, tick=False):
        row, plan_line, vendor_line = submit_two_lines(auth)
    with time_machine.travel(RECEIPT + dt.timedelta(days=6, hours=12), tick=False):
        first = authorization_deadlines_sweep_run()
        again = authorization_deadlines_sweep_run()
    assert (first.reminders, first.escalations) == (2, 0)
    assert (again.reminders, again.escalations) == (0, 0)
    with time_machine.travel(RECEIPT + dt.timedelta(days=8), tick=False):
        result = authorization_deadlines_sweep.enqueue()
        assert result.return_value == {"reminders": 0, "escalations": 2}
        call_command("authorizations", "sweep", stdout=io.StringIO())
        assert AuthorizationEvent.objects.filter(kind=EventKind.ESCALATED).count() == 2
        assert "Overdue" in reviewers.client(reviewers.plan).get("/authorizations/review/").content.decode()
    row.refresh_from_db()
    assert row.status == RequestStatus.SUBMITTED
    assert set(row.lines.values_list("status", flat=True)) == {LineStatus.IN_REVIEW}
    assert not AuthorizationDecision.objects.exists()
    detail = Reviewers.client(reviewers, auth.world.user_a).get(f"/authorizations/{row.pk}/").content.decode()
    assert "escalated" not in detail  # staff-only events
    del plan_line, vendor_line
