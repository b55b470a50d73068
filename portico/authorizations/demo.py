"""The demo world's prior-authorization requests: seventeen stories told through the real services.

Every request is made the way a person would make it — ``authorization_submit`` (eligibility, routing and
deadlines included), then the reviewer's and the provider's steps (``authorization_info_request``, ``..._answer``,
``..._line_assign``, ``..._line_extend``, ``..._line_decide``, ``..._line_appeal``) — by the demo personas, for the
well-known members, so the requests hold exactly what the portal would have written. Signing in as
``coordinator``, ``clinicadmin``, ``bhclinic``, ``umnurse`` or ``summitreviewer`` then shows requests in every
state: a draft, standard and expedited requests in review (one near its deadline, one past it), a question
waiting for the provider, approvals with letters, a partial approval, a denial with its reason and criteria, a
peer-to-peer request, appeals, a withdrawal and lines that need no authorization.

**Why the clocks are moved afterwards.** The services stamp everything with ``timezone.now()`` and take no
explicit time, and a demo world's "today" is its as-of date, not the moment the loader runs. So each step is
told at its own moment of the story (``Step.day`` and ``Step.time``: days from the as-of date and a wall-clock
time in the plan's zone) by ``_request_clock_set``: right after the service call, every timestamp the call
wrote (receipt, events, question and answer, decision, letter, extension, appeal) is set to that moment, and
every due time it computed is computed again from that moment with the deadline functions the services use.
While a story is told the moments are kept ``offset`` ahead, so that they sit just before the real "now" and
the checks the services make against the real clock (the appeal window, say) see the story's intervals; when
the story is done ``_request_clock_shift`` moves the whole request back by ``offset``, gives it the number its
receipt year calls for and renders its letters again with the final dates. The result does not depend on when the
loader ran: the same as-of date gives the same requests, receipts, due times and numbers (in a fresh database).

Run it once the demo world and the code sets are loaded (``authorization_demo_ensure`` checks both; ``portico
codes demo`` and ``portico demo-data`` call it, so ``make demo`` gets the requests whichever of the two runs
second). It adds nothing when the demo requests are already there (their idempotency keys start with
``KEY_PREFIX``): a repeated ``make demo`` makes no second set. All of it is one transaction: all or nothing.

Thimbleberry's requests are made by ``clinicadmin`` (the administrator holds every role): ``frontdesk`` has only
the eligibility role and could not see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Model
from django.utils import timezone

from portico.accounts.models import User
from portico.authorizations.deadlines import calendar_days_later, deadline_rule, decision_due_at
from portico.authorizations.letters import letter_filename, letter_render
from portico.authorizations.models import (
    AuthorizationAttachment,
    AuthorizationDecision,
    AuthorizationEvent,
    AuthorizationLine,
    AuthorizationRequest,
    DecisionOutcome,
    DeterminationLetter,
    EventKind,
    InformationRequest,
)
from portico.authorizations.review_services import (
    AssignAction,
    authorization_info_answer,
    authorization_info_request,
    authorization_line_appeal,
    authorization_line_assign,
    authorization_line_decide,
    authorization_line_extend,
)
from portico.authorizations.services import authorization_draft_save, authorization_number, authorization_submit
from portico.codes.list_demo import SUMMIT_STARTS
from portico.codes.models import Code, CodeSystem
from portico.codes.requirements import requirement_date_bounds
from portico.common.access import Actor
from portico.common.errors import DomainError
from portico.common.models import Channel
from portico.demo.build import demo_world_loaded
from portico.demo.wellknown import WELL_KNOWN
from portico.providers.models import ProviderOrganization
from portico.providers.queries import practitioners_of

ASSIGN = AssignAction.ASSIGN
KEY_PREFIX = "demo-pa-"  # every demo request's idempotency key starts so: how a second run knows they are there

# The organizations that ask, and the persona who asks for each.
ORGANIZATIONS = {
    "basalt": "Basalt Ridge Heart & Vascular, LLC",
    "thimbleberry": "Thimbleberry Family Medicine, P.C.",
    "quiet-harbor": "Quiet Harbor Counseling Collective",
}
PROVIDER_USERS = {"basalt": "coordinator", "thimbleberry": "clinicadmin", "quiet-harbor": "bhclinic"}
PLAN_REVIEWER = "umnurse"
SUMMIT_REVIEWER = "summitreviewer"

MARIA, HAROLD, AISHA, DANIEL, OLIVIA, SOFIA, WALTER = "1", "2", "4", "5", "6", "7", "8"


class DemoAuthorizationsError(DomainError):
    code = "demo_authorizations"


@dataclass(frozen=True)
class Line:
    code: str
    start: int  # days after the as-of date
    units: int = 1
    days: int = 0  # last date of service, days after the first
    vendor: bool = False  # routed to Summit from its start date: the date of service is moved there if earlier
    place: str = "22"


@dataclass(frozen=True)
class Step:
    """One thing a person does to the request, ``day`` days before (negative) the as-of date at ``time``."""

    day: int
    time: str
    action: str  # assign, ask, answer, extend, decide, appeal
    line: int = 0  # line number (1-based); 0: every open line the reviewer has (ask) or all lines (assign)
    text: str = ""  # question, answer, reason
    outcome: str = ""
    criteria: str = ""
    units: int | None = None
    by: str = ""  # who, when not the request's reviewer for the line (decide/assign/ask/extend) or provider


@dataclass(frozen=True)
class Story:
    key: str  # short name, part of the idempotency key
    organization: str  # key of ORGANIZATIONS
    member: str  # last digit of the well-known member ID
    diagnoses: tuple[str, ...]
    lines: tuple[Line, ...]
    day: int  # receipt (or for a draft, when it was saved): days relative to the as-of date
    time: str
    shows: str  # what the request is in the demo (docs/demo.md lists these)
    notes: str = ""
    urgency: str = "standard"
    setting: str = "outpatient"
    draft: bool = False
    steps: tuple[Step, ...] = field(default_factory=tuple)
    reviewer: str = PLAN_REVIEWER  # who reviews its lines (Summit lines: SUMMIT_REVIEWER)


DENIED_HOLTER = (
    "The records sent show one episode of palpitations without syncope, dizziness or an abnormal ECG, and no "
    "trial of a 24-hour monitor. Extended monitoring is not yet medically necessary."
)
HOLTER_CRITERIA = "Cascadia Health Medical Policy CP-CARD-07, Ambulatory ECG monitoring, section 2.1"

# In receipt order: the numbers go up with the receipts, as they would in a live portal.
STORIES: tuple[Story, ...] = (
    Story(
        "stent-appeal", "basalt", HAROLD, ("I25.10",), (Line("92928", -10, vendor=True),), -35, "09:10",
        "Summit: denied, appealed, approved on appeal (two letters)",
        notes="Stable angina despite two drugs; stress test positive in the anterior wall.",
        reviewer=SUMMIT_REVIEWER,
        steps=(
            Step(-32, "15:20", "decide", 1, outcome=DecisionOutcome.DENIED,
                 text="No stress imaging or angiography report was sent to show the lesion to be treated.",
                 criteria="Summit Cardiac Guidelines CV-PCI-3, elective coronary intervention"),
            Step(-28, "10:05", "appeal", 1,
                 text="Attached: the catheterization report (90% proximal LAD stenosis) and the stress echo."),
            Step(-25, "11:40", "decide", 1, outcome=DecisionOutcome.APPROVED,
                 text="The angiography shows a significant proximal LAD lesion with ischemia on stress imaging."),
        ),
    ),
    Story(
        "holter-appeal", "basalt", OLIVIA, ("R00.2",), (Line("93224", 7),), -20, "09:00",
        "Plan: denied with reason and criteria, appealed: the appeal is in review",
        notes="Palpitations twice a week for three months; one normal office ECG.",
        steps=(
            Step(-17, "15:00", "decide", 1, outcome=DecisionOutcome.DENIED, text=DENIED_HOLTER,
                 criteria=HOLTER_CRITERIA),
            Step(-3, "10:00", "appeal", 1,
                 text="She fainted at work last week (ED note attached); a 48-hour monitor is now indicated."),
        ),
    ),
    Story(
        "cta-denied", "basalt", MARIA, ("R07.9",), (Line("75574", 3, vendor=True),), -14, "14:30",
        "Summit: denied with reason and criteria (letter; can still be appealed)",
        notes="Atypical chest pain; no stress test yet.", reviewer=SUMMIT_REVIEWER,
        steps=(
            Step(-11, "10:15", "decide", 1, outcome=DecisionOutcome.DENIED,
                 text="Coronary CT angiography is considered after a non-diagnostic stress test; none was done.",
                 criteria="Summit Cardiac Imaging Guidelines CI-4.2, coronary CT angiography"),
        ),
    ),
    Story(
        "stress-approved", "basalt", WALTER, ("I25.10",),
        (Line("93017", -3, place="11"), Line("93000", -3, place="11")), -10, "13:00",
        "Plan: approved (letter), and an ECG line that needs no authorization (confirmation)",
        notes="Known coronary disease, new exertional dyspnea.",
        steps=(
            Step(-9, "08:30", "assign", 1),
            Step(-8, "10:30", "decide", 1, outcome=DecisionOutcome.APPROVED,
                 text="Meets criteria: new symptoms in known coronary artery disease."),
        ),
    ),
    Story(
        "stress-withdrawn", "basalt", AISHA, ("R07.9",), (Line("93017", 5, place="11"),), -9, "08:40",
        "Plan: withdrawn (the office withdrew it; letter)", notes="Chest pain on exertion.",
        steps=(
            Step(-7, "16:10", "decide", 1, outcome=DecisionOutcome.WITHDRAWN,
                 text="The office called: the test was done during an emergency visit, so the request is withdrawn."),
        ),
    ),
    Story(
        "pt-partial", "thimbleberry", MARIA, ("M54.50",),
        (Line("97110", -5, units=12, days=56, vendor=True, place="11"),), -9, "10:00",
        "Summit: partially approved (8 of 12 visits; letter)",
        notes="Low back pain for ten weeks; home exercises not enough.", reviewer=SUMMIT_REVIEWER,
        steps=(
            Step(-6, "14:00", "decide", 1, outcome=DecisionOutcome.PARTIALLY_APPROVED, units=8,
                 text="Eight visits approved; send progress notes at visit 6 to ask for more.",
                 criteria="Summit MSK Guidelines PT-2, outpatient physical therapy"),
        ),
    ),
    Story(
        "testing-answered", "quiet-harbor", SOFIA, ("F84.0",),
        (Line("96136", 10, place="11"), Line("96137", 10, units=3, place="11")), -6, "09:00",
        "Plan: the question was answered; back in review", setting="behavioral_health",
        notes="Developmental evaluation asked for by the pediatrician.",
        steps=(
            Step(-5, "11:00", "ask", text="Please send the pediatrician's referral and the screening results."),
            Step(-3, "16:30", "answer", text="The referral and the M-CHAT-R results are in the chart note below."),
        ),
    ),
    Story(
        "cpap-extended", "thimbleberry", MARIA, ("G47.33",), (Line("E0601", 14, units=3, days=89, place="12"),),
        -6, "11:20", "Plan: the deadline was extended once (14 days), with the reason", setting="dme",
        notes="Moderate obstructive sleep apnea on the home sleep test.",
        steps=(
            Step(-2, "09:00", "extend", 1, text="Waiting for the sleep study report from the outside lab."),
        ),
    ),
    Story(
        "nuclear-p2p", "basalt", WALTER, ("R07.9",), (Line("78452", 9, vendor=True),), -5, "11:00",
        "Summit: peer-to-peer requested", notes="Chest pain; cannot exercise on a treadmill.",
        reviewer=SUMMIT_REVIEWER,
        steps=(
            Step(-2, "16:00", "decide", 1, outcome=DecisionOutcome.PEER_TO_PEER,
                 text="Our cardiologist would like to talk about the choice of test: call 888-555-0177."),
        ),
    ),
    Story(
        "bipap-overdue", "thimbleberry", OLIVIA, ("G47.33",), (Line("E0470", 1, place="12"),), -4, "08:00",
        "Plan: expedited, overdue", urgency="expedited", setting="dme",
        notes="Hypoventilation on the sleep study; hospital discharge waits for the device.",
    ),
    Story(
        "holter-pended", "basalt", MARIA, ("R00.2",), (Line("93224", 10),), -4, "09:30",
        "Plan: more information requested — “Needs your answer” for the coordinator",
        notes="Palpitations with light-headedness.",
        steps=(
            Step(-3, "08:45", "assign", 1),
            Step(-2, "14:00", "ask",
                 text="Please send the last two ECG tracings and the note of the visit where palpitations were seen."),
        ),
    ),
    Story(
        "mri-summit", "thimbleberry", AISHA, ("R51.9",), (Line("70551", 11, vendor=True),), -3, "15:40",
        "Summit: standard, in review", notes="New daily headaches for six weeks.", reviewer=SUMMIT_REVIEWER,
    ),
    Story(
        "stress-near-due", "basalt", AISHA, ("R07.9",), (Line("93015", 1, place="11"),), -3, "22:00",
        "Plan: expedited, due within 24 hours", urgency="expedited",
        notes="Chest pain at rest last night; troponin normal.",
    ),
    Story(
        "cath-near-due", "basalt", HAROLD, ("I20.0",), (Line("93458", 2, vendor=True),), -3, "23:00",
        "Summit: expedited, due within 24 hours", urgency="expedited", reviewer=SUMMIT_REVIEWER,
        notes="Unstable angina; cardiology asks for catheterization this week.",
    ),
    Story(
        "holter-echo", "basalt", HAROLD, ("I48.0",), (Line("93224", 12), Line("93306", 12, vendor=True)), -2, "10:15",
        "Standard, in review, due in 5 days: a plan line and a Summit line",
        notes="Paroxysmal atrial fibrillation; rate control to assess.",
    ),
    Story(
        "testing-assigned", "quiet-harbor", DANIEL, ("F90.2",),
        (Line("96130", 20, place="11"), Line("96131", 20, units=3, place="11")), -1, "10:00",
        "Plan: in review, assigned to the UM nurse", setting="behavioral_health",
        notes="Attention problems at school; psychological testing to plan treatment.",
        steps=(Step(-1, "15:00", "assign", 0),),
    ),
    Story(
        "echo-draft", "basalt", WALTER, ("I25.10",), (Line("93350", 21, vendor=True),), -1, "16:10",
        "Draft (not submitted)", draft=True, notes="Stress echo before the cardiac rehab program.",
    ),
)  # fmt: skip


def story_codes() -> tuple[set[str], set[str]]:
    """(procedure codes, diagnosis codes as written) the stories use."""
    procedures = {line.code for story in STORIES for line in story.lines}
    diagnoses = {code for story in STORIES for code in story.diagnoses}
    return procedures, diagnoses


def demo_codes_missing() -> list[str]:
    """Codes the stories need that are not loaded (empty once ``portico codes demo`` has run)."""
    procedures, diagnoses = story_codes()
    have = set(
        Code.objects.filter(system__in=(CodeSystem.CPT, CodeSystem.HCPCS), code__in=procedures).values_list(
            "code", flat=True
        )
    )
    normalized = {code.replace(".", ""): code for code in diagnoses}
    have_dx = set(Code.objects.filter(system=CodeSystem.ICD10CM, code__in=normalized).values_list("code", flat=True))
    return sorted(procedures - have) + sorted(written for code, written in normalized.items() if code not in have_dx)


def authorization_demo_loaded() -> bool:
    return AuthorizationRequest.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists()


# ---- the clock -----------------------------------------------------------------------------------------------

# Every timestamp of a request: (model, path from it to the request's id, fields).
_STAMPS: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = (
    (AuthorizationRequest, "pk", ("created_at", "updated_at", "submitted_at")),
    (AuthorizationLine, "request_id", ("due_at", "decided_at", "extended_at", "appealed_at")),
    (AuthorizationEvent, "request_id", ("at", "due_at")),
    (AuthorizationDecision, "line__request_id", ("decided_at",)),
    (DeterminationLetter, "request_id", ("created_at",)),
    (InformationRequest, "request_id", ("asked_at", "answered_at")),
    (AuthorizationAttachment, "request_id", ("uploaded_at",)),
)


def _request_clock_set(request_id: int, *, since: dt.datetime, moment: dt.datetime) -> None:
    """Every timestamp of the request written at or after ``since`` (the real time a service call began) becomes
    ``moment``: the call happened then. Due times are not stamps; the caller computes them again."""
    for model, path, fields in _STAMPS:
        rows = model._default_manager.filter(**{path: request_id})
        for name in fields:
            if name != "due_at":
                rows.filter(**{f"{name}__gte": since}).update(**{name: moment})


def _request_clock_shift(request_id: int, by: dt.timedelta) -> None:
    """Move every timestamp and due time of the request by ``by``, then give it the number its (new) receipt
    year calls for and render its letters again, which print the dates."""
    for model, path, fields in _STAMPS:
        rows = model._default_manager.filter(**{path: request_id})
        rows.update(**{name: F(name) + by for name in fields})
    row = AuthorizationRequest.objects.get(pk=request_id)
    if row.submitted_at is not None:
        number = authorization_number(row)
        if number != row.number:
            AuthorizationEvent.objects.filter(request=row, kind=EventKind.SUBMITTED, note=row.number or "").update(
                note=number
            )
            AuthorizationRequest.objects.filter(pk=request_id).update(number=number)
    letters = DeterminationLetter.objects.filter(request_id=request_id).select_related(
        "decision__line__request__organization",
        "decision__line__request__member",
        "decision__line__request__line_of_business__plan",
        "decision__line__vendor",
    )
    for letter in letters:
        decision = letter.decision
        letter.filename = letter_filename(decision)
        letter.content = letter_render(decision)
        letter.save(update_fields=["filename", "content"])


# ---- telling the stories -------------------------------------------------------------------------------------


class _Teller:
    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        zone = timezone.get_current_timezone()
        self.zone = zone
        # The story's moments are kept this far ahead while it is told (see the module's docstring).
        self.offset = timezone.now() - dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=zone)
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[*PROVIDER_USERS.values(), PLAN_REVIEWER, SUMMIT_REVIEWER], is_active=True
            )
        }
        self.organizations = {
            key: ProviderOrganization.objects.get(legal_name=name, is_demo=True) for key, name in ORGANIZATIONS.items()
        }
        missing = {*PROVIDER_USERS.values(), PLAN_REVIEWER, SUMMIT_REVIEWER} - set(self.users)
        if missing:
            raise DemoAuthorizationsError(f"The demo personas are missing: {', '.join(sorted(missing))}.")
        self.members = {wk.member_number[-1]: wk for wk in WELL_KNOWN}

    # times and dates

    def moment(self, day: int, time: str) -> dt.datetime:
        """The true moment: ``day`` days from the as-of date at ``time`` on the plan's wall clock."""
        hours, minutes = (int(part) for part in time.split(":"))
        naive = dt.datetime.combine(self.as_of + dt.timedelta(days=day), dt.time(hours, minutes))
        return timezone.make_aware(naive, self.zone)

    def ahead(self, moment: dt.datetime) -> dt.datetime:
        """A true moment as kept while the story is told: ``offset`` later, counted in UTC (not on the wall clock,
        which would gain or lose the daylight-saving hour between the two)."""
        return moment.astimezone(dt.UTC) + self.offset

    @staticmethod
    def service_day_for(as_of: dt.date, offset: int, *, vendor: bool) -> dt.date:
        """``offset`` days from the as-of date; a line meant for Summit not before Summit's start."""
        day = as_of + dt.timedelta(days=offset)
        return max(day, SUMMIT_STARTS) if vendor else day

    def service_day(self, offset: int, *, vendor: bool) -> dt.date:
        return self.service_day_for(self.as_of, offset, vendor=vendor)

    # actors

    def actor(self, username: str) -> Actor:
        org = next((key for key, name in PROVIDER_USERS.items() if name == username), None)
        organization_id = self.organizations[org].pk if org else None
        return Actor(user=self.users[username], organization_id=organization_id, channel=Channel.WEB)

    # one service call at one moment of the story

    def _at(self, request_id: int | None, day: int, time: str, call: Callable[[], Any]) -> Any:
        since = timezone.now()
        result = call()
        rid = request_id if request_id is not None else result.pk
        _request_clock_set(rid, since=since, moment=self.ahead(self.moment(day, time)))
        return result

    def payload(self, story: Story) -> dict[str, object]:
        member = self.members[story.member]
        organization = self.organizations[story.organization]
        npi = practitioners_of(organization_id=organization.pk).order_by("last_name", "first_name", "npi")[0].npi
        lines = []
        for line in story.lines:
            start = self.service_day(line.start, vendor=line.vendor)
            lines.append(
                {
                    "code": line.code,
                    "units": line.units,
                    "start": start.isoformat(),
                    "end": (start + dt.timedelta(days=line.days)).isoformat(),
                    "place_of_service": line.place,
                }
            )
        return {
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "setting": story.setting,
            "urgency": story.urgency,
            "expedited_attested": story.urgency == "expedited",
            "requesting_npi": npi,
            "diagnoses": list(story.diagnoses),
            "clinical_notes": story.notes,
            "lines": lines,
        }

    def tell(self, story: Story) -> AuthorizationRequest:
        provider = self.actor(PROVIDER_USERS[story.organization])
        key = f"{KEY_PREFIX}{story.key}"
        data = self.payload(story)
        if story.draft:
            row: AuthorizationRequest = self._at(
                None,
                story.day,
                story.time,
                lambda: authorization_draft_save(actor=provider, data=data, idempotency_key=key),
            )
        else:
            row = self._at(
                None,
                story.day,
                story.time,
                lambda: authorization_submit(actor=provider, data=data, idempotency_key=key).request,
            )
            self._due_from(row.pk, story.day, story.time)
            info_id = 0
            for step in story.steps:
                info_id = self.step(story, row.pk, step, provider, info_id)
        _request_clock_shift(row.pk, -self.offset)
        return AuthorizationRequest.objects.get(pk=row.pk)

    def _due_from(self, request_id: int, day: int, time: str, *, line_numbers: tuple[int, ...] = ()) -> None:
        """Due times counted from the true receipt (or appeal) moment with the services' deadline function."""
        row = AuthorizationRequest.objects.select_related("line_of_business").get(pk=request_id)
        assert row.line_of_business is not None
        due = decision_due_at(
            line_of_business=row.line_of_business, urgency=row.urgency, received_at=self.moment(day, time)
        )
        lines = AuthorizationLine.objects.filter(request_id=request_id, due_at__isnull=False)
        if line_numbers:
            lines = lines.filter(number__in=line_numbers)
        lines.update(due_at=self.ahead(due))

    def step(self, story: Story, request_id: int, step: Step, provider: Actor, info_id: int) -> int:
        lines = AuthorizationLine.objects.filter(request_id=request_id).order_by("number")
        line = lines.get(number=step.line) if step.line else None
        reviewer = self.actor(step.by or story.reviewer)
        at = (request_id, step.day, step.time)
        if step.action == "assign":
            for target_id in [line.pk] if line else list(lines.exclude(due_at=None).values_list("pk", flat=True)):
                self._at(*at, partial(authorization_line_assign, actor=reviewer, line_id=target_id, action=ASSIGN))
        elif step.action == "ask":
            info = self._at(
                *at,
                lambda: authorization_info_request(
                    actor=reviewer, request_id=request_id, question=step.text, line_ids=[line.pk] if line else []
                ),
            )
            return int(info.pk)
        elif step.action == "answer":
            before = dict(lines.values_list("pk", "due_at"))
            info = self._at(
                *at,
                lambda: authorization_info_answer(
                    actor=provider, request_id=request_id, info_request_id=info_id, answer=step.text
                ),
            )
            if info.clock_stopped:  # the due times move by the time waited, in the story's time
                waited = self.moment(step.day, step.time) - (info.asked_at - self.offset)
                for pk in info.lines.values_list("pk", flat=True):
                    if before[pk] is not None:
                        AuthorizationLine.objects.filter(pk=pk).update(due_at=before[pk] + waited)
        elif step.action == "extend":
            assert line is not None
            assert line.due_at is not None
            row = AuthorizationRequest.objects.get(pk=request_id)
            assert row.submitted_at is not None
            self._at(*at, lambda: authorization_line_extend(actor=reviewer, line_id=line.pk, reason=step.text))
            rule = deadline_rule(
                line_of_business=row.line_of_business,
                urgency=row.urgency,
                on=timezone.localtime(row.submitted_at - self.offset).date(),
            )
            due = self.ahead(calendar_days_later(line.due_at - self.offset, rule.extension_days))
            AuthorizationLine.objects.filter(pk=line.pk).update(due_at=due)
        elif step.action == "decide":
            assert line is not None
            self._at(
                *at,
                lambda: authorization_line_decide(
                    actor=reviewer,
                    line_id=line.pk,
                    outcome=DecisionOutcome(step.outcome),
                    units=step.units,
                    reason=step.text,
                    criteria=step.criteria,
                ),
            )
        elif step.action == "appeal":
            assert line is not None
            self._at(
                *at,
                lambda: authorization_line_appeal(
                    actor=provider, request_id=request_id, line_id=line.pk, reason=step.text
                ),
            )
            self._due_from(request_id, step.day, step.time, line_numbers=(line.number,))
        else:  # pragma: no cover - a typo in STORIES
            raise ValueError(step.action)
        return info_id


def authorization_demo_load(*, as_of: dt.date, using: str = DEFAULT_DB_ALIAS) -> int:
    """Tell every demo story as of ``as_of`` (the demo world's "today"); return how many requests were made.

    Needs the demo world (personas, organizations, well-known members) and the codes of ``story_codes()``.
    Does nothing (returns 0) when the demo requests are already there. All or nothing: one transaction."""
    if using != DEFAULT_DB_ALIAS:
        raise DemoAuthorizationsError("The prior-authorization services write to the default database only.")
    if authorization_demo_loaded():
        return 0
    earliest, latest = requirement_date_bounds()
    days = [
        _Teller.service_day_for(as_of, line.start, vendor=line.vendor) + dt.timedelta(days=reach)
        for story in STORIES
        for line in story.lines
        for reach in (0, line.days)
    ]
    if min(days) < earliest or max(days) > latest:
        raise DemoAuthorizationsError(
            f"The demo requests' dates of service ({min(days)} to {max(days)}, from the demo world's as-of date "
            f"{as_of}) must lie between {earliest} and {latest}."
        )
    missing = demo_codes_missing()
    if missing:
        raise DemoAuthorizationsError(f"These codes are not loaded: {', '.join(missing)} (run `portico codes demo`).")
    with transaction.atomic(using=using):
        teller = _Teller(as_of)
        for story in STORIES:
            teller.tell(story)
    return len(STORIES)


def authorization_demo_ensure() -> str:
    """Load the demo requests if the demo world and the codes are there and the requests are not; say what
    happened ("" when the database holds no finished demo world). For ``portico codes demo`` and ``portico
    demo-data``: whichever runs second loads them."""
    build = demo_world_loaded()
    if build is None or not build.finished:
        return ""  # not a demo database: nothing to say
    if authorization_demo_loaded():
        return "Prior-authorization demo requests: already there."
    missing = demo_codes_missing()
    if missing:
        return (
            f"Prior-authorization demo requests: waiting for the code sets ({len(missing)} codes missing); "
            "`portico codes demo` loads them and then the requests."
        )
    try:
        made = authorization_demo_load(as_of=build.as_of)
    except DemoAuthorizationsError as exc:
        return f"Prior-authorization demo requests: none made. {exc.message}"
    return f"Prior-authorization demo requests: {made} made, as of {build.as_of.isoformat()}."
