"""Every change to a prior-authorization request: save a draft, submit (and route every line), attach a file.

Services take the actor, validate everything before writing anything, and write in one transaction: a bad field
changes nothing. A submission is never lost or doubled: the same idempotency key (or the same draft) submitted
twice returns the first request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.authorizations.attachments import (
    CheckedUpload,
    Upload,
    attachment_discard,
    attachment_write,
    attachments_check,
)
from portico.authorizations.deadlines import decision_due_at
from portico.authorizations.inputs import AuthorizationInput, LineInput, authorization_input_parse
from portico.authorizations.models import (
    AuthorizationAttachment,
    AuthorizationEvent,
    AuthorizationLine,
    AuthorizationRequest,
    EventKind,
    LineRoute,
    LineStatus,
    RequestStatus,
)
from portico.authorizations.queries import authorization_not_found
from portico.codes.checks import CheckStatus, code_check
from portico.codes.models import CodeSystem
from portico.codes.requirements import LineAnswer, Outcome, Rule, prior_auth_requirements
from portico.common.access import Actor, access_record
from portico.common.errors import DomainError, NotFound, ValidationFailed
from portico.common.models import AccessAction
from portico.members.eligibility import NOT_FOUND_MESSAGE, EligibilityInquiry, EligibilityStatus, eligibility_check
from portico.members.models import Member
from portico.plans.models import LineOfBusiness

OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.PENDED)
ATTACHABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.PENDED)
MAX_KEY = 80


class DuplicateSuspected(DomainError):
    """Another open request of the organization covers the same member, code and dates; confirm to go on."""

    code = "duplicate_suspected"

    def __init__(self, warnings: list[DuplicateWarning]) -> None:
        super().__init__(warnings[0].message, field="lines")
        self.warnings = warnings


@dataclass(frozen=True)
class DuplicateWarning:
    line: int  # 0-based position of the line in this request's input
    code: str
    other_id: int
    other_number: str
    message: str


@dataclass(frozen=True)
class SubmitResult:
    request: AuthorizationRequest
    created: bool  # False: a repeated submit answered with the first request
    warnings: list[DuplicateWarning] = field(default_factory=list)


def _organization_of(actor: Actor) -> int:
    if actor.organization_id is None:
        raise NotFound(_("Prior-authorization requests are made for a provider organization."))
    return actor.organization_id


def idempotency_key_clean(raw: str | None) -> str:
    key = (raw or "").strip()
    if len(key) > MAX_KEY or (key and not key.isprintable()):
        raise ValidationFailed({"idempotency_key": [_("An idempotency key is 1 to 80 printable characters.")]})
    return key


def own_request(actor: Actor, request_id: int, *, lock: bool = False) -> AuthorizationRequest:
    """The actor's organization's request (locked for update if asked); NotFound, with the attempt recorded."""
    rows = AuthorizationRequest.objects.filter(pk=request_id, organization_id=_organization_of(actor))
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        target = AuthorizationRequest.objects.filter(pk=request_id).values_list("member_id", flat=True).first()
        access_record(
            actor=actor,
            action=AccessAction.AUTHORIZATION_DENIED,
            member_id=target,
            detail=f"change of authorization {request_id}",
        )
        raise authorization_not_found()
    return found


def _by_key(organization_id: int, key: str) -> AuthorizationRequest | None:
    if not key:
        return None
    return AuthorizationRequest.objects.filter(organization_id=organization_id, idempotency_key=key).first()


def _fill(row: AuthorizationRequest, parsed: AuthorizationInput) -> None:
    row.member_id_given = parsed.member_id
    row.birth_date_given = parsed.birth_date
    row.setting = parsed.setting
    row.urgency = parsed.urgency
    row.expedited_attested = parsed.expedited_attested
    row.requesting_practitioner = parsed.requesting
    row.servicing_practitioner = parsed.servicing
    row.servicing_location = parsed.servicing_location
    row.facility_name = parsed.facility_name
    row.diagnoses = [code for _position, code in parsed.diagnoses]
    row.clinical_notes = parsed.clinical_notes


def _line_rows(row: AuthorizationRequest, lines: Sequence[LineInput]) -> list[AuthorizationLine]:
    return [
        AuthorizationLine(
            request=row,
            number=number,
            code=line.code,
            modifiers=list(line.modifiers),
            units=line.units,
            start=line.start,
            end=line.end or line.start,
            place_of_service=line.place_of_service,
        )
        for number, line in enumerate(lines, start=1)
    ]


def attachments_store(
    *, row: AuthorizationRequest, files: Sequence[CheckedUpload], actor: Actor, written: list[str]
) -> None:
    """Write checked uploads to private storage and record them; ``written`` collects the stored names so that a
    failed transaction can delete its files."""
    for upload in files:
        stored = attachment_write(upload.content)
        written.append(stored)
        AuthorizationAttachment.objects.create(
            request=row,
            stored_name=stored,
            original_name=upload.name,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=upload.sha256,
            uploaded_by=actor.user,
        )
        AuthorizationEvent.objects.create(request=row, kind=EventKind.ATTACHED, by=actor.user, note=upload.name[:400])


# ---- drafts -----------------------------------------------------------------------------------------------


def authorization_draft_save(
    *,
    actor: Actor,
    data: Mapping[str, object],
    request_id: int | None = None,
    idempotency_key: str = "",
    attachments: Sequence[Upload] = (),
) -> AuthorizationRequest:
    """Save what is there as a draft (new, or the given draft, or the draft already saved with this key).

    Only malformed values are refused; nothing is required yet. A request already submitted is returned as is.
    """
    organization_id = _organization_of(actor)
    key = idempotency_key_clean(idempotency_key)
    if request_id is not None:
        own_request(actor, request_id)  # out of scope: recorded (outside the transaction) and not found
    parsed = authorization_input_parse(data, organization_id=organization_id, submit=False)
    files = attachments_check(attachments)
    written: list[str] = []
    try:
        with transaction.atomic():
            if request_id is not None:
                row = own_request(actor, request_id, lock=True)
            else:
                row = _by_key(organization_id, key) or AuthorizationRequest(
                    organization_id=organization_id, created_by=actor.user, idempotency_key=key or None
                )
            if row.pk is not None and row.status != RequestStatus.DRAFT:
                return row
            created = row.pk is None
            _fill(row, parsed)
            row.save()
            row.lines.all().delete()
            AuthorizationLine.objects.bulk_create(_line_rows(row, parsed.lines))
            if created:
                AuthorizationEvent.objects.create(request=row, kind=EventKind.CREATED, by=actor.user)
            attachments_store(row=row, files=files, actor=actor, written=written)
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


# ---- submit ----------------------------------------------------------------------------------------------


def _member_and_line_of_business(
    *, actor: Actor, parsed: AuthorizationInput, first_day: dt.date
) -> tuple[Member, LineOfBusiness]:
    """Find the member through the eligibility engine (access-granted, recorded, throttled); the member must be
    covered on the first date of service, whose coverage gives the line of business."""
    assert parsed.birth_date is not None
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
                    % {"date": first_day.isoformat(), "why": result.message}
                ]
            }
        )
    member = Member.objects.get(pk=result.member.id)
    lob = LineOfBusiness.objects.select_related("plan").filter(code=result.coverage.line_of_business_code).first()
    if lob is None:
        raise ValidationFailed({"member_id": [_(NOT_FOUND_MESSAGE)]})
    return member, lob


def _diagnosis_errors(parsed: AuthorizationInput, day: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for position, written in parsed.diagnoses:
        check = code_check(written=written, day=day, systems=(CodeSystem.ICD10CM,))
        if check.status != CheckStatus.VALID:
            errors[f"diagnoses.{position}"] = [check.message]
    return errors


def _route(
    *, parsed: AuthorizationInput, line_of_business: LineOfBusiness
) -> tuple[list[LineAnswer], dict[str, list[str]]]:
    """The requirement check for each line on its first date of service; invalid codes are errors."""
    by_day: dict[dt.date, list[LineInput]] = defaultdict(list)
    for line in parsed.lines:
        assert line.start is not None
        by_day[line.start].append(line)
    answers: dict[int, LineAnswer] = {}
    for day, lines in by_day.items():
        answer = prior_auth_requirements(
            line_of_business=line_of_business,
            day=day,
            lines=[line.service_line() for line in lines],
            numbers=[line.position for line in lines],
        )
        for line, item in zip(lines, answer.lines, strict=True):
            answers[line.position] = item
    errors: dict[str, list[str]] = {}
    for line in parsed.lines:
        item = answers[line.position]
        if item.outcome == Outcome.INVALID:
            key = "modifiers" if item.rule == Rule.INVALID_MODIFIER else "code"
            errors[f"lines.{line.position}.{key}"] = [item.explanation]
    return [answers[line.position] for line in parsed.lines], errors


def _overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date | None, b_end: dt.date | None) -> bool:
    if b_start is None:
        return False
    return a_start <= (b_end or b_start) and b_start <= a_end


def authorization_duplicates(
    *,
    organization_id: int,
    member: Member,
    lines: Sequence[LineInput],
    exclude_id: int | None = None,
    exclude_key: str | None = None,
) -> list[DuplicateWarning]:
    """Open requests of the organization for the member with a line of the same code and overlapping dates.

    A request with the same idempotency key is this very submission made a moment earlier, not a duplicate."""
    codes = {line.code for line in lines}
    others = (
        AuthorizationLine.objects.filter(
            request__organization_id=organization_id,
            request__member=member,
            request__status__in=OPEN_STATUSES,
            code__in=codes,
        )
        .exclude(status=LineStatus.WITHDRAWN)
        .select_related("request")
        .order_by("request_id", "number")
    )
    if exclude_id is not None:
        others = others.exclude(request_id=exclude_id)
    if exclude_key:
        others = others.exclude(request__idempotency_key=exclude_key)
    warnings = []
    candidates = list(others)
    for line in lines:
        assert line.start is not None
        for other in candidates:
            if other.code == line.code and _overlaps(line.start, line.last_day or line.start, other.start, other.end):
                warnings.append(
                    DuplicateWarning(
                        line=line.position,
                        code=line.code,
                        other_id=other.request_id,
                        other_number=other.request.number or "",
                        message=_(
                            "Line %(line)s (%(code)s) overlaps the dates of line %(other_line)s of request %(number)s, "
                            "which is still open."
                        )
                        % {
                            "line": line.position + 1,
                            "code": line.code,
                            "other_line": other.number,
                            "number": other.request.number,
                        },
                    )
                )
    return warnings


def _line_routed(line: AuthorizationLine, item: LineAnswer, due_at: dt.datetime) -> None:
    line.routed_by_id = item.decided_by.version_id if item.decided_by else None
    line.route_reason = item.explanation[:400]
    line.category = item.category[:80]
    if item.outcome == Outcome.NO_AUTH:
        line.route, line.status, line.due_at = LineRoute.NOT_REQUIRED, LineStatus.NOT_REQUIRED, None
    elif item.outcome == Outcome.VENDOR:
        line.route, line.status, line.due_at = LineRoute.VENDOR, LineStatus.IN_REVIEW, due_at
        line.vendor = item.vendor
    else:
        line.route, line.status, line.due_at = LineRoute.PLAN, LineStatus.IN_REVIEW, due_at


def authorization_number(row: AuthorizationRequest) -> str:
    """The number to put on the claim: PA-<year of receipt>-<six digits>, unique because the id is."""
    assert row.submitted_at is not None
    return f"PA-{timezone.localtime(row.submitted_at).year}-{row.pk:06d}"


def authorization_submit(
    *,
    actor: Actor,
    data: Mapping[str, object],
    request_id: int | None = None,
    idempotency_key: str = "",
    acknowledge_duplicates: bool = False,
    attachments: Sequence[Upload] = (),
) -> SubmitResult:
    """Validate, find the member, route every line, and record the request as received.

    - A repeated submit (the same draft, or the same idempotency key) returns the first request, created=False.
    - Any bad field raises ValidationFailed naming it; nothing is written.
    - An open request of the organization for the same member, code and overlapping dates raises
      DuplicateSuspected unless ``acknowledge_duplicates``; with it, the warnings come back in the result.
    - Lines on the No-Auth list are "not required" at once; vendor and plan lines are "in review", due at the
      line of business's deadline for the urgency, counted from receipt.
    """
    organization_id = _organization_of(actor)
    key = idempotency_key_clean(idempotency_key)
    draft_id = request_id
    if draft_id is not None:
        current = own_request(actor, draft_id)
        if current.status != RequestStatus.DRAFT:
            return SubmitResult(request=current, created=False)
    elif (existing := _by_key(organization_id, key)) is not None:
        if existing.status != RequestStatus.DRAFT:
            return SubmitResult(request=existing, created=False)
        draft_id = existing.pk
    parsed = authorization_input_parse(data, organization_id=organization_id, submit=True)
    files = attachments_check(attachments)
    first_day = parsed.first_day
    assert first_day is not None
    member, lob = _member_and_line_of_business(actor=actor, parsed=parsed, first_day=first_day)
    answers, errors = _route(parsed=parsed, line_of_business=lob)
    errors.update(_diagnosis_errors(parsed, first_day))
    if errors:
        raise ValidationFailed(dict(sorted(errors.items(), key=lambda kv: _field_order(kv[0]))))
    warnings = authorization_duplicates(
        organization_id=organization_id, member=member, lines=parsed.lines, exclude_id=draft_id, exclude_key=key
    )
    if warnings and not acknowledge_duplicates:
        raise DuplicateSuspected(warnings)
    written: list[str] = []
    try:
        with transaction.atomic():
            if draft_id is not None:
                row = own_request(actor, draft_id, lock=True)
                if row.status != RequestStatus.DRAFT:  # a concurrent submit of the same draft won
                    return SubmitResult(request=row, created=False)
            else:
                row = AuthorizationRequest(
                    organization_id=organization_id, created_by=actor.user, idempotency_key=key or None
                )
            _fill(row, parsed)
            row.member = member
            row.line_of_business = lob
            row.status = RequestStatus.SUBMITTED
            row.submitted_by = actor.user
            row.submitted_at = timezone.now()
            if row.idempotency_key is None and key:
                row.idempotency_key = key
            row.save()  # a second insert with the same key fails here, on the unique constraint
            row.number = authorization_number(row)
            row.save(update_fields=["number", "updated_at"])
            _record_submission(row=row, parsed=parsed, answers=answers, actor=actor, draft=draft_id is not None)
            if not row.lines.exclude(status=LineStatus.NOT_REQUIRED).exists():
                # Nothing to review: every line needs no authorization, so the request is final at once.
                row.status = RequestStatus.DECIDED
                row.save(update_fields=["status", "updated_at"])
            attachments_store(row=row, files=files, actor=actor, written=written)
    except IntegrityError:
        attachment_discard(written)
        winner = _by_key(organization_id, key)
        if winner is None or winner.status == RequestStatus.DRAFT:
            raise
        return SubmitResult(request=winner, created=False)
    except BaseException:
        attachment_discard(written)
        raise
    return SubmitResult(request=row, created=True, warnings=warnings)


def _record_submission(
    *,
    row: AuthorizationRequest,
    parsed: AuthorizationInput,
    answers: Sequence[LineAnswer],
    actor: Actor,
    draft: bool,
) -> None:
    assert row.submitted_at is not None
    assert row.line_of_business is not None
    due_at = decision_due_at(line_of_business=row.line_of_business, urgency=row.urgency, received_at=row.submitted_at)
    if draft:
        row.lines.all().delete()
    else:
        AuthorizationEvent.objects.create(request=row, kind=EventKind.CREATED, by=actor.user)
    lines = _line_rows(row, parsed.lines)
    for line, item in zip(lines, answers, strict=True):
        _line_routed(line, item, due_at)
    AuthorizationLine.objects.bulk_create(lines)
    saved = {line.number: line for line in AuthorizationLine.objects.filter(request=row)}
    AuthorizationEvent.objects.create(request=row, kind=EventKind.SUBMITTED, by=actor.user, note=row.number or "")
    AuthorizationEvent.objects.bulk_create(
        AuthorizationEvent(
            request=row,
            line=saved[line.number],
            kind=EventKind.ROUTED,
            by=actor.user,
            note=f"{line.number}. {line.code}: {line.get_route_display()}",
        )
        for line in lines
    )


def _field_order(key: str) -> tuple[int, int, str]:
    """Errors in the order of the form: member, diagnoses, lines (by line)."""
    head, _sep, rest = key.partition(".")
    rank = {"member_id": 0, "birth_date": 1, "diagnoses": 5, "lines": 6}.get(head, 3)
    number, _sep, tail = rest.partition(".")
    return rank, int(number) if number.isdigit() else -1, tail


# ---- attachments on an open request -----------------------------------------------------------------------


def authorization_attachment_add(
    *, actor: Actor, request_id: int, uploads: Sequence[Upload]
) -> list[AuthorizationAttachment]:
    """Add files to a request of the organization that is still open (draft, submitted or pended)."""
    own_request(actor, request_id)  # out of scope: recorded (outside the transaction) and not found
    if not uploads:
        raise ValidationFailed({"attachments": [_("Choose a PDF or image file to attach.")]})
    files = attachments_check(uploads)
    written: list[str] = []
    try:
        with transaction.atomic():
            row = own_request(actor, request_id, lock=True)
            if row.status not in ATTACHABLE_STATUSES:
                raise DomainError(
                    _("This request is %(status)s: files can no longer be added.")
                    % {"status": row.get_status_display().lower()},
                    field="attachments",
                    code="request_closed",
                )
            attachments_store(row=row, files=files, actor=actor, written=written)
    except BaseException:
        attachment_discard(written)
        raise
    return list(AuthorizationAttachment.objects.filter(stored_name__in=written))
