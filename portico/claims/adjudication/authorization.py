"""Rule 8 — prior authorization. The routing rules (``portico.codes.requirements.prior_auth_requirements``) say
whether a line's code needs authorization on its date of service for the claim's line of business; where the
plan has published no list in force on that date, nothing is required. A line that needs it must match an
approved (or partially approved) authorization line of the same member and organization, for the same code,
whose decided dates cover the date of service and whose unused approved units cover the line's units; the units
are then consumed (``AuthorizationUnitUse``, the authorization line locked while counting, so two claims
never spend the same units). None: denied, CARC 197 — or CARC 15 when the claim gives an authorization number
that does not match. A corrected claim first gives back the units its original used.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_noop

from portico.authorizations.models import AuthorizationLine
from portico.authorizations.models import LineStatus as AuthLineStatus
from portico.claims.adjudication.models import AuthorizationUnitUse
from portico.claims.adjudication.work import ClaimWork, LineWork
from portico.codes.models import CodeList
from portico.codes.requirements import Outcome, ServiceLine, prior_auth_requirements
from portico.common.memo import memo

NAME = "authorization"
APPROVED = (AuthLineStatus.APPROVED, AuthLineStatus.PARTIALLY_APPROVED)


def has_lists(line_of_business_id: int) -> bool:
    """Whether the line of business has any prior-authorization list (reference data, kept a while)."""
    return memo(
        ("claims.lob_has_lists", line_of_business_id),
        lambda: CodeList.objects.filter(line_of_business_id=line_of_business_id).exists(),
    )


def _needing(work: ClaimWork, lines: list[LineWork]) -> list[LineWork]:
    lob = work.claim.line_of_business
    if lob is None or not has_lists(lob.pk):
        return []  # no routing lists at all for the line of business: nothing is required
    by_day: dict[object, list[LineWork]] = defaultdict(list)
    for w in lines:
        by_day[w.day].append(w)
    needing = []
    for day, group in by_day.items():
        answer = prior_auth_requirements(
            line_of_business=lob,
            day=group[0].day,
            lines=[
                ServiceLine(
                    code=w.line.code, modifiers=tuple(w.line.modifiers), place_of_service=w.line.place_of_service
                )
                for w in group
            ],
        )
        if not answer.lists_checked:
            continue  # no routing rules published for the date: nothing is required
        needing += [w for w, a in zip(group, answer.lines, strict=True) if a.outcome in (Outcome.PLAN, Outcome.VENDOR)]
        del day
    return needing


def _used(authorization_line_id: int) -> Decimal:
    total = AuthorizationUnitUse.objects.filter(authorization_line_id=authorization_line_id).aggregate(s=Sum("units"))
    return total["s"] or Decimal(0)


def apply(work: ClaimWork) -> None:
    claim = work.claim
    if claim.replaces_id is not None:
        AuthorizationUnitUse.objects.filter(claim_line__claim_id=claim.replaces_id).delete()
    lines = [w for w in work.open_lines(NAME) if w.line.code]
    if not lines:
        return
    needing = _needing(work, lines)
    if not needing:
        return
    already = set(AuthorizationUnitUse.objects.filter(claim_line__claim=claim).values_list("claim_line_id", flat=True))
    needing = [w for w in needing if w.line.pk not in already]
    if not needing:
        return
    # Locked in id order (a fixed order: two claims never wait on each other).
    candidates = list(
        AuthorizationLine.objects.select_for_update(of=("self",))
        .filter(
            request__member_id=work.member_id,
            request__organization_id=claim.organization_id,
            status__in=APPROVED,
            code__in={w.line.code for w in needing},
        )
        .select_related("request")
        .order_by("id")
    )
    given = claim.prior_authorization_number.strip().upper()
    for w in needing:
        line = w.line
        match = None
        for candidate in candidates:
            start = candidate.decided_start or candidate.start
            end = candidate.decided_end or candidate.end
            if candidate.code.upper() != line.code.upper() or start is None or end is None:
                continue
            if not (start <= w.day and w.last_day <= end):
                continue
            if given and (candidate.request.number or "").upper() != given:
                continue
            approved = Decimal(candidate.decided_units if candidate.decided_units is not None else candidate.units)
            if approved - _used(candidate.pk) >= line.units:
                match = candidate
                break
        if match is not None:
            AuthorizationUnitUse.objects.create(authorization_line=match, claim_line=line, units=line.units)
        elif given:
            w.deny(
                rule=NAME,
                reason="15",
                explanation=gettext_noop(
                    "%(code)s needs prior authorization, and authorization %(number)s has no approved units left for "
                    "it on %(day)s."
                ),
                action=gettext_noop(
                    "Check the authorization number, its dates and units. Send a corrected claim with the right "
                    "number, or ask for more units."
                ),
                code=line.code,
                number=given,
                day=w.day,
            )
        else:
            w.deny(
                rule=NAME,
                reason="197",
                explanation=gettext_noop(
                    "%(code)s needs prior authorization on %(day)s, and no approved authorization covers it."
                ),
                action=gettext_noop(
                    "If you have an approved authorization, send a corrected claim with its number. Otherwise ask "
                    "for a retrospective review if the plan's rules allow it."
                ),
                code=line.code,
                day=w.day,
            )
