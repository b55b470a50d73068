"""Rule 10 — pricing: ``portico.pricing.pricer.price_line`` at the line's network status (out of network falls
back to the non-contracted schedules) gives allowed = the lesser of the charge and rate times units; the difference
from the charge is a contractual write-off, CO-45. No schedule or no rate: pended for a claims examiner, who may
release it with an allowed amount set by hand, or adjust it (``examiner.py``: the write-off then carries the
examiner's CARC instead of CO-45).

The pricer's reason is stored untranslated with its values inside the write-off's explanation and the pend reason
(``portico.common.texts.embed``), so each reader sees it in their own language.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from portico.claims.adjudication.work import Adjustment, ClaimWork, LineWork
from portico.claims.models import GroupCode
from portico.common.money import money_text
from portico.common.texts import embed
from portico.pricing.models import NetworkStatus
from portico.pricing.pricer import PriceResult, price_line

NAME = "pricing"


def _price(work: ClaimWork, w: LineWork, network_status: str) -> PriceResult:
    line = w.line
    return price_line(
        line_of_business_id=work.claim.line_of_business_id,
        network_status=network_status,
        provider_kind=work.provider_kind,
        organization_id=work.claim.organization_id,
        code=line.code or line.revenue_code,
        modifiers=line.modifiers,
        units=line.units,
        charge=line.charge,
        date_of_service=w.day,
        place_of_service=line.place_of_service,
    )


WRITE_OFF = gettext_noop("The charge is more than the allowed amount, %(allowed)s. %(how)s")
NOT_PRICED = gettext_noop("Not priced automatically: %(why)s A claims examiner prices it.")


def write_off(w: LineWork, *, how: str = "", how_params: dict[str, str] | None = None) -> None:
    """CO-45 for charge - allowed; ``how`` is an untranslated message (the pricer's reason) with its values."""
    assert w.allowed is not None
    params = {"allowed": money_text(w.allowed)}
    w.add(
        Adjustment(
            group=GroupCode.CO,
            reason="45",
            amount=w.line.charge - w.allowed,
            explanation=WRITE_OFF,
            provider_action=gettext_noop("No action needed: the difference is not billed to the member."),
            rule=NAME,
            params=embed("how", how, {**(how_params or {}), **params}) if how else {**params, "how": ""},
        )
    )


def apply(work: ClaimWork) -> None:
    for w in work.open_lines(NAME):
        manual = work.manual_allowed.get(w.line.pk)
        if manual is not None:
            w.allowed = min(manual, w.line.charge)
            write_off(w)
            continue
        network = w.network_status or NetworkStatus.IN
        result = _price(work, w, network)
        if not result.priced and network == NetworkStatus.OUT:
            result = _price(work, w, NetworkStatus.NON_CONTRACTED)
        if not result.priced:
            w.pend(rule=NAME, reason=NOT_PRICED, **embed("why", result.reason_key, result.reason_params))
            continue
        assert result.allowed is not None
        w.allowed = result.allowed
        write_off(w, how=result.reason_key, how_params=result.reason_params)
