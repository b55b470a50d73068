"""Every change to a claim a provider makes: save a draft, submit (an original or a corrected claim), void.

Services take the actor, validate everything before writing anything, and write in one transaction: a bad field
changes nothing. A submission is never lost or doubled: the same idempotency key (or the same draft) submitted
twice returns the first claim and its ICN.

The member is found as an eligibility inquiry finds them (member ID and date of birth, throttled and recorded):
a matching claim opens the member to the organization exactly as that inquiry would, and the submitted claim is
itself a relationship (``queries.claim_has_relationship``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.authorizations.attachments import (
    CheckedUpload,
    Upload,
    attachment_discard,
    attachment_write,
    attachments_check,
)
from portico.authorizations.models import AuthorizationRequest
from portico.authorizations.queries import access_authorization
from portico.claims.inputs import ClaimInput, claim_input_parse
from portico.claims.models import (
    REPLACEABLE,
    Claim,
    ClaimAttachment,
    ClaimEvent,
    ClaimLine,
    ClaimOtherPayer,
    ClaimStatus,
    EventKind,
    Frequency,
)
from portico.claims.queries import claim_not_found
from portico.claims.tasks import claim_adjudicate_task
from portico.codes.checks import CheckStatus, code_check
from portico.codes.models import Code, CodeSystem
from portico.common.access import Actor, access_record
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction
from portico.common.texts import day_text
from portico.members.eligibility import (
    NOT_FOUND_MESSAGE,
    EligibilityInquiry,
    EligibilityResult,
    EligibilityStatus,
    eligibility_check,
)
from portico.members.models import Member
from portico.plans.models import LineOfBusiness
from portico.providers.models import Practitioner, ServiceLocation
from portico.providers.queries import locations_of, organization_get, practitioners_of

MAX_KEY = 80


@dataclass(frozen=True)
class SubmitResult:
    claim: Claim
    created: bool  # False: a repeated submit answered with the first claim


def _organization_of(actor: Actor) -> int:
    if actor.organization_id is None:
        raise NotFound(_("Claims are submitted for a provider organization."))
    return actor.organization_id


def idempotency_key_clean(raw: str | None) -> str:
    key = (raw or "").strip()
    if len(key) > MAX_KEY or (key and not key.isprintable()):
        raise ValidationFailed({"idempotency_key": [_("An idempotency key is 1 to 80 printable characters.")]})
    return key


def own_claim(actor: Actor, *, claim_id: int | None = None, icn: str = "", lock: bool = False) -> Claim:
    """The actor's organization's claim (locked for update if asked); NotFound, with the attempt recorded."""
    rows = Claim.objects.filter(organization_id=_organization_of(actor))
    rows = rows.filter(pk=claim_id) if claim_id is not None else rows.filter(icn=icn.strip().upper() or None)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        target = (
            (Claim.objects.filter(pk=claim_id) if claim_id is not None else Claim.objects.filter(icn=icn or None))
            .values_list("member_id", flat=True)
            .first()
        )
        access_record(
            actor=actor,
            action=AccessAction.CLAIM_DENIED,
            member_id=target,
            detail=f"change of claim {claim_id or icn}"[:200],
        )
        raise claim_not_found()
    return found


def _by_key(organization_id: int, key: str) -> Claim | None:
    if not key:
        return None
    return Claim.objects.filter(organization_id=organization_id, idempotency_key=key).first()


def claim_icn(claim: Claim) -> str:
    """The plan's claim number: year (2 digits), day of the year (3) and a sequence (8), 13 digits in all —
    the shape payers print on remittances. Unique because the sequence is the claim's id."""
    assert claim.submitted_at is not None
    day = timezone.localtime(claim.submitted_at)
    return f"{day:%y}{day.timetuple().tm_yday:03d}{claim.pk:08d}"


# ---- writing the rows ------------------------------------------------------------------------------------


def _fill(row: Claim, parsed: ClaimInput) -> None:
    row.kind = parsed.kind
    row.frequency = parsed.frequency
    row.member_id_given = parsed.member_id
    row.birth_date_given = parsed.birth_date
    row.patient_account_number = parsed.patient_account_number
    row.billing_npi = parsed.billing_npi
    row.billing_taxonomy = parsed.billing_taxonomy
    row.prior_authorization_number = parsed.prior_authorization_number
    row.diagnoses = list(parsed.diagnoses)
    row.total_charge = parsed.total_charge
    row.first_service_date = parsed.first_day
    row.last_service_date = parsed.last_day
    # The type of bill's last digit is the claim frequency (1, 7, 8): kept in step with it, never typed twice.
    row.type_of_bill = parsed.type_of_bill[:3] + parsed.frequency if parsed.type_of_bill else ""
    row.admission_date = parsed.admission_date
    row.admission_type = parsed.admission_type
    row.admission_source = parsed.admission_source
    row.discharge_date = parsed.discharge_date
    row.discharge_status = parsed.discharge_status
    row.occurrence_codes = [{"code": c, "date": d.isoformat()} for c, d in parsed.occurrence_codes]
    row.value_codes = [{"code": c, "amount": str(a)} for c, a in parsed.value_codes]
    row.condition_codes = list(parsed.condition_codes)


def _children_write(row: Claim, parsed: ClaimInput) -> None:
    row.lines.all().delete()
    row.other_payers.all().delete()
    ClaimLine.objects.bulk_create(
        ClaimLine(
            claim=row,
            number=number,
            service_from=line.service_from,
            service_to=line.service_to,
            place_of_service=line.place_of_service,
            revenue_code=line.revenue_code,
            code=line.code,
            modifiers=list(line.modifiers),
            units=line.units,
            charge=line.charge,
            ndc=line.ndc,
            ndc_unit=line.ndc_unit,
            ndc_quantity=line.ndc_quantity,
            diagnosis_pointers=list(line.diagnosis_pointers),
        )
        for number, line in enumerate(parsed.lines, start=1)
    )
    ClaimOtherPayer.objects.bulk_create(
        ClaimOtherPayer(
            claim=row, position=n, payer_name=o.payer_name, paid_amount=o.paid_amount, paid_date=o.paid_date
        )
        for n, o in enumerate(parsed.other_payers, start=1)
    )


def _attachments_store(*, row: Claim, files: Sequence[CheckedUpload], actor: Actor, written: list[str]) -> None:
    for upload in files:
        stored = attachment_write(upload.content)
        written.append(stored)
        ClaimAttachment.objects.create(
            claim=row,
            stored_name=stored,
            original_name=upload.name,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=upload.sha256,
            uploaded_by=actor.user,
        )
        ClaimEvent.objects.create(claim=row, kind=EventKind.ATTACHED, by=actor.user, note=upload.name[:400])


# ---- drafts ------------------------------------------------------------------------------------------------


def claim_draft_save(
    *,
    actor: Actor,
    data: Mapping[str, object],
    claim_id: int | None = None,
    idempotency_key: str | None = None,
    uploads: Sequence[Upload] = (),
) -> Claim:
    """Save what is there as a draft (new, the given draft, or the draft already saved with this key).

    Only malformed values are refused; nothing is required yet. A claim already submitted is returned as is."""
    organization_id = _organization_of(actor)
    key = idempotency_key_clean(idempotency_key)
    if claim_id is not None:
        own_claim(actor, claim_id=claim_id)  # out of scope: recorded (outside the transaction) and not found
    parsed = claim_input_parse(data, submit=False)
    files = attachments_check(uploads)
    written: list[str] = []
    try:
        with transaction.atomic():
            if claim_id is not None:
                row = own_claim(actor, claim_id=claim_id, lock=True)
            else:
                row = _by_key(organization_id, key) or Claim(
                    organization_id=organization_id, created_by=actor.user, idempotency_key=key or None
                )
            if row.pk is not None and row.status != ClaimStatus.DRAFT:
                return row
            created = row.pk is None
            _fill(row, parsed)
            row.replaces = None
            row.save()
            _children_write(row, parsed)
            if created:
                ClaimEvent.objects.create(claim=row, kind=EventKind.CREATED, by=actor.user)
            _attachments_store(row=row, files=files, actor=actor, written=written)
    except IntegrityError:
        attachment_discard(written)
        existing = _by_key(organization_id, key)
        if existing is None:
            raise
        return existing  # a concurrent save with the same key created it first
    except BaseException:
        attachment_discard(written)
        raise
    return row


# ---- checks that need the database --------------------------------------------------------------------------


def _loaded(system: str, cache: dict[str, bool]) -> bool:
    """Whether any code of the system is loaded: a system the plan has not loaded is checked by shape only."""
    if system not in cache:
        cache[system] = Code.objects.filter(system=system).exists()
    return cache[system]


def _code_errors(parsed: ClaimInput) -> dict[str, list[str]]:
    """Every code checked against the code sets on its line's date of service (diagnoses on the first date:
    the code set in force when the episode began); ICD-10-CM codes must be billable."""
    errors: dict[str, list[str]] = {}
    loaded: dict[str, bool] = {}
    first_day = parsed.first_day
    assert first_day is not None
    for index, written in enumerate(parsed.diagnoses):
        check = code_check(written=written, day=first_day, systems=(CodeSystem.ICD10CM,))
        if check.status != CheckStatus.VALID:
            errors[f"diagnoses.{index}"] = [
                _("Diagnosis %(n)s: %(message)s") % {"n": index + 1, "message": check.message}
            ]
    procedure_systems = tuple(s for s in (CodeSystem.CPT, CodeSystem.HCPCS) if _loaded(s, loaded))
    for line in parsed.lines:
        day = line.service_from
        assert day is not None
        prefix = f"lines.{line.position}"
        if line.code and procedure_systems:
            check = code_check(written=line.code, day=day, systems=procedure_systems)
            if check.status != CheckStatus.VALID:
                errors[f"{prefix}.code"] = [f"{line.label}: {check.message}"]
        if line.revenue_code and _loaded(CodeSystem.REVENUE, loaded):
            check = code_check(written=line.revenue_code, day=day, systems=(CodeSystem.REVENUE,))
            if check.status != CheckStatus.VALID:
                errors[f"{prefix}.revenue_code"] = [f"{line.label}: {check.message}"]
        if line.place_of_service and _loaded(CodeSystem.POS, loaded):
            check = code_check(written=line.place_of_service, day=day, systems=(CodeSystem.POS,))
            if check.status != CheckStatus.VALID:
                errors[f"{prefix}.place_of_service"] = [f"{line.label}: {check.message}"]
        if _loaded(CodeSystem.MODIFIER, loaded):
            for position, modifier in enumerate(line.modifiers, start=1):
                check = code_check(written=modifier, day=day, systems=(CodeSystem.MODIFIER,))
                if check.status != CheckStatus.VALID:
                    errors[f"{prefix}.modifiers"] = [
                        _("%(line)s, modifier %(n)s: %(message)s")
                        % {"line": line.label, "n": position, "message": check.message}
                    ]
                    break
    return errors


def _member_and_line_of_business(*, actor: Actor, parsed: ClaimInput) -> tuple[Member, LineOfBusiness]:
    """Find the member through the eligibility engine (access-granted, recorded, throttled); the member must be
    covered on every line's dates of service, by the line of business covering the first one."""
    first_day = parsed.first_day
    assert parsed.birth_date is not None
    assert first_day is not None
    inquiry = EligibilityInquiry(
        birth_date=parsed.birth_date, date_of_service=first_day, member_id=parsed.member_id, service_types=("30",)
    )
    result = eligibility_check(actor=actor, inquiry=inquiry)
    if result.status == EligibilityStatus.NOT_FOUND or result.member is None:
        raise ValidationFailed({"member_id": [_(NOT_FOUND_MESSAGE)]})
    if result.status != EligibilityStatus.COVERED or result.coverage is None:
        raise ValidationFailed(
            {
                "member_id": [
                    _("The member is not covered on %(date)s, the first date of service: %(why)s")
                    % {"date": day_text(first_day), "why": result.message}
                ]
            }
        )
    errors = _coverage_errors(parsed, result)
    if errors:
        raise ValidationFailed(errors)
    member = Member.objects.get(pk=result.member.id)
    lob = LineOfBusiness.objects.filter(code=result.coverage.line_of_business_code).first()
    if lob is None:
        raise ValidationFailed({"member_id": [_(NOT_FOUND_MESSAGE)]})
    return member, lob


def _coverage_errors(parsed: ClaimInput, result: EligibilityResult) -> dict[str, list[str]]:
    assert result.coverage is not None
    lob_code = result.coverage.line_of_business_code
    spans = [s for s in result.coverage_history if s.line_of_business_code == lob_code]
    errors: dict[str, list[str]] = {}
    for line in parsed.lines:
        for day, name in ((line.service_from, "service_from"), (line.service_to, "service_to")):
            if day is None:
                continue
            if not any(s.start <= day and (s.end is None or day <= s.end) for s in spans):
                errors[f"lines.{line.position}.{name}"] = [
                    _("%(line)s: the member is not covered by %(lob)s on %(date)s.")
                    % {"line": line.label, "lob": result.coverage.line_of_business, "date": day_text(day)}
                ]
                break
    return errors


@dataclass(frozen=True)
class Parties:
    billing_npi: str
    billing_tin: str
    rendering: Practitioner | None
    location: ServiceLocation | None


def _parties(*, organization_id: int, parsed: ClaimInput, errors: dict[str, list[str]]) -> Parties:
    """The billing provider is the organization (its TIN; its group NPI, a location's or a practitioner's); the
    rendering practitioner and service facility must be the organization's own."""
    organization = organization_get(organization_id=organization_id)
    practitioners = practitioners_of(organization_id=organization_id)
    locations = locations_of(organization_id=organization_id)
    billing = parsed.billing_npi or organization.group_npi
    if not billing:
        errors["billing_npi"] = [_("Enter the billing provider's NPI.")]
    elif not (
        billing == organization.group_npi
        or locations.filter(npi=billing).exists()
        or practitioners.filter(npi=billing).exists()
    ):
        errors["billing_npi"] = [
            _("NPI %(npi)s is not your organization's (its group, a location or a practitioner).") % {"npi": billing}
        ]
    rendering = None
    if parsed.rendering_npi:
        rendering = practitioners.filter(npi=parsed.rendering_npi).first()
        if rendering is None:
            errors["rendering_npi"] = [
                _("Choose one of your organization's practitioners (NPI %(npi)s is not one).")
                % {"npi": parsed.rendering_npi}
            ]
    location = None
    if parsed.service_location_id is not None:
        location = locations.filter(pk=parsed.service_location_id).first()
        if location is None:
            errors["service_location_id"] = [_("Choose one of your organization's service locations.")]
    return Parties(billing_npi=billing, billing_tin=organization.tin, rendering=rendering, location=location)


def _authorization(
    *, actor: Actor, parsed: ClaimInput, member: Member | None, errors: dict[str, list[str]]
) -> AuthorizationRequest | None:
    """The organization's own prior authorization with this number, for this member (the read is recorded)."""
    number = parsed.prior_authorization_number
    if not number:
        return None
    pk = AuthorizationRequest.objects.filter(number=number).values_list("pk", flat=True).first()
    try:
        found = access_authorization(actor=actor, request_id=pk or 0)
    except NotFound:
        errors["prior_authorization_number"] = [
            _("No prior authorization %(number)s of your organization.") % {"number": number}
        ]
        return None
    if member is not None and found.member_id != member.pk:
        errors["prior_authorization_number"] = [
            _("Prior authorization %(number)s is for another member.") % {"number": number}
        ]
        return None
    return found


def _replaced(actor: Actor, icn: str, *, lock: bool = False) -> Claim:
    """The claim a corrected claim or a void replaces: the organization's own, and still open to change."""
    try:
        original = own_claim(actor, icn=icn, lock=lock)
    except NotFound:
        raise ValidationFailed(
            {"replaces": [_("No claim %(icn)s of your organization to replace.") % {"icn": icn[:20]}]}
        ) from None
    if original.frequency == Frequency.VOID:
        raise ValidationFailed({"replaces": [_("Claim %(icn)s is a void: it cannot be replaced.") % {"icn": icn}]})
    if original.status not in REPLACEABLE:
        raise ValidationFailed(
            {
                "replaces": [
                    _("Claim %(icn)s is %(status)s: it cannot be corrected or voided.")
                    % {"icn": icn, "status": original.get_status_display().lower()}
                ]
            }
        )
    return original


def _field_order(key: str) -> tuple[int, int, str]:
    """Errors in the order of the form: the claim, the member, providers, diagnoses, lines (by line)."""
    head, _sep, rest = key.partition(".")
    rank = {"replaces": 0, "member_id": 1, "birth_date": 2, "diagnoses": 6, "lines": 7}.get(head, 4)
    number, _sep, tail = rest.partition(".")
    return rank, int(number) if number.isdigit() else -1, tail


# ---- submit --------------------------------------------------------------------------------------------------


def claim_submit(
    *,
    actor: Actor,
    data: Mapping[str, object],
    claim_id: int | None = None,
    idempotency_key: str | None = None,
    uploads: Sequence[Upload] = (),
) -> SubmitResult:
    """Validate everything, find the member, and record the claim as received with its ICN.

    - A repeated submit (the same draft, or the same idempotency key) returns the first claim, created=False.
    - Any bad field raises ValidationFailed naming it (and the line); nothing is written.
    - Frequency 7 (corrected) names the ICN it replaces: the organization's own claim, for the same member, not
      a void and not already replaced or voided; that claim becomes "replaced". A replacement is a complete claim.
    """
    organization_id = _organization_of(actor)
    key = idempotency_key_clean(idempotency_key)
    draft_id = claim_id
    if draft_id is not None:
        current = own_claim(actor, claim_id=draft_id)
        if current.status != ClaimStatus.DRAFT:
            return SubmitResult(claim=current, created=False)
    elif (existing := _by_key(organization_id, key)) is not None:
        if existing.status != ClaimStatus.DRAFT:
            return SubmitResult(claim=existing, created=False)
        draft_id = existing.pk
    parsed = claim_input_parse(data, submit=True)
    files = attachments_check(uploads)
    original = _replaced(actor, parsed.replaces) if parsed.frequency == Frequency.REPLACEMENT else None
    errors = _code_errors(parsed)
    parties = _parties(organization_id=organization_id, parsed=parsed, errors=errors)
    member, lob = _member_and_line_of_business(actor=actor, parsed=parsed)
    if original is not None and original.member_id != member.pk:
        errors["member_id"] = [
            _("A corrected claim is for the member of the claim it replaces (%(icn)s).") % {"icn": original.icn}
        ]
    authorization = _authorization(actor=actor, parsed=parsed, member=member, errors=errors)
    if errors:
        raise ValidationFailed(dict(sorted(errors.items(), key=lambda kv: _field_order(kv[0]))))
    written: list[str] = []
    try:
        with transaction.atomic():
            if original is not None:
                original = _replaced(actor, parsed.replaces, lock=True)  # a concurrent correction may have won
            if draft_id is not None:
                row = own_claim(actor, claim_id=draft_id, lock=True)
                if row.status != ClaimStatus.DRAFT:  # a concurrent submit of the same draft won
                    return SubmitResult(claim=row, created=False)
            else:
                row = Claim(organization_id=organization_id, created_by=actor.user, idempotency_key=key or None)
            _fill(row, parsed)
            row.replaces = original
            row.member = member
            row.line_of_business = lob
            row.billing_npi = parties.billing_npi
            row.billing_tin = parties.billing_tin
            row.rendering_practitioner = parties.rendering
            row.service_location = parties.location
            row.authorization = authorization
            row.status = ClaimStatus.RECEIVED
            row.submitted_by = actor.user
            row.submitted_at = timezone.now()
            if row.idempotency_key is None and key:
                row.idempotency_key = key
            row.save()  # a second insert with the same key fails here, on the unique constraint
            row.icn = claim_icn(row)
            row.save(update_fields=["icn", "updated_at"])
            _children_write(row, parsed)
            if draft_id is None:
                ClaimEvent.objects.create(claim=row, kind=EventKind.CREATED, by=actor.user)
            ClaimEvent.objects.create(
                claim=row, kind=EventKind.RECEIVED, by=actor.user, status=ClaimStatus.RECEIVED, note=row.icn
            )
            if original is not None:
                _close(original, by=row, kind=EventKind.CORRECTED_BY, status=ClaimStatus.REPLACED, actor=actor)
            _attachments_store(row=row, files=files, actor=actor, written=written)
    except IntegrityError:
        attachment_discard(written)
        winner = _by_key(organization_id, key)
        if (winner is None or winner.status == ClaimStatus.DRAFT) and original is not None:
            raise ValidationFailed(
                {"replaces": [_("Claim %(icn)s was corrected or voided a moment ago.") % {"icn": parsed.replaces}]}
            ) from None
        if winner is None or winner.status == ClaimStatus.DRAFT:
            raise
        return SubmitResult(claim=winner, created=False)
    except BaseException:
        attachment_discard(written)
        raise
    _adjudicate_after_commit(row.pk)
    return SubmitResult(claim=row, created=True)


def _adjudicate_after_commit(claim_id: int) -> None:
    """Adjudication runs in the background once the claim is stored: the submit stays fast, and the claim shows
    "Received" until the task has run."""
    transaction.on_commit(lambda: claim_adjudicate_task.enqueue(claim_id=claim_id))


def _close(original: Claim, *, by: Claim, kind: EventKind, status: ClaimStatus, actor: Actor) -> None:
    original.status = status
    original.save(update_fields=["status", "updated_at"])
    ClaimEvent.objects.create(claim=original, kind=kind, by=actor.user, status=status, related=by, note=by.icn or "")


# ---- void ----------------------------------------------------------------------------------------------------


def claim_void(*, actor: Actor, icn: str, idempotency_key: str | None = None) -> SubmitResult:
    """Cancel a claim: a void (frequency 8) that repeats the claim as it was, with no changes, gets its own ICN;
    the voided claim's status says so, and any payment on it is recovered later. A repeated void with the same
    key returns the first void."""
    organization_id = _organization_of(actor)
    key = idempotency_key_clean(idempotency_key)
    if (existing := _by_key(organization_id, key)) is not None and existing.status != ClaimStatus.DRAFT:
        return SubmitResult(claim=existing, created=False)
    _replaced(actor, icn)
    try:
        with transaction.atomic():
            original = _replaced(actor, icn, lock=True)
            void = Claim.objects.get(pk=original.pk)
            void.pk = None
            void.icn = None
            void.frequency = Frequency.VOID
            void.type_of_bill = void.type_of_bill[:3] + Frequency.VOID if void.type_of_bill else ""
            void.replaces = original
            void.status = ClaimStatus.RECEIVED
            void.idempotency_key = key or None
            void.created_by = void.submitted_by = actor.user
            void.submitted_at = timezone.now()
            void._state.adding = True
            void.save()
            void.icn = claim_icn(void)
            void.save(update_fields=["icn", "updated_at"])
            ClaimLine.objects.bulk_create(
                ClaimLine(
                    claim=void,
                    number=line.number,
                    service_from=line.service_from,
                    service_to=line.service_to,
                    place_of_service=line.place_of_service,
                    revenue_code=line.revenue_code,
                    code=line.code,
                    modifiers=line.modifiers,
                    units=line.units,
                    charge=line.charge,
                    ndc=line.ndc,
                    ndc_unit=line.ndc_unit,
                    ndc_quantity=line.ndc_quantity,
                    diagnosis_pointers=line.diagnosis_pointers,
                )
                for line in original.lines.all()
            )
            ClaimOtherPayer.objects.bulk_create(
                ClaimOtherPayer(
                    claim=void,
                    position=o.position,
                    payer_name=o.payer_name,
                    paid_amount=o.paid_amount,
                    paid_date=o.paid_date,
                )
                for o in original.other_payers.all()
            )
            ClaimEvent.objects.create(
                claim=void, kind=EventKind.RECEIVED, by=actor.user, status=ClaimStatus.RECEIVED, note=void.icn
            )
            _close(original, by=void, kind=EventKind.VOIDED_BY, status=ClaimStatus.VOIDED, actor=actor)
    except IntegrityError:
        winner = _by_key(organization_id, key)
        if winner is None or winner.status == ClaimStatus.DRAFT:
            raise ValidationFailed(
                {"replaces": [_("Claim %(icn)s was corrected or voided a moment ago.") % {"icn": icn[:20]}]}
            ) from None
        return SubmitResult(claim=winner, created=False)
    _adjudicate_after_commit(void.pk)
    return SubmitResult(claim=void, created=True)


def replaceable(claim: Claim) -> bool:
    """Whether the claim may still be corrected or voided (shown as actions on its page)."""
    return (
        claim.status in REPLACEABLE
        and claim.frequency != Frequency.VOID
        and not Claim.objects.filter(Q(replaces=claim) & ~Q(status=ClaimStatus.DRAFT)).exists()
    )
