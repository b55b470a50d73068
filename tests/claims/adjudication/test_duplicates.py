from __future__ import annotations

import pytest

from portico.claims.models import ClaimStatus, LineStatus
from tests.claims.adjudication.conftest import adjust

pytestmark = pytest.mark.django_db


def test_the_same_lines_sent_again_are_exact_duplicates_denied_with_carc_18(adjudicated):
    first = adjudicated()
    again = adjudicated()
    assert adjust(again, 1) == [("CO", "18", "125.00")]
    assert first.icn in again.lines.get(number=1).adjustments.get().explanation_text
    assert first.lines.get(number=1).status == LineStatus.PAID


def test_the_same_service_at_another_charge_is_pended_as_a_suspect_duplicate(adjudicated, contracted):
    adjudicated()
    lines = contracted.professional()["lines"]
    lines[0]["charge"] = "130.00"
    again = adjudicated(lines=lines[:1])
    line = again.lines.get(number=1)
    assert (again.status, line.status, line.pend_rule) == (ClaimStatus.PENDED, LineStatus.PENDED, "duplicates")
    assert "Possible duplicate" in line.pend_reason_text


def test_a_corrected_claim_is_not_a_duplicate_of_the_claim_it_corrects(adjudicated):
    first = adjudicated()
    corrected = adjudicated(frequency="7", replaces=first.icn)
    assert corrected.lines.get(number=1).status == LineStatus.PAID
