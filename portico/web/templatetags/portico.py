"""Template filters and tags shared by every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from portico.accounts.models import ProviderRole
from portico.common.money import money_text

register = template.Library()


@register.filter
def money(value: Decimal | int | float | str | None) -> str:
    """$1,234.50 — dollars with cents and thousands separators; empty for None."""
    return money_text(value)


@register.simple_tag(takes_context=True)
def message_about(context: template.Context, kind: str, reference: object, team: str = "", topic: str = "") -> str:
    """The address of a new secure message already linked to this member, request or claim, with the team that
    handles it and the topic chosen — or "" when the person may not write messages for the organization (then
    the page shows no link)."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not membership.has_role(ProviderRole.MESSAGING):
        return ""
    query = {"link_kind": kind, "link": str(reference)}
    if team:
        query["team"] = team
    if topic:
        query["topic"] = topic
    return f"{reverse('threads:new')}?{urlencode(query)}"


@register.simple_tag(takes_context=True)
def remittance_of(context: template.Context, claim: Any) -> Any:
    """The payment that paid this claim, for a link to its remittance — None when there is none yet or the
    person may not read remittances for the organization. The claim was already read through its access check."""
    from portico.payments.queries import payment_for_claim

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not membership.has_role(ProviderRole.PAYMENTS):
        return None
    return payment_for_claim(claim.pk)
