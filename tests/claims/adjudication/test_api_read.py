"""An adjudicated claim read over the API: every line with what was allowed and paid, every adjustment with its
codes and its explanation filled in, in the reader's language — the same through the list and the detail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

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
