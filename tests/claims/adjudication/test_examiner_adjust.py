"""The claims examiner's "adjust": an allowed amount set by hand and a reason from a short list; the write-off
carries the examiner's CARC instead of pricing's CO-45, and the history says what was done in the reader's
language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from portico.accounts.models import StaffRole
from portico.claims.adjudication.examiner import (
    ADJUSTMENT_REASONS,
    claim_line_adjust,
    claim_line_deny,
    claim_line_release,
)
from portico.claims.models import Claim, ClaimEvent, ClaimStatus, EventKind, LineStatus
from portico.common.errors import ValidationFailed
from portico.pricing.models import FeeScheduleRate
from portico.pricing.pricer import pricing_cache_clear
from portico.providers.models import NetworkParticipation
from tests import factories
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


@pytest.fixture
def pended(adjudicated, contracted) -> Claim:
    """Out of network with no schedule for it: the office visit ($125.00) pends at pricing (no member cost share
    out of network in this plan)."""
    NetworkParticipation.objects.update(contracted=False)
    claim = adjudicated(lines=contracted.professional()["lines"][:1])
    assert claim.status == ClaimStatus.PENDED
    return claim


@pytest.fixture
def pended_in_network(submitted, contracted) -> Claim:
    """In network, but the schedule has no rate for 99213 on the day: pended at pricing; the member's copay
    ($15) applies once the line is priced."""
    claim = submitted(lines=contracted.professional()["lines"][:1])
    FeeScheduleRate.objects.filter(code="99213").delete()
    pricing_cache_clear()
    from portico.claims.adjudication.pipeline import claim_adjudicate

    claim_adjudicate(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDED
    return claim


@pytest.fixture
def examiner():
    return factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value])


def _adjust(claim: Claim, examiner, world, **changes):
    args = {
        "claim_id": claim.pk,
        "line_number": 1,
        "allowed": Decimal("70.00"),
        "reason": "59",
        "note": "Second procedure the same day",
        **changes,
    }
    return claim_line_adjust(actor=world.actor(examiner), **args)


def test_adjusting_records_the_write_off_with_the_examiners_carc_instead_of_co_45(pended, contracted, examiner):
    claim = _adjust(pended, examiner, contracted.world)
    line = claim.lines.get(number=1)
    assert (claim.status, line.status, line.allowed, line.paid) == (
        ClaimStatus.FINALIZED, LineStatus.PAID, Decimal("70.00"), Decimal("70.00"),
    )  # fmt: skip
    assert adjust(claim, 1) == [("CO", "59", "55.00")]
    written = line.adjustments.get()
    assert "multiple-procedure rules: $70.00" in written.explanation_text
    assert "corrected claim" in written.provider_action_text
    assert line.charge == line.paid + written.amount


def test_member_cost_share_still_applies_at_the_adjusted_amount(pended_in_network, contracted, examiner):
    claim = _adjust(pended_in_network, examiner, contracted.world, reason="150")
    line = claim.lines.get(number=1)
    # allowed 70, copay 15 → paid 55; the write-off is CO-150, not CO-45.
    assert (line.allowed, line.member_responsibility, line.paid) == (
        Decimal("70.00"), Decimal("15.00"), Decimal("55.00"),
    )  # fmt: skip
    assert adjust(claim, 1) == [("CO", "150", "55.00"), ("PR", "3", "15.00")]


def test_adjusting_to_zero_writes_off_the_whole_charge_with_the_reason(pended, contracted, examiner):
    claim = _adjust(pended, examiner, contracted.world, allowed=Decimal("0.00"), reason="97")
    line = claim.lines.get(number=1)
    assert (line.status, line.allowed, line.paid) == (LineStatus.PAID, Decimal("0.00"), Decimal("0.00"))
    assert adjust(claim, 1) == [("CO", "97", "125.00")]


def test_adjusting_to_the_whole_charge_leaves_nothing_to_write_off(pended, contracted, examiner):
    claim = _adjust(pended, examiner, contracted.world, allowed=Decimal("125.00"), reason="45")
    line = claim.lines.get(number=1)
    assert (line.allowed, line.paid) == (Decimal("125.00"), Decimal("125.00"))
    assert adjust(claim, 1) == []


def test_an_allowed_amount_over_the_charge_is_refused_naming_the_field(pended, contracted, examiner):
    with pytest.raises(ValidationFailed) as caught:
        _adjust(pended, examiner, contracted.world, allowed=Decimal("125.01"))
    assert list(caught.value.errors) == ["allowed"]
    assert "$125.01" in caught.value.errors["allowed"][0]
    assert "$125.00" in caught.value.errors["allowed"][0]
    line = pended.lines.get(number=1)
    assert (line.status, line.allowed) == (LineStatus.PENDED, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "50"}, "reason"),  # a denial reason is not an adjustment reason
        ({"allowed": None}, "allowed"),
        ({"note": "  "}, "note"),
        ({"line_number": 2}, "line"),
    ],
)
def test_a_bad_adjustment_is_refused_naming_the_field_and_nothing_changes(pended, contracted, examiner, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        _adjust(pended, examiner, contracted.world, **changes)
    assert field in caught.value.errors
    line = pended.lines.get(number=1)
    assert (line.status, line.adjustments.count()) == (LineStatus.PENDED, 0)
    assert not ClaimEvent.objects.filter(claim=pended, kind=EventKind.EXAMINER).exists()


def test_a_line_already_decided_cannot_be_adjusted(pended, contracted, examiner):
    _adjust(pended, examiner, contracted.world)
    with pytest.raises(ValidationFailed) as caught:
        _adjust(pended, examiner, contracted.world, reason="45")
    assert "line" in caught.value.errors
    assert adjust(Claim.objects.get(pk=pended.pk), 1) == [("CO", "59", "55.00")]


def test_every_adjustment_reason_explains_itself_and_says_what_to_do():
    assert {"45", "59", "97", "150", "172"} <= set(ADJUSTMENT_REASONS)
    for code, (label, explanation, action) in ADJUSTMENT_REASONS.items():
        assert str(label).startswith(code)
        assert "%(allowed)s" in explanation
        assert action


def test_the_history_keeps_the_note_as_written_and_words_the_decision_when_shown(pended, contracted, examiner):
    _adjust(pended, examiner, contracted.world, note="Billed with 99214 the same day")
    event = ClaimEvent.objects.get(claim=pended, kind=EventKind.EXAMINER)
    assert event.note == "Billed with 99214 the same day"
    assert event.params == {"action": "adjusted", "line": "1", "allowed": "$70.00", "reason": "59"}
    assert event.note_text == (
        "Line 1 adjusted to an allowed amount of $70.00 (CARC 59): Billed with 99214 the same day"
    )


@pytest.mark.parametrize(
    ("decide", "summary"),
    [
        (lambda c, a: claim_line_release(actor=a, claim_id=c.pk, line_number=1, note="n", allowed=Decimal(70)),
         "Line 1 released at an allowed amount of $70.00: n"),
        (lambda c, a: claim_line_deny(actor=a, claim_id=c.pk, line_number=1, reason="50", note="n"),
         "Line 1 denied (CARC 50): n"),
    ],
)  # fmt: skip
def test_release_and_deny_are_worded_on_the_history_too(pended, contracted, examiner, decide, summary):
    decide(pended, contracted.world.actor(examiner))
    assert ClaimEvent.objects.get(claim=pended, kind=EventKind.EXAMINER).note_text == summary


def test_an_event_from_before_the_summaries_were_worded_shows_its_note_as_stored(pended):
    event = ClaimEvent.objects.create(claim=pended, kind=EventKind.EXAMINER, note="Line 1 released: old")
    assert event.note_text == "Line 1 released: old"


def test_the_examiner_page_adjusts_a_line_and_the_provider_sees_why(pended, contracted, examiner, client_a):
    client = Client()
    client.force_login(examiner)
    page = client.get(f"/claims/work/{pended.pk}/").content.decode()
    assert 'value="adjust"' in page
    assert "59 — multiple or concurrent procedure rules" in page
    post = {"line": "1", "action": "adjust", "allowed": "130", "adjust_reason": "59", "note": "Same-day procedures"}
    over = client.post(f"/claims/work/{pended.pk}/", post)
    assert over.status_code == 400
    assert "more than line 1&#x27;s charge, $125.00" in over.content.decode()
    missing = client.post(f"/claims/work/{pended.pk}/", {**post, "allowed": "70", "adjust_reason": ""})
    assert missing.status_code == 400
    assert "Choose an adjustment reason from the list." in missing.content.decode()
    assert 'id="id_adjust_reason" name="adjust_reason" aria-invalid="true"' in missing.content.decode()
    done = client.post(f"/claims/work/{pended.pk}/", {**post, "allowed": "70"})
    assert done.status_code == 302
    history = client.get(f"/claims/work/{pended.pk}/").content.decode()
    assert "Line 1 adjusted to an allowed amount of $70.00 (CARC 59): Same-day procedures" in history
    pended.refresh_from_db()
    detail = client_a.get(f"/claims/{pended.icn}/").content.decode()
    assert "CO-59" in detail
    assert "multiple-procedure rules: $70.00" in detail
    assert "Line 1 adjusted to an allowed amount of $70.00 (CARC 59)" in detail


# ---- read in the reader's language ----------------------------------------------------------------------------


def test_a_pricing_pend_reason_stored_under_english_reads_in_spanish(pended_in_network, contracted, examiner):
    line = pended_in_network.lines.get(number=1)
    # Stored untranslated, with its values: the date as ISO, formatted when shown.
    assert line.pend_reason == "Not priced automatically: %(why)s A claims examiner prices it."
    assert line.pend_params["why"] == "%(schedule)s has no rate for %(code)s on %(day)s."
    assert line.pend_params["day"] == "2026-06-01"
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(examiner)
    page = client.get(f"/claims/work/{pended_in_network.pk}/").content.decode()
    assert "No se calculó el precio automáticamente:" in page
    assert "no tiene tarifa para 99213 el 01/06/2026." in page
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(examiner)
    page = english.get(f"/claims/work/{pended_in_network.pk}/").content.decode()
    assert "has no rate for 99213 on 06/01/2026." in page


def test_a_priced_write_off_stored_under_english_reads_in_spanish_on_the_claim_page(adjudicated, contracted, client_a):
    with translation.override("en"):
        claim = adjudicated(lines=contracted.professional()["lines"][:1])
    written = claim.lines.get(number=1).adjustments.get(reason="45")
    assert written.params["how"] == "Allowed the lesser of the charge and the %(schedule)s rate times the units."
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client_a.get(f"/claims/{claim.icn}/").content.decode()
    assert "El cargo es mayor que el monto permitido, $80.00. Monto permitido: el menor entre el cargo" in page
    with translation.override("es"):
        assert written.explanation_text.startswith("El cargo es mayor que el monto permitido, $80.00.")


def test_the_examiners_summary_is_translated_when_shown_in_the_readers_language(pended, contracted, examiner):
    with translation.override("en"):
        _adjust(pended, examiner, contracted.world, note="nota")
    event = ClaimEvent.objects.get(claim=pended, kind=EventKind.EXAMINER)
    assert "Line" not in event.note  # nothing English stored around the examiner's words
    with translation.override("es"):
        assert event.note_text == "Se ajustó la línea 1 a un monto permitido de $70.00 (CARC 59): nota"
    with translation.override("en"):
        assert event.note_text.startswith("Line 1 adjusted")
