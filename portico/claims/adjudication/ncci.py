"""Rule 7 — NCCI edits (CMS's National Correct Coding Initiative, practitioner tables loaded with
``portico codes ncci-ptp`` and ``portico codes mue``), on professional claims, among the lines of the claim:
same member, same billing organization, same date of service (``service_from``). Lines on the member's other
claims are not looked at (the rule reads the edits once per claim and nothing else; docs/decisions.md). When
a claims examiner releases a pended line, the claim's other standing lines count as billed with it.

- Procedure-to-procedure (PTP): when the column 1 and column 2 codes of an edit in force on the date (effective
  date ≤ date of service ≤ deletion date) are both billed on that date, the column 2 line is denied, CARC 236 —
  unless the edit's modifier indicator is 1 and the column 2 line or a column 1 line carries an NCCI-associated
  modifier. Indicator 0 is never bypassed; indicator 9 is not applied.
- Medically unlikely edits (MUE), on the lines still open after PTP: adjudication indicator 1 (per line) denies
  a line whose units exceed the MUE; indicators 2 and 3 (per date of service) add the units of the code on the
  date and, if the total exceeds the MUE, deny every line of that code on that date. CMS denies the whole line
  (not only the units above the MUE), and so does this rule: CARC 151, RARC N362.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import Batch, ClaimWork, LineWork
from portico.claims.models import ClaimKind, ClaimLine, LineStatus
from portico.codes.models import MueIndicator
from portico.codes.ncci import PtpPair, mue_for, ptp_pairs

NAME = "ncci"

# NCCI Policy Manual, chapter I: the modifiers that may bypass a PTP edit whose modifier indicator is 1.
ANATOMIC = frozenset(
    ["E1", "E2", "E3", "E4", "FA", *(f"F{n}" for n in range(1, 10)), "TA", *(f"T{n}" for n in range(1, 10)),
     "LT", "RT", "LC", "LD", "LM", "RC", "RI"]
)  # fmt: skip
GLOBAL_SURGERY = frozenset(["24", "25", "57", "58", "78", "79"])
OTHER = frozenset(["27", "59", "91", "XE", "XP", "XS", "XU"])
NCCI_MODIFIERS = ANATOMIC | GLOBAL_SURGERY | OTHER


def _has_ncci_modifier(w: LineWork) -> bool:
    return any(str(m).upper() in NCCI_MODIFIERS for m in w.line.modifiers)


def _by_day(lines: list[LineWork]) -> dict[dt.date, list[LineWork]]:
    days: dict[dt.date, list[LineWork]] = {}
    for w in lines:
        days.setdefault(w.day, []).append(w)
    return days


def apply(work: ClaimWork) -> None:
    if work.claim.kind != ClaimKind.PROFESSIONAL:
        return  # the practitioner tables; the outpatient-hospital tables are not loaded (docs/decisions.md)
    lines = [w for w in work.open_lines(NAME) if w.line.code]
    if not lines:
        return
    mates = _decided_mates(work)
    standing = {id(w) for w in mates}
    pairs = _pairs(work, lines + mates)
    for day, on_day in sorted(_by_day(lines + mates).items()):
        if pairs:
            _procedure_to_procedure(on_day, [p for p in pairs if p.applies_on(day)], day)
        _units(day, [w for w in on_day if w.open or id(w) in standing])


def _decided_mates(work: ClaimWork) -> list[LineWork]:
    """On an examiner's release only the released line is run again: the claim's other lines that stand (paid or
    pended, not denied) are then counted as billed — as column 1 codes and in the units of the day — but never
    decided again. One query, on that path only."""
    if not work.skip or work.claim.pk is None:
        return []
    running = {w.line.pk for w in work.lines}
    rows = (
        ClaimLine.objects.filter(claim_id=work.claim.pk)
        .exclude(pk__in=running)
        .exclude(status=LineStatus.DENIED)
        .exclude(code="")
        .exclude(service_from__isnull=True)
    )
    return [LineWork(line=row, status=LineStatus.PAID) for row in rows]  # standing: not to be decided here


def _pairs(work: ClaimWork, lines: list[LineWork]) -> list[PtpPair]:
    """The PTP edits among the claim's codes: one query for a whole batch of claims, else one per claim at most
    (none when the same codes were asked recently: ``portico.codes.ncci`` keeps them in memory)."""
    codes = {w.line.code.upper() for w in lines}
    if len(codes) < 2:
        return []
    batch = work.batch
    if batch is None or len(batch.works) < 2:
        return ptp_pairs(codes=codes)
    known, every = batch.once("ncci.ptp", _batch_pairs)
    if not codes <= known:  # lines that are not the batch's (an examiner's release counts the claim's others)
        return ptp_pairs(codes=codes)
    return [p for p in every if p.column1 in codes and p.column2 in codes]


def _batch_pairs(batch: Batch) -> tuple[set[str], list[PtpPair]]:
    codes = {
        w.line.code.upper()
        for work in batch.works
        if work.claim.kind == ClaimKind.PROFESSIONAL
        for w in work.lines
        if w.line.code
    }
    return codes, ptp_pairs(codes=codes)


def _procedure_to_procedure(on_day: list[LineWork], pairs: list[PtpPair], day: dt.date) -> None:
    codes = {w.line.code.upper() for w in on_day}
    for pair in sorted(pairs, key=lambda p: (p.column1, p.column2)):
        if pair.column1 == pair.column2 or pair.column1 not in codes or pair.column2 not in codes:
            continue
        firsts = [w for w in on_day if w.line.code.upper() == pair.column1]
        bypass = pair.modifier_allowed and any(_has_ncci_modifier(w) for w in firsts)
        for w in on_day:
            if not w.open or w.line.code.upper() != pair.column2:
                continue
            if pair.modifier_allowed and (bypass or _has_ncci_modifier(w)):
                continue
            w.deny(
                rule=NAME,
                reason="236",
                explanation=gettext_noop(
                    "Code %(column2)s is not paid with code %(column1)s (line %(line)s) on the same date of "
                    "service, %(day)s: a National Correct Coding Initiative edit (%(rationale)s)."
                ),
                action=(
                    gettext_noop(
                        "If the two services were distinct (another session, site, organ or lesion, or a separate "
                        "encounter), send a corrected claim with the modifier that says so (such as XE, XS, XP, "
                        "XU, 59 or an anatomic modifier) and keep the records that show it."
                    )
                    if pair.modifier_allowed
                    else gettext_noop(
                        "These two codes are never paid together for the same date, even with a modifier. If a "
                        "code was billed in error, send a corrected claim."
                    )
                ),
                column1=pair.column1,
                column2=pair.column2,
                line=firsts[0].line.number,
                day=day,
                rationale=pair.rationale or "-",
            )


def _units(day: dt.date, on_day: list[LineWork]) -> None:
    if not on_day:
        return
    edits = mue_for(codes={w.line.code for w in on_day}, on=day)
    by_code: dict[str, list[LineWork]] = {}
    for w in on_day:
        if w.line.code in edits:
            by_code.setdefault(w.line.code, []).append(w)
    for code, group in sorted(by_code.items()):
        edit = edits[code]
        if edit.indicator == MueIndicator.LINE:
            for w in group:
                if w.open and w.line.units > edit.units:
                    w.deny(
                        rule=NAME,
                        reason="151",
                        remark="N362",
                        explanation=gettext_noop(
                            "%(units)s units of %(code)s on one line are more than the %(mue)s a provider would "
                            "report for one patient on a line (a medically unlikely edit): the line is denied."
                        ),
                        action=gettext_noop(
                            "If the units were wrong, send a corrected claim with the right units. If they were "
                            "medically necessary, appeal with the records that show it."
                        ),
                        units=_plain(w.line.units),
                        code=code,
                        mue=edit.units,
                    )
            continue
        total = sum((w.line.units for w in group), Decimal(0))
        if total <= edit.units:
            continue
        policy = edit.indicator == MueIndicator.DATE_POLICY
        for w in (w for w in group if w.open):
            w.deny(
                rule=NAME,
                reason="151",
                remark="N362",
                explanation=gettext_noop(
                    "%(total)s units of %(code)s on %(day)s on this claim are more than the %(mue)s payable for one "
                    "patient on one date of service (a medically unlikely edit): every line of the code on that "
                    "date is denied."
                ),
                action=(
                    gettext_noop(
                        "If the units were wrong, send a corrected claim with the right units. This limit is set "
                        "by coding policy: an appeal does not raise it."
                    )
                    if policy
                    else gettext_noop(
                        "If the units were wrong, send a corrected claim with the right units. If they were "
                        "medically necessary, appeal with the records that show it."
                    )
                ),
                total=_plain(total),
                code=code,
                day=day,
                mue=edit.units,
            )


def _plain(units: Decimal) -> str:
    """Units as people write them: 3, not 3.000; 1.5 stays 1.5."""
    return f"{units.normalize():f}"
