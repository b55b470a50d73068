"""Eligibility and benefits: one engine for the page, the JSON API, the batch and (later) the 270/271.

``eligibility_inquiry_parse`` turns raw input into an ``EligibilityInquiry`` or names each bad field;
``eligibility_check`` finds the member by the identifiers given, opens them to the organization, records the
access and answers; ``eligibility_for_member`` answers for a member the organization can already see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.common.access import Actor, access_record
from portico.common.dates import add_months, month_end, today
from portico.common.errors import NotFound, ValidationFailed
from portico.common.identifiers import normalize_mbi
from portico.common.models import AccessAction
from portico.common.throttle import throttle_hit
from portico.members.access import grant_statement
from portico.members.models import (
    Accumulator,
    Coverage,
    CoverageLevel,
    Member,
    OtherInsurance,
    name_key,
)
from portico.members.queries import access_member
from portico.members.records import MemberRecord, member_record, members_by_id_with_records
from portico.plans.models import (
    DEFAULT_SERVICE_TYPES,
    SERVICE_TYPE_CODES,
    SERVICE_TYPE_LABELS,
    Benefit,
    Network,
)
from portico.plans.queries import benefit_plan_info, benefits_in_effect, program_label
from portico.providers.queries import pcp_directory_entry

MEMBER_ID_RE = re.compile(r"[A-Z0-9]{6,20}")
NAME_RE = re.compile(r"[A-Za-zÀ-ÿ' .-]{1,80}")


class EligibilityStatus(StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    NOT_FOUND = "not_found"


class NotCoveredReason(StrEnum):
    NO_COVERAGE_ON_DATE = "no_coverage_on_date"
    COVERAGE_ENDED = "coverage_ended"
    COVERAGE_NOT_STARTED = "coverage_not_started"
    IDENTIFIERS_DO_NOT_MATCH = "identifiers_do_not_match"


@dataclass(frozen=True)
class EligibilityInquiry:
    birth_date: dt.date
    date_of_service: dt.date
    member_id: str = ""
    last_name: str = ""
    first_name: str = ""
    service_types: tuple[str, ...] = DEFAULT_SERVICE_TYPES


def service_date_bounds(*, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Dates of service one may ask about: from N months back through the end of the current month."""
    day = on or today()
    return add_months(day, -settings.PORTICO["ELIGIBILITY_LOOKBACK_MONTHS"]), month_end(day)


def _parse_date(raw: object, field_name: str, errors: dict[str, list[str]], label: str) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        # Translators: label is "date of birth" or "date of service", translated.
        errors.setdefault(field_name, []).append(_("Enter the %(label)s.") % {"label": label})
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors.setdefault(field_name, []).append(
        # Translators: label is "date of birth" or "date of service", translated.
        _("The %(label)s must be a date like 2026-03-31 or 03/31/2026.") % {"label": label}
    )
    return None


def eligibility_inquiry_parse(data: Mapping[str, object]) -> EligibilityInquiry:
    """Validate raw input (form, JSON, CSV row). Raises ValidationFailed naming every bad field."""
    errors: dict[str, list[str]] = {}
    member_id = re.sub(r"[\s-]", "", str(data.get("member_id") or "")).upper()
    last_name = " ".join(str(data.get("last_name") or "").split())
    first_name = " ".join(str(data.get("first_name") or "").split())
    if member_id:
        if not MEMBER_ID_RE.fullmatch(member_id):
            errors["member_id"] = [_("A member ID is 6 to 20 letters and digits, such as CH123456789.")]
    elif not (last_name and first_name):
        errors["member_id"] = [_("Enter the member ID, or the member's last and first name.")]
    for key, value, label in (
        # Translators: the last and first name labels fill "The %(label)s may contain only letters...".
        ("last_name", last_name, _("last name")),
        ("first_name", first_name, _("first name")),
    ):
        if value and not NAME_RE.fullmatch(value):
            errors[key] = [
                # Translators: label is "last name" or "first name", translated.
                _("The %(label)s may contain only letters, spaces, hyphens and apostrophes.") % {"label": label}
            ]
    current = today()
    birth_date = _parse_date(data.get("birth_date"), "birth_date", errors, _("date of birth"))
    if birth_date and birth_date > current:
        errors["birth_date"] = [_("The date of birth cannot be in the future.")]
    elif birth_date and birth_date.year < 1900:
        errors["birth_date"] = [_("The date of birth must be after 1900.")]
    raw_dos = data.get("date_of_service") or current
    date_of_service = _parse_date(raw_dos, "date_of_service", errors, _("date of service"))
    if date_of_service:
        earliest, latest = service_date_bounds(on=current)
        if not earliest <= date_of_service <= latest:
            errors["date_of_service"] = [
                _("The date of service must be between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            ]
    raw_types = data.get("service_types") or ()
    if isinstance(raw_types, str):
        raw_types = [t for t in re.split(r"[\s,]+", raw_types) if t]
    type_list = list(raw_types) if isinstance(raw_types, list | tuple) else []
    service_types = tuple(str(t).strip().upper() for t in type_list) or DEFAULT_SERVICE_TYPES
    unknown = [t for t in service_types if t not in SERVICE_TYPE_CODES]
    if unknown:
        errors["service_types"] = [_("Unknown service type code: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if errors:
        raise ValidationFailed(errors)
    assert birth_date is not None
    assert date_of_service is not None
    return EligibilityInquiry(
        birth_date=birth_date,
        date_of_service=date_of_service,
        member_id=member_id,
        last_name=last_name,
        first_name=first_name,
        service_types=tuple(dict.fromkeys(service_types)),
    )


# ---- the answer --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSummary:
    id: int
    member_id: str
    medicaid_id: str
    mbi: str
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    preferred_language: str
    dual_status: str
    dual_status_label: str


@dataclass(frozen=True)
class CoverageSpan:
    line_of_business: str
    program: str
    benefit_plan: str
    start: dt.date
    end: dt.date | None
    termination_reason: str
    active_on_date: bool
    line_of_business_code: str = ""


@dataclass(frozen=True)
class PcpInfo:
    practitioner: str
    practitioner_npi: str
    clinic: str
    phone: str
    address: str
    start: dt.date
    end: dt.date | None
    current_on_date: bool


@dataclass(frozen=True)
class OtherInsuranceInfo:
    cob_order: int
    cob_label: str
    payer_name: str
    policy_number: str
    group_number: str
    subscriber_relationship: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class CostShare:
    network: str
    covered: bool
    copay: Decimal | None
    coinsurance_percent: Decimal | None
    visit_limit: int | None
    visit_limit_period: str
    authorization_required: bool
    notes: str


@dataclass(frozen=True)
class BenefitInfo:
    service_type: str
    service_type_label: str
    in_network: CostShare | None
    out_of_network: CostShare | None


@dataclass(frozen=True)
class PlanAccumulator:
    network: str
    deductible: Decimal | None
    deductible_met: Decimal
    deductible_remaining: Decimal | None
    oop_max: Decimal | None
    oop_met: Decimal
    oop_remaining: Decimal | None
    family_deductible: Decimal | None
    family_oop_max: Decimal | None

    @property
    def deductible_percent(self) -> int | None:
        return percent_of(self.deductible_met, self.deductible)

    @property
    def oop_percent(self) -> int | None:
        return percent_of(self.oop_met, self.oop_max)


def percent_of(part: Decimal, whole: Decimal | None) -> int | None:
    """How much of ``whole`` is ``part``, 0-100; None when there is no limit to measure against."""
    if not whole:
        return None
    return max(0, min(100, round(100 * part / whole)))


@dataclass(frozen=True)
class EligibilityResult:
    status: EligibilityStatus
    date_of_service: dt.date
    message: str
    reason: NotCoveredReason | None = None
    member: MemberSummary | None = None
    coverage: CoverageSpan | None = None
    coverage_history: list[CoverageSpan] = field(default_factory=list)
    pcp: PcpInfo | None = None
    pcp_history: list[PcpInfo] = field(default_factory=list)
    other_insurance: list[OtherInsuranceInfo] = field(default_factory=list)
    accumulators: list[PlanAccumulator] = field(default_factory=list)
    benefits: list[BenefitInfo] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.status is EligibilityStatus.COVERED


NOT_FOUND_MESSAGE = gettext_noop(
    "We could not confirm coverage with these details. Check the member ID or name and the date of birth "
    "exactly as they appear on the member's ID card."
)


def _find_member(inquiry: EligibilityInquiry) -> tuple[Member, MemberRecord | None] | None:
    """The one member the identifiers point to (with the record, when found by ID), or None: no match, or two
    we will not guess between."""
    if inquiry.member_id:
        # One statement finds the member by any of its IDs and reads its record (the hottest path).
        found = members_by_id_with_records(
            identifier=inquiry.member_id, mbi=normalize_mbi(inquiry.member_id), birth_date=inquiry.birth_date
        )
        if inquiry.last_name:
            found = [(m, r) for m, r in found if m.last_name_key == name_key(inquiry.last_name)]
        return found[0] if len(found) == 1 else None
    matches = list(
        Member.objects.filter(
            last_name_key=name_key(inquiry.last_name),
            first_name_key=name_key(inquiry.first_name),
            birth_date=inquiry.birth_date,
        )[:2]
    )
    # Two people with the same name and birth date: we will not guess between them.
    return (matches[0], None) if len(matches) == 1 else None


def eligibility_check(*, actor: Actor, inquiry: EligibilityInquiry, throttle: bool = True) -> EligibilityResult:
    """Answer an inquiry. A match opens the member to the actor's organization; every outcome is recorded."""
    if actor.organization_id is None:
        raise NotFound(_("Eligibility inquiries are made for a provider organization."))
    if throttle:
        throttle_hit(
            scope="eligibility",
            key=actor.user.pk,
            limit=settings.PORTICO["ELIGIBILITY_THROTTLE_COUNT"],
            window_seconds=settings.PORTICO["ELIGIBILITY_THROTTLE_SECONDS"],
        )
    found = _find_member(inquiry)
    if found is None:
        access_record(actor=actor, action=AccessAction.ELIGIBILITY_NOT_FOUND, detail="identifiers did not match")
        return EligibilityResult(
            status=EligibilityStatus.NOT_FOUND,
            date_of_service=inquiry.date_of_service,
            reason=NotCoveredReason.IDENTIFIERS_DO_NOT_MATCH,
            message=_(NOT_FOUND_MESSAGE),
        )
    member, record = found
    access_record(  # the opening and its record stand or fall together
        actor=actor,
        action=AccessAction.ELIGIBILITY_INQUIRY,
        member_id=member.pk,
        detail=f"date of service {inquiry.date_of_service.isoformat()}",
        together_with=grant_statement(organization_id=actor.organization_id, member_id=member.pk),
    )
    return eligibility_answer(
        member=member, date_of_service=inquiry.date_of_service, service_types=inquiry.service_types, record=record
    )


def eligibility_for_member(
    *,
    actor: Actor,
    member_id: int,
    date_of_service: dt.date,
    service_types: Sequence[str] = DEFAULT_SERVICE_TYPES,
) -> EligibilityResult:
    """Answer for a member the organization can already see (roster link, print view); NotFound otherwise."""
    member = access_member(actor=actor, member_id=member_id)
    return eligibility_answer(member=member, date_of_service=date_of_service, service_types=service_types)


def eligibility_answer(
    *, member: Member, date_of_service: dt.date, service_types: Sequence[str], record: MemberRecord | None = None
) -> EligibilityResult:
    """Build the answer for a member already found and authorized. Callers record the access."""
    dos = date_of_service
    if record is None:
        record = member_record(member_id=member.pk)
    coverages = record.coverages
    history = []
    for c in coverages:
        plan = benefit_plan_info(c.benefit_plan_id)
        history.append(
            CoverageSpan(
                line_of_business=plan.line_of_business,
                program=program_label(plan.program),
                benefit_plan=plan.name,
                start=c.start,
                end=c.end,
                termination_reason=c.get_termination_reason_display() if c.termination_reason else "",
                active_on_date=c.covers(dos),
                line_of_business_code=plan.line_of_business_code,
            )
        )
    active_index = next((i for i, c in enumerate(coverages) if c.covers(dos)), None)
    pcp_history = []
    for p in record.pcp_assignments:
        entry = pcp_directory_entry(practitioner_id=p.practitioner_id, location_id=p.location_id)
        pcp_history.append(
            PcpInfo(
                practitioner=entry.practitioner,
                practitioner_npi=entry.practitioner_npi,
                clinic=entry.clinic,
                phone=entry.phone,
                address=entry.address,
                start=p.start,
                end=p.end,
                current_on_date=p.covers(dos),
            )
        )
    cob_labels = {1: _("Primary"), 2: _("Secondary"), 3: _("Tertiary")}
    other = [
        OtherInsuranceInfo(
            cob_order=o.cob_order,
            cob_label=cob_labels[o.cob_order],
            payer_name=o.payer_name,
            policy_number=o.policy_number,
            group_number=o.group_number,
            subscriber_relationship=o.get_subscriber_relationship_display(),
            start=o.start,
            end=o.end,
        )
        for o in cob_order(record.other_insurance, on=dos)
    ]
    summary = MemberSummary(
        id=member.pk,
        member_id=member.member_number,
        medicaid_id=member.medicaid_id,
        mbi=member.mbi,
        first_name=member.first_name,
        last_name=member.last_name,
        birth_date=member.birth_date,
        sex=member.sex,
        preferred_language=member.preferred_language,
        dual_status=member.dual_status,
        dual_status_label=member.get_dual_status_display(),
    )
    base = {
        "date_of_service": dos,
        "member": summary,
        "coverage_history": history,
        "pcp_history": pcp_history,
        "other_insurance": other,
    }
    if active_index is None:
        reason, message = _not_covered_reason(coverages, dos)
        return EligibilityResult(status=EligibilityStatus.NOT_COVERED, reason=reason, message=message, **base)  # type: ignore[arg-type]
    active = coverages[active_index]
    benefits, accumulators = _benefits(
        accumulators=record.accumulators, coverage=active, dos=dos, service_types=service_types
    )
    return EligibilityResult(
        status=EligibilityStatus.COVERED,
        message=_("Covered on %(date)s by %(lob)s.")
        % {"date": dos.isoformat(), "lob": history[active_index].line_of_business},
        coverage=history[active_index],
        pcp=next((p for p in pcp_history if p.current_on_date), None),
        benefits=benefits,
        accumulators=accumulators,
        **base,  # type: ignore[arg-type]
    )


def cob_order(policies: Iterable[OtherInsurance], *, on: dt.date) -> list[OtherInsurance]:
    """Other insurance in effect on the date, primary first (ties broken by the earlier start)."""
    rows = [o for o in policies if o.covers(on)]
    return sorted(rows, key=lambda o: (o.cob_order, o.start, o.pk))


def _not_covered_reason(coverages: list[Coverage], dos: dt.date) -> tuple[NotCoveredReason, str]:
    ended = [c for c in coverages if c.end is not None and c.end < dos]
    later = [c for c in coverages if c.start > dos]
    if ended and not later:
        last = max(ended, key=lambda c: c.end)  # type: ignore[arg-type, return-value]
        return NotCoveredReason.COVERAGE_ENDED, _("Coverage ended on %(date)s.") % {"date": last.end.isoformat()}  # type: ignore[union-attr]
    if later and not ended:
        first = min(later, key=lambda c: c.start)
        return NotCoveredReason.COVERAGE_NOT_STARTED, _("Coverage starts on %(date)s.") % {
            "date": first.start.isoformat()
        }
    return NotCoveredReason.NO_COVERAGE_ON_DATE, _("No coverage on %(date)s.") % {"date": dos.isoformat()}


def benefit_year_of(*, start_month: int, dos: dt.date) -> int:
    """The calendar year in which the benefit year containing ``dos`` starts."""
    return dos.year if dos.month >= start_month else dos.year - 1


def remaining(limit: Decimal | None, met: Decimal) -> Decimal | None:
    if limit is None:
        return None
    return max(Decimal("0.00"), limit - met)


def _benefits(
    *, accumulators: Sequence[Accumulator], coverage: Coverage, dos: dt.date, service_types: Sequence[str]
) -> tuple[list[BenefitInfo], list[PlanAccumulator]]:
    chosen = benefits_in_effect(benefit_plan_id=coverage.benefit_plan_id, on=dos)

    def share(row: Benefit | None) -> CostShare | None:
        if row is None:
            return None
        return CostShare(
            network=row.network,
            covered=row.covered,
            copay=row.copay,
            coinsurance_percent=row.coinsurance_percent,
            visit_limit=row.visit_limit,
            visit_limit_period=row.visit_limit_period,
            authorization_required=row.authorization_required,
            notes=row.notes,
        )

    benefits = [
        BenefitInfo(
            service_type=code,
            service_type_label=str(SERVICE_TYPE_LABELS[code]),
            in_network=share(chosen.get((code, Network.IN))),
            out_of_network=share(chosen.get((code, Network.OUT))),
        )
        for code in service_types
    ]
    start_month = benefit_plan_info(coverage.benefit_plan_id).benefit_year_start_month
    year = benefit_year_of(start_month=start_month, dos=dos)
    met = {a.network: a for a in accumulators if a.benefit_year == year and a.level == CoverageLevel.INDIVIDUAL}
    plan_accumulators = []
    for network in (Network.IN, Network.OUT):
        plan_row = chosen.get(("30", network))
        if plan_row is None:
            continue
        acc = met.get(network)
        deductible_met = acc.deductible_met if acc else Decimal("0.00")
        oop_met = acc.oop_met if acc else Decimal("0.00")
        plan_accumulators.append(
            PlanAccumulator(
                network=network,
                deductible=plan_row.deductible_individual,
                deductible_met=deductible_met,
                deductible_remaining=remaining(plan_row.deductible_individual, deductible_met),
                oop_max=plan_row.oop_max_individual,
                oop_met=oop_met,
                oop_remaining=remaining(plan_row.oop_max_individual, oop_met),
                family_deductible=plan_row.deductible_family,
                family_oop_max=plan_row.oop_max_family,
            )
        )
    return benefits, plan_accumulators
