"""Rule 1 — the member is covered on each line's date of service, in the claim's line of business.

No coverage in that line of business on the date: denied, CARC 27 when the coverage had ended before the date
(or 26 when it starts after), CARC 31 when the member never had coverage in that line of business.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import Batch, ClaimWork
from portico.members.models import Coverage

NAME = "coverage"


def _coverages(batch: Batch) -> dict[tuple[int, int | None], list[Coverage]]:
    """Every coverage of the batch's members, by (member, line of business), oldest first: one query."""
    found: dict[tuple[int, int | None], list[Coverage]] = defaultdict(list)
    for c in Coverage.objects.filter(member_id__in=batch.member_ids).order_by("start", "pk"):
        found[(c.member_id, c.line_of_business_id)].append(c)
    return found


def apply(work: ClaimWork) -> None:
    claim = work.claim
    coverages = work.together.once(NAME, _coverages).get((work.member_id, claim.line_of_business_id), [])
    for w in work.open_lines(NAME):
        day = w.day
        found = next((c for c in coverages if c.start <= day and (c.end is None or day <= c.end)), None)
        if found is not None:
            w.coverage = found
            continue
        ended = [c for c in coverages if c.end is not None and c.end < day]
        if ended:
            w.deny(
                rule=NAME,
                reason="27",
                explanation=gettext_noop("The member's coverage ended on %(end)s, before the date of service %(day)s."),
                action=gettext_noop(
                    "Check the member's eligibility for %(day)s. If they have other coverage, bill it; if our "
                    "records are wrong, send a corrected claim once the coverage is fixed."
                ),
                end=ended[-1].end,
                day=day,
            )
        elif coverages:
            w.deny(
                rule=NAME,
                reason="26",
                explanation=gettext_noop(
                    "The member's coverage starts on %(start)s, after the date of service %(day)s."
                ),
                action=gettext_noop(
                    "Check the member's eligibility for %(day)s and bill the payer covering that date."
                ),
                start=coverages[0].start,
                day=day,
            )
        else:
            w.deny(
                rule=NAME,
                reason="31",
                explanation=gettext_noop(
                    "The member has no coverage with us in this line of business on the date of service %(day)s."
                ),
                action=gettext_noop(
                    "Check the member's eligibility and the member ID on the claim; bill the payer that covers them."
                ),
                day=day,
            )
