"""An adjudicated claim read over the API: every line with what was allowed and paid, every adjustment with its
codes and its explanation filled in, in the reader's language — the same through the list and the detail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from portico.claims.adjudication.pipeline import claim_adjudicate
from portico.claims.services import claim_void
from tests.claims.support import api

pytestmark = pytest.mark.django_db


def test_the_list_and_the_detail_show_each_lines_adjustments_explained(adjudicated, contracted, token_a):
    with translation.override("en"):
        claim = adjudicated()
    detail = api(Client(), token_a, "get", f"/api/v1/claims/{claim.icn}").json()
    listed = api(Client(), token_a, "get", "/api/v1/claims").json()["results"]
    assert [r["icn"] for r in listed] == [claim.icn]
    assert listed[0]["lines"] == detail["lines"]
    first, second = detail["lines"]
    assert (first["number"], first["code"], first["status"]) == (1, "99213", "paid")
    assert (Decimal(first["allowed"]), Decimal(first["paid"])) == (Decimal("80.00"), Decimal("65.00"))
    assert [(a["group"], a["reason"], a["amount"]) for a in first["adjustments"]] == [
        ("CO", "45", "45.00"),
        ("PR", "3", "15.00"),
    ]
    write_off = first["adjustments"][0]
    assert write_off["explanation"].startswith("The charge is more than the allowed amount, $80.00.")
    assert "%(" not in write_off["explanation"] + write_off["provider_action"]
    assert (second["number"], Decimal(second["allowed"])) == (2, Decimal(20))
    assert (second["adjustments"][0]["group"], second["adjustments"][0]["reason"]) == ("CO", "45")


def test_the_adjustments_read_in_spanish_when_asked(adjudicated, contracted, token_a):
    with translation.override("en"):
        claim = adjudicated(lines=contracted.professional()["lines"][:1])
    spanish = api(Client(), token_a, "get", "/api/v1/claims", HTTP_ACCEPT_LANGUAGE="es").json()["results"][0]
    assert spanish["icn"] == claim.icn
    write_off = spanish["lines"][0]["adjustments"][0]
    assert write_off["explanation"].startswith("El cargo es mayor que el monto permitido, $80.00.")


def test_a_recorded_void_says_what_happens_next_and_shows_its_lines_as_cancelled(
    adjudicated, contracted, token_a, client_a
):
    claim = adjudicated()
    void = claim_void(actor=contracted.actor(), icn=claim.icn, idempotency_key="void-1").claim
    claim_adjudicate(claim_id=void.pk)
    read = api(Client(), token_a, "get", f"/api/v1/claims/{void.icn}").json()
    assert (read["frequency"], read["status"], read["replaces"]) == ("8", "finalized", claim.icn)
    assert read["next_step"].startswith("The void is recorded and the claim it cancels is closed.")
    page = client_a.get(f"/claims/{void.icn}/").content.decode()
    assert "The void is recorded and the claim it cancels is closed." in page
    assert "Cancelled by this void" in page
    assert "Not yet adjudicated" not in page
    original = client_a.get(f"/claims/{claim.icn}/").content.decode()
    assert "Cancelled by a void. Any payment made on it is recovered on a later remittance." in original
