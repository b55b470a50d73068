"""The demo world's claim history: about six months of claims from four demo organizations, all synthetic.

``claim_history_load`` submits ``HISTORY_CLAIMS`` claims (plus their resends, corrections and voids) through the
real services — ``claim_submit`` as each organization's claims user (``biller`` for Thimbleberry and Salal Street,
``bhclinic`` for Quiet Harbor, ``hospitalbiller`` for Mount Hollow) — and adjudicates each with
``claim_adjudicate``, week by week, oldest first. After each week's receipts a weekly payment run dated that
Thursday pays what was finalized (``portico.payments.demo.payment_demo_week``), so corrections and voids of paid
claims are recovered in a later run the way they would be.

The services stamp "now"; after each step the loader moves the claim's receipt (``submitted_at``, and its ICN,
which carries the receipt date), its events and the run's start to the story's moment — as the
prior-authorization demo does. Timely filing counts from that receipt. The mix, per claim (``_plan``):

- mostly paid: office and preventive visits (with labs) at Thimbleberry and Salal Street, on the standard
  contracted schedule; therapy at Quiet Harbor (no contract: the Non-contracted Behavioral Health Fee Schedule);
  emergency visits and short inpatient stays at Mount Hollow (institutional); D-SNP members owe their copays;
- denied: a claim sent twice (CO-18), a member whose other insurance pays first (CO-22), a service filed more than
  a year late (CO-29), an outpatient MRI without prior authorization (CO-197);
- pended: a code the schedule has no rate for and a possible duplicate (same member, code and day, another charge);
  older ones the ``examiner`` has worked (priced by hand, or denied as a duplicate), the last fortnight's wait
  in the claims work queue;
- corrected claims (frequency 7) early in the week after a claim with a typo and a void (frequency 8), before
  the payment run that would have paid the original; and two corrections and two voids of claims already paid,
  whose payments a later run recovers (a WO provider-level adjustment on that remittance).

Coverage that ended is not among the denials: ``claim_submit`` refuses a claim for a date the member is not
covered, so such a claim is never received. Members are chosen from the world by a seeded random draw (the
well-known members are left to ``portico/claims/demo.py``), so one world always gets the same history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from portico.accounts.models import User
from portico.claims.adjudication.examiner import claim_line_deny, claim_line_release
from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.models import Claim, ClaimEvent, ClaimStatus, LineStatus
from portico.claims.services import claim_submit, claim_void
from portico.common.access import Actor
from portico.common.errors import DomainError
from portico.common.models import Channel
from portico.members.models import Coverage, OtherInsurance, PcpAssignment
from portico.payments.demo import payment_demo_week, thursday_before
from portico.providers.models import NetworkParticipation, ProviderOrganization, ServiceLocation
from portico.providers.queries import practitioners_of

HISTORY_CLAIMS = 300  # original claims over the history (resends, corrections and voids come on top)
HISTORY_WEEKS = 26  # weekly payment runs, the oldest this many Thursdays before the as-of date
KEY = "demo-claim-h-"  # starts with claims.demo.KEY_PREFIX
EXAMINER = "examiner"
WELL_KNOWN_LAST = "CH100000008"

# (key, organization legal name, the user who submits its claims, share of the history in %)
SUBMITTERS: tuple[tuple[str, str, str, int], ...] = (
    ("thimbleberry", "Thimbleberry Family Medicine, P.C.", "biller", 40),
    ("salal", "Salal Street Family Clinic, LLC", "biller", 20),
    ("quiet-harbor", "Quiet Harbor Counseling Collective", "bhclinic", 22),
    ("mount-hollow", "Mount Hollow Regional Medical Center", "hospitalbiller", 18),
)
# Billed charges (what a clinic asks, above any schedule's rate).
CHARGES: dict[str, str] = {
    "99203": "185.00", "99213": "145.00", "99214": "210.00", "99215": "290.00", "99393": "195.00",
    "99394": "205.00", "99395": "215.00", "99396": "235.00", "99397": "250.00", "36415": "18.00",
    "80053": "64.00", "80061": "58.00", "83036": "42.00", "85025": "38.00", "81001": "22.00",
    "93000": "65.00", "G2211": "30.00", "90791": "240.00", "90834": "165.00",
    "90837": "210.00", "90847": "180.00", "H0004": "35.00",
}  # fmt: skip
SICK = (  # diagnosis, procedures
    ("J02.9", ("99213",)), ("J06.9", ("99213",)), ("I10", ("99214", "36415", "80053")),
    ("E11.9", ("99214", "36415", "83036")), ("E78.5", ("99213", "36415", "80061")), ("M54.50", ("99213",)),
    ("K21.9", ("99213",)), ("N39.0", ("99213", "81001")), ("R07.9", ("99214", "93000")), ("F41.1", ("99214",)),
)  # fmt: skip
BH_DIAGNOSES = ("F32.1", "F41.1", "F43.10", "F43.23", "F90.0")
ED_DIAGNOSES = ("R07.9", "R10.9", "J18.9", "S93.401A")
# Every code the history bills (claims.demo waits for these in the code sets).
PROCEDURES = (*CHARGES, "99284", "71046", "70551")
DIAGNOSES = (
    *{dx for dx, _c in SICK}, *BH_DIAGNOSES, *ED_DIAGNOSES, "Z00.00", "Z00.129", "R51.9",
)  # fmt: skip


@dataclass(frozen=True)
class Patient:
    member_id: int
    number: str
    birth_date: dt.date

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class Step:
    """One thing a submitter does at a moment: submit, resubmit, correct or void a claim."""

    at: dt.datetime
    org: str
    key: str
    make: Callable[[Actor, dict[str, Claim]], Claim]
    examiner: str = ""  # "price" or "deny": what the examiner did to its pended line, days later
    waiting: bool = False  # pended in the examiner's queue now: may come in after the last run


@dataclass
class _Org:
    organization: ProviderOrganization
    actor: Actor
    npi: str
    patients: list[Patient] = field(default_factory=list)


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60))))


def _weekday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))  # weekends fall back to Friday


def _pool(*, organization: ProviderOrganization, since: dt.date, pcp: bool, limit: int) -> list[Patient]:
    """Members covered without a break since ``since`` in a line of business the organization takes part in,
    with no other insurance paying first (PCP panel members only when ``pcp``)."""
    lobs = NetworkParticipation.objects.filter(organization=organization).values("line_of_business_id")
    rows = Coverage.objects.filter(
        line_of_business_id__in=lobs, start__lte=since, end__isnull=True, member__member_number__gt=WELL_KNOWN_LAST
    ).exclude(member_id__in=OtherInsurance.objects.filter(cob_order=1).values("member_id"))
    if pcp:
        locations = ServiceLocation.objects.filter(organization=organization).values("pk")
        rows = rows.filter(
            member_id__in=PcpAssignment.objects.filter(location_id__in=locations, end__isnull=True).values("member_id")
        )
    found = rows.order_by("member_id").values_list("member_id", "member__member_number", "member__birth_date")
    return [Patient(*row) for row in found[:limit]]


def _with_primary_other_insurance(*, since: dt.date, lobs: Any, limit: int) -> list[Patient]:
    members = OtherInsurance.objects.filter(cob_order=1, start__lte=since, end__isnull=True).values("member_id")
    found = (
        Coverage.objects.filter(
            member_id__in=members, line_of_business_id__in=lobs, start__lte=since, end__isnull=True,
            member__member_number__gt=WELL_KNOWN_LAST,
        )
        .order_by("member_id")
        .values_list("member_id", "member__member_number", "member__birth_date")
    )  # fmt: skip
    return [Patient(*row) for row in found[:limit]]


def _pro_line(day: dt.date, code: str, pointers: list[int], *, units: int = 1, place: str = "11",
              modifiers: tuple[str, ...] = (), charge: str = "") -> dict[str, Any]:  # fmt: skip
    each = Decimal(charge or CHARGES[code])
    return {"service_from": day.isoformat(), "place_of_service": place, "code": code, "modifiers": list(modifiers),
            "units": str(units), "charge": str(each * units), "diagnosis_pointers": pointers}  # fmt: skip


def _well_code(patient: Patient, day: dt.date) -> tuple[str, str]:
    age = patient.age_on(day)
    if age < 12:
        return "99393", "Z00.129"
    if age < 18:
        return "99394", "Z00.129"
    return ("99395" if age < 40 else "99396" if age < 65 else "99397"), "Z00.00"


class _Planner:
    """Builds the list of steps from the world, deterministically (one seeded random stream)."""

    def __init__(self, *, orgs: dict[str, _Org], as_of: dt.date, rng: random.Random, cob: list[Patient]) -> None:
        self.orgs, self.as_of, self.rng, self.cob = orgs, as_of, rng, cob
        self.steps: list[Step] = []
        self.first = thursday_before(as_of, HISTORY_WEEKS + 2)  # services from a week before the first run
        self.last = thursday_before(as_of, 1) - dt.timedelta(days=1)  # the Wednesday before the last run
        self.n = 0

    def _key(self, what: str) -> str:
        self.n += 1
        return f"{KEY}{self.n:04d}-{what}"

    def _data(self, org: _Org, patient: Patient, account: str, **more: Any) -> dict[str, Any]:
        data = {"member_id": patient.number, "birth_date": patient.birth_date.isoformat(),
                "patient_account_number": account, **more}  # fmt: skip
        if more.get("kind") == "professional":
            data["rendering_npi"] = org.npi
        return data

    def add(self, at: dt.datetime, org: str, key: str, data: dict[str, Any], examiner: str = "",
            waiting: bool = False) -> None:  # fmt: skip
        def make(actor: Actor, made: dict[str, Claim]) -> Claim:
            return claim_submit(actor=actor, data=data, idempotency_key=key).claim

        self.steps.append(Step(at=at, org=org, key=key, make=make, examiner=examiner, waiting=waiting))

    def professional(self, org_key: str, patient: Patient, day: dt.date, dx: list[str],
                     lines: list[dict[str, Any]], **more: Any) -> dict[str, Any]:  # fmt: skip
        org = self.orgs[org_key]
        account = f"{org_key[:3].upper()}-{20000 + self.n}"
        return self._data(org, patient, account, kind="professional", diagnoses=dx, lines=lines, **more)

    def institutional(self, patient: Patient, day: dt.date, bill: str, dx: list[str], lines: list[dict[str, Any]],
                      **more: Any) -> dict[str, Any]:  # fmt: skip
        org = self.orgs["mount-hollow"]
        return self._data(org, patient, f"MH-{700000 + self.n}", kind="institutional", type_of_bill=bill,
                          diagnoses=dx, condition_codes=[], occurrence_codes=[], lines=lines, **more)  # fmt: skip

    # ---- one ordinary claim of each organization ----------------------------------------------------------

    def clinic_claim(self, org_key: str, day: dt.date) -> dict[str, Any]:
        patient = self.rng.choice(self.orgs[org_key].patients)
        if self.rng.random() < 0.2:
            code, dx = _well_code(patient, day)
            return self.professional(org_key, patient, day, [dx], [_pro_line(day, code, [1])])
        dx, codes = self.rng.choice(SICK)
        lines = [_pro_line(day, code, [1]) for code in codes]
        return self.professional(org_key, patient, day, [dx], lines)

    def bh_claim(self, day: dt.date) -> dict[str, Any]:
        patient = self.rng.choice(self.orgs["quiet-harbor"].patients)
        dx = self.rng.choice(BH_DIAGNOSES)
        roll = self.rng.random()
        place, modifiers = ("10", ("95",)) if self.rng.random() < 0.3 else ("11", ())
        if roll < 0.15:
            lines = [_pro_line(day, "90791", [1], place=place, modifiers=modifiers)]
        elif roll < 0.3:
            lines = [_pro_line(day, "H0004", [1], units=4)]
        elif roll < 0.4:
            lines = [_pro_line(day, "90847", [1], place=place, modifiers=modifiers)]
        else:
            code = "90837" if roll < 0.65 else "90834"
            lines = [_pro_line(day, code, [1], place=place, modifiers=modifiers)]
        return self.professional("quiet-harbor", patient, day, [dx], lines)

    def hospital_claim(self, day: dt.date) -> dict[str, Any]:
        patient = self.rng.choice(self.orgs["mount-hollow"].patients)
        if self.rng.random() < 0.2:  # a short inpatient stay: per-day room and board, pharmacy, labs
            stay = 2 + self.rng.randrange(3)
            out = day + dt.timedelta(days=stay)
            lines = [
                {"service_from": day.isoformat(), "service_to": (out - dt.timedelta(days=1)).isoformat(),
                 "revenue_code": "0120", "units": str(stay), "charge": str(Decimal("2900.00") * stay)},
                {"service_from": day.isoformat(), "revenue_code": "0250", "units": str(4 * stay),
                 "charge": str(Decimal("85.00") * 4 * stay)},
                {"service_from": day.isoformat(), "revenue_code": "0300", "code": "85025", "units": "1",
                 "charge": "95.00"},
            ]  # fmt: skip
            return self.institutional(patient, day, "0111", ["J18.9"], lines, admission_date=day.isoformat(),
                                      discharge_date=out.isoformat(), admission_type="1", admission_source="7",
                                      discharge_status="01")  # fmt: skip
        dx = self.rng.choice(ED_DIAGNOSES)
        lines = [
            {"service_from": day.isoformat(), "revenue_code": "0450", "code": "99284", "units": "1",
             "charge": "1450.00"},
            {"service_from": day.isoformat(), "revenue_code": "0300", "code": "80053", "units": "1",
             "charge": "180.00"},
            {"service_from": day.isoformat(), "revenue_code": "0320", "code": "71046", "units": "1",
             "charge": "320.00"},
        ]  # fmt: skip
        return self.institutional(patient, day, "0131", [dx], lines, admission_type="1", admission_source="7",
                                  discharge_status="01")  # fmt: skip

    def ordinary(self, org_key: str, day: dt.date) -> dict[str, Any]:
        if org_key == "quiet-harbor":
            return self.bh_claim(day)
        if org_key == "mount-hollow":
            return self.hospital_claim(day)
        return self.clinic_claim(org_key, day)

    # ---- the history ---------------------------------------------------------------------------------------

    def received(self, day: dt.date) -> dt.datetime:
        """Received 2 to 20 days after the service, on a weekday, never after the as-of date."""
        return _moment(min(_weekday(day + dt.timedelta(days=2 + self.rng.randrange(19))), self.as_of), self.rng)

    def plan(self, total: int) -> list[Step]:
        span = (self.last - self.first).days - 3
        weights = [share for _k, _n, _u, share in SUBMITTERS]
        keys = [k for k, _n, _u, _s in SUBMITTERS]
        specials = _specials(total)
        for index in range(total):
            org_key = self.rng.choices(keys, weights)[0]
            day = _weekday(self.first + dt.timedelta(days=self.rng.randrange(span)))
            what = specials.get(index, "")
            if what == "duplicate_pend" or what == "no_rate":
                org_key = self.rng.choice(("thimbleberry", "salal"))
            if what == "no_auth":
                org_key = "mount-hollow"
            if what in ("duplicate_pend", "no_rate") and index >= total - 4:
                day = self.last - dt.timedelta(days=3 + self.rng.randrange(5))  # waiting now
            data = self.ordinary(org_key, day)
            at = self.received(day)
            if what == "timely_filing":
                data = self.ordinary(org_key, day - dt.timedelta(days=380 + self.rng.randrange(40)))
            elif what == "no_rate":  # the visit-complexity add-on: the standard schedule has no rate for it yet
                data = self.professional(org_key, self.rng.choice(self.orgs[org_key].patients), day, ["E11.9"],
                                         [_pro_line(day, "99214", [1]), _pro_line(day, "G2211", [1])])  # fmt: skip
            elif what == "no_auth":
                patient = self.rng.choice(self.orgs["mount-hollow"].patients)
                mri = {"service_from": day.isoformat(), "revenue_code": "0610", "code": "70551", "units": "1",
                       "charge": "2400.00"}  # fmt: skip
                data = self.institutional(patient, day, "0131", ["R51.9"], [mri], admission_type="3",
                                          admission_source="1", discharge_status="01")  # fmt: skip
            elif what in ("cob_denied", "cob_paid") and self.cob:  # other insurance pays first
                org_key = "thimbleberry"
                data = self.professional(org_key, self.cob.pop(), day, ["J06.9"], [_pro_line(day, "99213", [1])])
                if what == "cob_paid":
                    data["other_payers"] = [{"payer_name": "Evergreen Employers Health Plan", "paid_amount": "60.00",
                                             "paid_date": (day + dt.timedelta(days=10)).isoformat()}]  # fmt: skip
                    at = _moment(min(_weekday(day + dt.timedelta(days=16)), self.as_of), self.rng)
            if what in ("correct", "void"):  # received on a Thursday or Friday, corrected before the next run
                thursday = at.date() - dt.timedelta(days=(at.weekday() - 3) % 7)
                at = _moment(min(thursday + dt.timedelta(days=self.rng.randrange(2)), self.as_of), self.rng)
            key = self._key(what or "claim")
            examiner = "price" if what == "no_rate" and at.date() < self.as_of - dt.timedelta(days=14) else ""
            waiting = what == "no_rate" and not examiner
            self.add(at, org_key, key, _with_charge(data, "typo") if what == "correct" else data, examiner, waiting)
            if what == "duplicate_pend":  # the same visit billed again with another charge
                later = min(at + dt.timedelta(days=1 + self.rng.randrange(3), hours=1), _moment(self.as_of, self.rng))
                old = later.date() < self.as_of - dt.timedelta(days=14)
                self.add(later, org_key, self._key("suspect"), _with_charge(data, "+15.00"), "deny" if old else "",
                         waiting=not old)  # fmt: skip
            elif what == "duplicate_exact":  # sent twice by mistake
                self.add(at + dt.timedelta(days=7 + self.rng.randrange(7)), org_key, self._key("twice"), data)
            elif what == "correct":  # a typo in the charge; the corrected claim early the next week
                self.correct(org_key, key, data, at + dt.timedelta(days=4))
            elif what == "void":
                self.void(org_key, key, at + dt.timedelta(days=4))
            elif what == "correct_paid":  # found after it was paid: the next run recovers the payment
                self.correct(
                    org_key, key, _with_charge(data, "+15.00"), at + dt.timedelta(days=9 + self.rng.randrange(4))
                )
            elif what == "void_paid":  # billed in error and paid: the void's recovery is on a later remittance
                self.void(org_key, key, at + dt.timedelta(days=9 + self.rng.randrange(4)))
        # Everything but the claims waiting for the examiner came in before the last run (the Thursday before the
        # as-of date), which pays it; so no claim is paid before it was received.
        last = _moment(self.last, self.rng)
        for step in self.steps:
            if not step.waiting and step.at > last:
                step.at = last
        return sorted(self.steps, key=lambda s: s.at)

    def correct(self, org_key: str, original: str, data: dict[str, Any], at: dt.datetime) -> None:
        key = self._key("corrected")

        def make(actor: Actor, made: dict[str, Claim]) -> Claim:
            if original not in made:
                raise DomainError("The claim to correct was not made.")
            fixed = {**data, "frequency": "7", "replaces": made[original].icn}
            return claim_submit(actor=actor, data=fixed, idempotency_key=key).claim

        self.steps.append(Step(at=min(at, _moment(self.as_of, self.rng)), org=org_key, key=key, make=make))

    def void(self, org_key: str, original: str, at: dt.datetime) -> None:
        key = self._key("void")

        def make(actor: Actor, made: dict[str, Claim]) -> Claim:
            if original not in made:
                raise DomainError("The claim to void was not made.")
            return claim_void(actor=actor, icn=made[original].icn or "", idempotency_key=key).claim

        self.steps.append(Step(at=min(at, _moment(self.as_of, self.rng)), org=org_key, key=key, make=make))


def _with_charge(data: dict[str, Any], how: str) -> dict[str, Any]:
    """The claim with its first line's charge changed: "+15.00" adds; "typo" drops a digit (a tenth of it)."""
    lines = [dict(line) for line in data["lines"]]
    charge = Decimal(lines[0]["charge"])
    lines[0]["charge"] = str((charge / 10).quantize(Decimal("0.01")) if how == "typo" else charge + Decimal(how))
    return {**data, "lines": lines}


def _specials(total: int) -> dict[int, str]:
    """Which of the claims (by index) tell a story; spread over the history, the last few pended now."""
    stories = (["duplicate_exact"] * 6 + ["correct"] * 6 + ["void"] * 1 + ["correct_paid"] * 2 + ["void_paid"] * 2
               + ["cob_denied"] * 3 + ["cob_paid"] * 2
               + ["timely_filing"] * 3 + ["no_auth"] * 3 + ["no_rate"] * 4 + ["duplicate_pend"] * 2)  # fmt: skip
    step = max(1, (total - 8) // len(stories))
    found = {5 + i * step: story for i, story in enumerate(stories) if 5 + i * step < total - 4}
    found.update({total - 4: "no_rate", total - 3: "duplicate_pend", total - 2: "no_rate", total - 1: "duplicate_pend"})
    return found


# ---- running the history ------------------------------------------------------------------------------------


def _orgs(*, as_of: dt.date) -> dict[str, _Org]:
    since = as_of - dt.timedelta(days=640)  # covered since before the oldest (late-filed) date of service
    found: dict[str, _Org] = {}
    for key, name, username, _share in SUBMITTERS:
        organization = ProviderOrganization.objects.filter(legal_name=name, is_demo=True).first()
        user = User.objects.filter(username=username).first()
        if organization is None or user is None:
            raise DomainError(f"The demo organization {name} or its claims user {username!r} is missing.")
        npi = practitioners_of(organization_id=organization.pk).values_list("npi", flat=True).first() or ""
        org = _Org(organization, Actor(user=user, organization_id=organization.pk, channel=Channel.WEB), npi)
        org.patients = _pool(organization=organization, since=since, pcp=key in ("thimbleberry", "salal"), limit=400)
        if not org.patients:
            raise DomainError(f"No demo member covered long enough for {name}'s claims.")
        found[key] = org
    return found


def backdate_receipt(claim: Claim, at: dt.datetime) -> Claim:
    """Move the claim's receipt to ``at``: its submitted and created times, its ICN (which carries the receipt
    date) and the events the submit recorded on it and on the claim it corrects or voids."""
    claim.submitted_at = at
    icn = f"{timezone.localtime(at):%y}{timezone.localtime(at).timetuple().tm_yday:03d}{claim.pk:08d}"
    Claim.objects.filter(pk=claim.pk).update(submitted_at=at, created_at=at, updated_at=at, icn=icn)
    ClaimEvent.objects.filter(claim=claim).update(at=at)
    ClaimEvent.objects.filter(claim=claim, note=claim.icn).update(note=icn)  # "Received", with the number given
    ClaimEvent.objects.filter(related=claim).update(at=at, note=icn)
    claim.icn = icn
    return claim


def adjudicate_at(claim: Claim, at: dt.datetime) -> None:
    """Adjudicate the claim as if two minutes after ``at`` (its events dated so)."""
    claim_adjudicate(claim_id=claim.pk)
    ClaimEvent.objects.filter(claim=claim, at__gt=at).update(at=at + dt.timedelta(minutes=2))
    Claim.objects.filter(pk=claim.pk).update(updated_at=at + dt.timedelta(minutes=2))


def _examine(claim: Claim, how: str, at: dt.datetime, examiner: User) -> None:
    """What the examiner did with a pended claim a few days after it came in."""
    actor = Actor(user=examiner, organization_id=None, channel=Channel.WEB)
    for line in claim.lines.filter(status=LineStatus.PENDED).order_by("number"):
        if how == "price" and line.pend_rule == "pricing":
            claim_line_release(actor=actor, claim_id=claim.pk, line_number=line.number,
                               note="Priced by hand at the clinic's contracted rate.",
                               allowed=(line.charge * Decimal("0.62")).quantize(Decimal("0.01")))  # fmt: skip
        elif how == "deny":
            claim_line_deny(actor=actor, claim_id=claim.pk, line_number=line.number, reason="18",
                            note="Same visit as the earlier claim; billed twice with another charge.")  # fmt: skip
    worked = at + dt.timedelta(days=3)
    ClaimEvent.objects.filter(claim=claim, at__gt=at + dt.timedelta(minutes=5)).update(at=worked)
    Claim.objects.filter(pk=claim.pk).update(updated_at=worked)


def claim_history_load(*, as_of: dt.date, total: int = HISTORY_CLAIMS) -> int:
    """Submit, adjudicate and pay the demo's claim history up to ``as_of``; the number of claims made.

    Weekly runs are dated each Thursday from ``HISTORY_WEEKS`` Thursdays before ``as_of`` up to two before it;
    the last run (the Thursday before) is ``portico.payments.demo``'s, made after the well-known claims."""
    rng = random.Random(f"portico-demo-claim-history:{as_of.isoformat()}")  # noqa: S311  (a demo, not a secret)
    orgs = _orgs(as_of=as_of)
    lobs = NetworkParticipation.objects.filter(organization=orgs["thimbleberry"].organization).values(
        "line_of_business_id"
    )
    cob = _with_primary_other_insurance(since=as_of - dt.timedelta(days=640), lobs=lobs, limit=5)
    steps = _Planner(orgs=orgs, as_of=as_of, rng=rng, cob=cob).plan(total)
    examiner = User.objects.filter(username=EXAMINER).first()
    runs = [thursday_before(as_of, k) for k in range(HISTORY_WEEKS, 1, -1)]
    made: dict[str, Claim] = {}
    worked: list[tuple[dt.datetime, Claim, str]] = []
    # The demo load submits hundreds of claims in seconds as a handful of users: the eligibility throttle (a
    # guard against people and scripts hammering the inquiry) is off for it.
    portico = {**settings.PORTICO, "ELIGIBILITY_THROTTLE_COUNT": 0}
    with override_settings(PORTICO=portico), transaction.atomic():
        for step in steps:
            while runs and timezone.localdate(step.at) >= runs[0]:
                _work_due(worked, before=runs[0], examiner=examiner)
                payment_demo_week(as_of=runs.pop(0))
            try:
                claim = backdate_receipt(step.make(orgs[step.org].actor, made), step.at)
            except DomainError:  # a drawn member the world cannot bill for on that day: skip it, stay deterministic
                continue
            made[step.key] = claim
            adjudicate_at(claim, step.at)
            if step.examiner and examiner is not None:
                worked.append((step.at, claim, step.examiner))
        _work_due(worked, before=as_of, examiner=examiner)
        for day in runs:
            payment_demo_week(as_of=day)
    return len(made)


def _work_due(worked: list[tuple[dt.datetime, Claim, str]], *, before: dt.date, examiner: User | None) -> None:
    """The examiner works the pended claims received at least three days before ``before``."""
    if examiner is None:
        return
    for item in [w for w in worked if timezone.localdate(w[0]) + dt.timedelta(days=3) < before]:
        at, claim, how = item
        claim.refresh_from_db()
        if claim.status == ClaimStatus.PENDED:
            _examine(claim, how, at, examiner)
        worked.remove(item)
