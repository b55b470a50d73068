"""Batch eligibility: a CSV of up to 1,000 inquiries, checked in full before anything is saved."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portico.accounts.models import User
from portico.common.access import Actor, access_record_many
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction, Channel
from portico.common.throttle import throttle_hit
from portico.members.eligibility import (
    EligibilityInquiry,
    EligibilityResult,
    eligibility_check,
    eligibility_inquiry_parse,
)
from portico.members.models import BatchStatus, EligibilityBatch, EligibilityBatchRow

REQUIRED_COLUMNS = ("member_id", "birth_date", "date_of_service")
MAX_UPLOAD_BYTES = 512 * 1024
PROGRESS_EVERY = 20


@dataclass(frozen=True)
class ParsedRow:
    row_number: int
    inquiry: EligibilityInquiry


def batch_csv_parse(*, content: bytes) -> list[ParsedRow]:
    """Every row valid, or ValidationFailed naming each bad row and field (nothing is saved)."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationFailed({"file": [_("The file is larger than 512 KB.")]})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed({"file": [_("The file must be a UTF-8 CSV file.")]}) from exc
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ValidationFailed(
            {
                "file": [
                    _("The first line must name the columns member_id, birth_date, date_of_service; missing: %(cols)s.")
                    % {"cols": ", ".join(missing)}
                ]
            }
        )
    reader.fieldnames = headers
    rows: list[ParsedRow] = []
    errors: dict[str, list[str]] = {}
    limit = settings.PORTICO["BATCH_MAX_ROWS"]
    for line_number, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        if len(rows) + len(errors) >= limit:
            raise ValidationFailed({"file": [_("A batch holds at most %(n)s rows.") % {"n": limit}]})
        data = {key: (raw.get(key) or "").strip() for key in REQUIRED_COLUMNS}
        # Translators: a line of the uploaded CSV file, in error messages (shown with a capital first letter).
        where = _("row %(number)s") % {"number": line_number}
        if not data["member_id"]:
            errors[where] = [_("member_id: enter the member ID.")]
            continue
        try:
            rows.append(ParsedRow(row_number=line_number, inquiry=eligibility_inquiry_parse(data)))
        except ValidationFailed as exc:
            errors[where] = [f"{field}: {msg}" for field, msgs in exc.errors.items() for msg in msgs]
    if errors:
        raise ValidationFailed(errors)
    if not rows:
        raise ValidationFailed({"file": [_("The file has no rows to check.")]})
    return rows


@transaction.atomic
def batch_create(*, actor: Actor, filename: str, content: bytes, language: str = "en") -> EligibilityBatch:
    """Save a fully valid batch and enqueue its run after commit."""
    if actor.organization_id is None:
        raise NotFound(_("Eligibility inquiries are made for a provider organization."))
    throttle_hit(scope="eligibility-batch", key=actor.user.pk, limit=20, window_seconds=3600)
    rows = batch_csv_parse(content=content)
    batch = EligibilityBatch.objects.create(
        user=actor.user,
        organization_id=actor.organization_id,
        filename=(filename or "upload.csv")[:200],
        total_rows=len(rows),
        ip_address=actor.ip_address,
        language=language,
    )
    EligibilityBatchRow.objects.bulk_create(
        [
            EligibilityBatchRow(
                batch=batch,
                row_number=row.row_number,
                member_number_given=row.inquiry.member_id,
                birth_date_given=row.inquiry.birth_date,
                date_of_service=row.inquiry.date_of_service,
            )
            for row in rows
        ]
    )
    from portico.members.tasks import eligibility_batch_run  # the task module imports this one

    transaction.on_commit(lambda: eligibility_batch_run.enqueue(batch_id=batch.pk))
    return batch


def _summarize(row: EligibilityBatchRow, result: EligibilityResult) -> None:
    row.status = result.status.value
    row.message = result.message[:200]
    row.member_id = result.member.id if result.member else None
    if result.coverage:
        row.line_of_business = result.coverage.line_of_business
        row.benefit_plan = result.coverage.benefit_plan
        row.coverage_start = result.coverage.start
        row.coverage_end = result.coverage.end
    if result.pcp:
        row.pcp_name = result.pcp.practitioner
        row.pcp_clinic = result.pcp.clinic
        row.pcp_phone = result.pcp.phone
    row.other_insurance = "; ".join(f"{o.cob_label}: {o.payer_name}" for o in result.other_insurance)[:200]


def batch_run(*, batch_id: int) -> EligibilityBatch:
    """Answer every unanswered row (idempotent: a re-run resumes where it stopped), reporting progress."""
    batch = EligibilityBatch.objects.get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return batch
    EligibilityBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    actor = Actor(
        user=User.objects.get(pk=batch.user_id),
        organization_id=batch.organization_id,
        channel=Channel.BATCH,
        ip_address=batch.ip_address,
    )
    with translation.override(batch.language):
        _answer_pending(batch=batch, actor=actor)
    EligibilityBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch


def _answer_pending(*, batch: EligibilityBatch, actor: Actor) -> None:
    pending = list(batch.rows.filter(status=""))
    for start in range(0, len(pending), PROGRESS_EVERY):
        chunk = pending[start : start + PROGRESS_EVERY]
        with transaction.atomic():
            for row in chunk:
                inquiry = EligibilityInquiry(
                    member_id=row.member_number_given,
                    birth_date=row.birth_date_given,
                    date_of_service=row.date_of_service,
                )
                _summarize(row, eligibility_check(actor=actor, inquiry=inquiry, throttle=False))
                row.save()
            done = batch.rows.exclude(status="").count()
            EligibilityBatch.objects.filter(pk=batch.pk).update(processed_rows=done)


def batch_of(*, actor: Actor, batch_id: int) -> EligibilityBatch:
    """A batch made by the actor's organization, or NotFound."""
    batch = EligibilityBatch.objects.filter(pk=batch_id, organization_id=actor.organization_id).first()
    if batch is None:
        raise NotFound(_("Batch not found."))
    return batch


def batch_rows_read(*, actor: Actor, batch: EligibilityBatch, export: bool = False) -> list[EligibilityBatchRow]:
    """The answered rows; showing them is a read of member data, so it is recorded."""
    rows = list(batch.rows.all())
    access_record_many(
        actor=actor,
        action=AccessAction.BATCH_RESULT_VIEW,
        member_ids=[r.member_id for r in rows if r.member_id],
        detail=f"batch {batch.pk}{' export' if export else ''}",
    )
    return rows
