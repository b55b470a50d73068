"""Reads of claims. Each is scoped to the actor's organization and recorded.

A claim of another organization answers "not found", exactly like one that does not exist, and the attempt is
recorded as an access event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from portico.claims.models import Claim, ClaimAdjustment, ClaimAttachment, ClaimLine, ClaimStatus, line_tally
from portico.common.access import Actor, access_record, access_record_many
from portico.common.bulk import custom_plans
from portico.common.dates import day_start
from portico.common.errors import NotFound
from portico.common.models import AccessAction
from portico.members.models import Member

DEFAULT_PAGE = 50
MAX_PAGE = 200


def claim_not_found() -> NotFound:
    return NotFound(_("Claim not found."))


def claims_visible_to(actor: Actor) -> QuerySet[Claim]:
    """Every claim the actor may see: those of the organization acted for (none for plan staff, here)."""
    if actor.organization_id is None:
        return Claim.objects.none()
    return Claim.objects.filter(organization_id=actor.organization_id)


def _deny(actor: Actor, *, icn: str = "", claim_id: int | None = None, what: str = "claim") -> NotFound:
    rows = Claim.objects.filter(pk=claim_id) if claim_id is not None else Claim.objects.filter(icn=icn)
    target = rows.values_list("member_id", flat=True).first() if (icn or claim_id is not None) else None
    access_record(
        actor=actor,
        action=AccessAction.CLAIM_DENIED,
        member_id=target,
        detail=f"requested {what} {icn or claim_id}"[:200],
    )
    return claim_not_found()


_DETAIL_RELATED = (
    "member",
    "line_of_business",
    "rendering_practitioner",
    "service_location",
    "authorization",
    "replaces",
    "submitted_by",
    "created_by",
)


def _recorded(actor: Actor, found: Claim, action: AccessAction) -> Claim:
    access_record(actor=actor, action=action, member_id=found.member_id, detail=f"claim {found.icn or found.pk}")
    return found


def access_claim(*, actor: Actor, icn: str, action: AccessAction = AccessAction.CLAIM_VIEW) -> Claim:
    """The organization's claim with this ICN (with member and parties), the read recorded; NotFound otherwise."""
    number = (icn or "").strip().upper()
    found = claims_visible_to(actor).select_related(*_DETAIL_RELATED).filter(icn=number).first() if number else None
    if found is None:
        raise _deny(actor, icn=number[:40])
    return _recorded(actor, found, action)


def access_claim_by_id(*, actor: Actor, claim_id: int, action: AccessAction = AccessAction.CLAIM_VIEW) -> Claim:
    """The organization's claim (a draft has no ICN yet), recorded; NotFound otherwise."""
    found = claims_visible_to(actor).select_related(*_DETAIL_RELATED).filter(pk=claim_id).first()
    if found is None:
        raise _deny(actor, claim_id=claim_id)
    return _recorded(actor, found, action)


def access_claim_attachment(*, actor: Actor, icn: str, attachment_id: int) -> ClaimAttachment:
    """An attachment of the organization's claim, its download recorded; NotFound otherwise."""
    found = (
        ClaimAttachment.objects.select_related("claim")
        .filter(pk=attachment_id, claim__icn=icn, claim__organization_id=actor.organization_id)
        .first()
        if actor.organization_id is not None
        else None
    )
    if found is None:
        raise _deny(actor, icn=icn[:40], what=f"attachment {attachment_id} of claim")
    access_record(
        actor=actor,
        action=AccessAction.CLAIM_ATTACHMENT,
        member_id=found.claim.member_id,
        detail=f"claim {icn} attachment {attachment_id}",
    )
    return found


@dataclass(frozen=True)
class ClaimFilters:
    status: str = ""
    member_id: str = ""
    icn: str = ""
    patient_account_number: str = ""
    service_from: dt.date | None = None  # claims with a date of service on or after
    service_to: dt.date | None = None  # ... and on or before
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None


@dataclass(frozen=True)
class ClaimPage:
    rows: list[Claim]
    total: int  # the number of matching claims, counted up to COUNT_CAP
    offset: int
    limit: int
    total_exact: bool = True  # False: more than COUNT_CAP claims match, ``total`` is COUNT_CAP


# Counting every match of a large organization (millions of claims) costs more than the page itself; the count
# stops here and the page says "more than" (docs/decisions.md, claim status list).
COUNT_CAP = 10_000


def _filtered(actor: Actor, filters: ClaimFilters) -> list[QuerySet[Claim]]:
    """The matching claims, as one query or (a date-of-service range) two disjoint ones to be joined.

    Each condition is written so an index can find it: the member by its id, dates received as instants, and a
    date-of-service range as "began within it" or "began before it and was still going on at its start"."""
    rows = claims_visible_to(actor)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.member_id:
        members = list(Member.objects.filter(member_number=filters.member_id).values_list("id", flat=True))
        rows = rows.filter(Q(member_id__in=members) | Q(member__isnull=True, member_id_given=filters.member_id))
    if filters.icn:
        rows = rows.filter(icn=filters.icn)
    if filters.patient_account_number:
        rows = rows.filter(patient_account_number=filters.patient_account_number)
    if filters.received_from:
        rows = rows.filter(submitted_at__gte=day_start(filters.received_from))
    if filters.received_to:
        rows = rows.filter(submitted_at__lt=day_start(filters.received_to + dt.timedelta(days=1)))
    if filters.amount_min is not None:
        rows = rows.filter(total_charge__gte=filters.amount_min)
    if filters.amount_max is not None:
        rows = rows.filter(total_charge__lte=filters.amount_max)
    start, end = filters.service_from, filters.service_to
    if start and end:
        # A claim's dates of service meet [start, end]: it began within the range, or it began earlier and its
        # last date of service is on or after the start (a stay of several days: first and last dates differ).
        began_within = rows.filter(first_service_date__gte=start, first_service_date__lte=end)
        began_before = rows.filter(
            ~Q(first_service_date=F("last_service_date")),
            first_service_date__lt=start,
            last_service_date__gte=start,
            first_service_date__lte=end,
        )
        return [began_within, began_before]
    if start:
        rows = rows.filter(last_service_date__gte=start)
    if end:
        rows = rows.filter(first_service_date__lte=end)
    return [rows]


def _page_ids(parts: list[QuerySet[Claim]], offset: int, limit: int, *, by_range: bool = False) -> list[int]:
    """The ids of one page, newest first: read from the indexes, before any row is fetched."""
    if len(parts) == 1 and by_range:
        # Newest first within a range of dates received: sorted after the range is read from its index, never
        # by walking every newer claim of the organization to reach the range (the same order: never null).
        newest = Coalesce("created_at", "created_at").desc()
        return list(parts[0].order_by(newest, "-id").values_list("id", flat=True)[offset : offset + limit])
    if len(parts) == 1:
        return list(parts[0].order_by("-created_at", "-id").values_list("id", flat=True)[offset : offset + limit])
    keyed = [part.order_by().values_list("created_at", "id") for part in parts]
    joined = keyed[0].union(*keyed[1:], all=True).order_by("-created_at", "-id")
    return [row[1] for row in joined[offset : offset + limit]]


def _count(parts: list[QuerySet[Claim]]) -> tuple[int, bool]:
    """How many match, counted up to COUNT_CAP; and whether that is all of them."""
    found = 0
    for part in parts:
        found += part.order_by().values("id")[: COUNT_CAP + 1 - found].count()
        if found > COUNT_CAP:
            return COUNT_CAP, False
    return found, True


def claim_list(
    *, actor: Actor, filters: ClaimFilters, offset: int = 0, limit: int = DEFAULT_PAGE, tallied: bool = True
) -> ClaimPage:
    """The organization's claims and drafts, newest first, filtered; each member shown is recorded as seen.

    The total is exact up to COUNT_CAP; beyond it ``total_exact`` is False. ``tallied``: give the page's finalized
    claims their lines' tally for their standing (the API reads every line anyway and tallies them itself)."""
    limit = max(1, min(MAX_PAGE, limit))
    offset = max(0, offset)
    parts = _filtered(actor, filters)
    with custom_plans():  # a range of charges or dates is selective or not by its values (common/bulk.py)
        total, exact = _count(parts)
        ids = _page_ids(parts, offset, limit, by_range=bool(filters.received_from or filters.received_to))
    found = Claim.objects.select_related("member", "submitted_by", "line_of_business", "replaces").in_bulk(ids)
    page: list[Claim] = [found[pk] for pk in ids if pk in found]
    if tallied:
        tallies_attach(page)
    members = {r.member_id for r in page if r.member_id is not None}
    access_record_many(actor=actor, action=AccessAction.CLAIM_LIST, member_ids=sorted(members))
    return ClaimPage(rows=page, total=total, offset=offset, limit=limit, total_exact=exact)


def tallies_attach(claims: Sequence[Claim]) -> None:
    """Give each finalized claim its lines' tally (paid and denied lines, the paid total) for its standing, in
    one query for the page; other claims' standing is their status."""
    finalized = [c.pk for c in claims if c.status == ClaimStatus.FINALIZED]
    pairs: dict[int, list[tuple[str, Decimal | None]]] = {pk: [] for pk in finalized}
    if finalized:
        for claim_id, status, paid in ClaimLine.objects.filter(claim_id__in=finalized).values_list(
            "claim_id", "status", "paid"
        ):
            pairs[claim_id].append((status, paid))
    for claim in claims:
        claim.tally = line_tally(pairs.get(claim.pk, []))


LINE_SHOWN = (
    "id", "claim_id", "number", "service_from", "service_to", "place_of_service", "revenue_code", "code",
    "modifiers", "units", "charge", "ndc", "diagnosis_pointers", "status", "allowed", "paid",
    "member_responsibility",
)  # fmt: skip
ADJUSTMENT_SHOWN = ("line_id", "group", "reason", "remark", "amount", "explanation", "provider_action", "params")


def claim_lines(*, claims: Sequence[Claim]) -> dict[int, list[dict[str, Any]]]:
    """The lines of claims already read through an access-scoped query, as plain rows in line order, each with its
    adjustments under ``"adjustments"`` (stored texts, untranslated): claim id -> lines. Two queries and no model
    instances: the API list shows up to 200 claims with every line (docs/performance.md)."""
    ids = [c.pk for c in claims]
    by_claim: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    by_line: dict[int, list[dict[str, Any]]] = {}
    for line in ClaimLine.objects.filter(claim_id__in=ids).order_by("claim_id", "number").values(*LINE_SHOWN):
        line["adjustments"] = by_line[line["id"]] = []
        by_claim[line["claim_id"]].append(line)
    if by_line:
        adjustments = ClaimAdjustment.objects.filter(line_id__in=list(by_line)).order_by("line_id", "id")
        for adjustment in adjustments.values(*ADJUSTMENT_SHOWN):
            by_line[adjustment["line_id"]].append(adjustment)
    return by_claim


def claim_has_relationship(organization_id: int, member_id: int) -> bool:
    """The relationship seam for ``members.access``: a submitted claim of the organization for the member."""
    return (
        Claim.objects.filter(organization_id=organization_id, member_id=member_id)
        .exclude(status=ClaimStatus.DRAFT)
        .exists()
    )


def claims_awaiting_examiner() -> QuerySet[Claim]:
    """Received and pended claims, oldest first: the claims examiner's queue (read-only until adjudication)."""
    return (
        Claim.objects.filter(status__in=[ClaimStatus.RECEIVED, ClaimStatus.PENDED])
        .select_related("organization", "line_of_business")
        .order_by("submitted_at", "id")
    )


def examiner_claim(*, actor: Actor, claim_id: int) -> Claim:
    """A submitted claim as the claims examiner sees it (any organization's), the view recorded; NotFound for a
    draft or a missing claim."""
    found = (
        Claim.objects.exclude(status=ClaimStatus.DRAFT)
        .select_related("organization", "line_of_business", "member")
        .filter(pk=claim_id)
        .first()
    )
    if found is None:
        raise claim_not_found()
    return _recorded(actor, found, AccessAction.CLAIM_VIEW)
