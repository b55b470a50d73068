"""Rule 5 — duplicates, against the lines of the member's other claims that still stand (not drafts, not replaced
or voided, not the claim this one corrects, and not lines already denied).

- Exact duplicate — same provider organization, code, modifiers, date of service, units and charge as a line of
  an earlier claim: denied, CARC 18.
- Suspect duplicate — same code and date of service but another provider or another charge: pended for a claims
  examiner, who compares the two.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import ClaimWork
from portico.claims.models import ClaimLine, ClaimStatus, LineStatus

NAME = "duplicates"
CLOSED = (ClaimStatus.DRAFT, ClaimStatus.REPLACED, ClaimStatus.VOIDED)


def apply(work: ClaimWork) -> None:
    claim = work.claim
    lines = [w for w in work.open_lines(NAME) if w.line.code]
    if not lines:
        return
    others = (
        ClaimLine.objects.filter(
            claim__member_id=work.member_id,
            service_from__in={w.day for w in lines},
            code__in={w.line.code for w in lines},
            claim__pk__lt=claim.pk,  # the earlier claim is the original; the later one is the duplicate
        )
        .exclude(claim__status__in=CLOSED)
        .exclude(claim__frequency="8")
        .exclude(status=LineStatus.DENIED)
        .values_list(
            "claim__icn", "claim__organization_id", "claim_id", "code", "modifiers", "service_from", "units", "charge"
        )
    )
    if claim.replaces_id is not None:
        others = others.exclude(claim_id=claim.replaces_id)
    found = list(others)
    for w in lines:
        line = w.line
        same = [o for o in found if o[3] == line.code and o[5] == w.day]
        exact = next(
            (
                o
                for o in same
                if o[1] == claim.organization_id
                and list(o[4]) == list(line.modifiers)
                and o[6] == line.units
                and o[7] == line.charge
            ),
            None,
        )
        if exact is not None:
            w.deny(
                rule=NAME,
                reason="18",
                explanation=gettext_noop("This line repeats a line of claim %(icn)s: same service, date and charge."),
                action=gettext_noop(
                    "No action if it was sent twice by mistake. If the service really happened twice, send a "
                    "corrected claim with a modifier that says so (such as 76 or 91) and the records."
                ),
                icn=exact[0],
            )
        elif same:
            w.pend(
                rule=NAME,
                reason=gettext_noop(
                    "Possible duplicate of claim %(icn)s (same member, service and date): a claims examiner compares "
                    "the two."
                ),
                icn=same[0][0],
            )
