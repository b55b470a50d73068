"""POST/GET /api/v1/claims: the acknowledgment (ICN, received date), idempotency, 422 naming the field, corrected
claims and voids, filters, and another organization's claim answering 404."""

from __future__ import annotations

import pytest
from django.test import Client

from portico.claims.models import Claim, ClaimStatus
from tests.claims.support import ClaimsWorld, api

pytestmark = pytest.mark.django_db


def test_submit_answers_with_the_icn_and_the_date_received(claims: ClaimsWorld, token_a: str) -> None:
    client = Client()
    response = api(client, token_a, "post", "/api/v1/claims", claims.professional(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get()
    assert body["icn"] == claim.icn
    assert body["received_at"]
    assert body["status"] == "received"
    assert "adjudication" in body["next_step"]
    assert body["total_charge"] == "160.00"
    assert [line["status"] for line in body["lines"]] == ["pending", "pending"]
    again = api(client, token_a, "post", "/api/v1/claims", claims.professional(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200
    assert again.json()["icn"] == claim.icn
    assert Claim.objects.count() == 1


def test_a_bad_field_answers_422_naming_it(claims: ClaimsWorld, token_a: str) -> None:
    data = claims.professional()
    data["lines"][1]["modifiers"] = ["25", "59", "ZZ"]
    response = api(Client(), token_a, "post", "/api/v1/claims", data)
    assert response.status_code == 422
    assert response.json()["errors"]["lines.1.modifiers"] == ["Line 2, modifier 3: ZZ is not a code in Modifier."]
    assert Claim.objects.count() == 0
    schema = api(Client(), token_a, "post", "/api/v1/claims", {**claims.professional(), "lines": [{"charge": "x"}]})
    assert schema.status_code == 422
    assert Claim.objects.count() == 0


def test_corrected_and_void_through_the_api(claims: ClaimsWorld, token_a: str) -> None:
    client = Client()
    icn = api(client, token_a, "post", "/api/v1/claims", claims.professional()).json()["icn"]
    corrected = api(client, token_a, "post", "/api/v1/claims", claims.professional(frequency="7", replaces=icn))
    assert corrected.status_code == 201, corrected.json()
    assert corrected.json()["replaces"] == icn
    void = api(client, token_a, "post", "/api/v1/claims", {"frequency": "8", "replaces": corrected.json()["icn"]})
    assert void.status_code == 201, void.json()
    assert void.json()["frequency"] == "8"
    original = api(client, token_a, "get", f"/api/v1/claims/{icn}").json()
    assert original["status"] == ClaimStatus.REPLACED
    assert [e["kind"] for e in original["events"]][-1] == "corrected_by"
    refused = api(client, token_a, "post", "/api/v1/claims", {"frequency": "8", "replaces": icn})
    assert refused.status_code == 422
    assert "replaces" in refused.json()["errors"]


def test_list_filters(claims: ClaimsWorld, token_a: str) -> None:
    client = Client()
    first = api(client, token_a, "post", "/api/v1/claims", claims.professional()).json()["icn"]
    second = api(client, token_a, "post", "/api/v1/claims", claims.professional(patient_account_number="B-2")).json()[
        "icn"
    ]
    listed = api(client, token_a, "get", "/api/v1/claims").json()
    assert listed["total"] == 2
    assert {r["icn"] for r in listed["results"]} == {first, second}
    assert [r["icn"] for r in api(client, token_a, "get", "/api/v1/claims", {"patient_account_number": "B-2"}).json()[
        "results"
    ]] == [second]  # fmt: skip
    assert api(client, token_a, "get", "/api/v1/claims", {"amount_min": "1000"}).json()["total"] == 0
    assert api(client, token_a, "get", "/api/v1/claims", {"status": "nonsense"}).status_code == 422


def test_another_organizations_claim_is_404(claims: ClaimsWorld, token_a: str, token_b: str) -> None:
    client = Client()
    icn = api(client, token_a, "post", "/api/v1/claims", claims.professional()).json()["icn"]
    assert api(client, token_b, "get", f"/api/v1/claims/{icn}").status_code == 404
    assert api(client, token_b, "get", "/api/v1/claims/0000000000000").status_code == 404
    assert api(client, token_b, "get", "/api/v1/claims").json()["total"] == 0
    void = api(client, token_b, "post", "/api/v1/claims", {"frequency": "8", "replaces": icn})
    assert void.status_code == 422
    assert Claim.objects.get().status == ClaimStatus.RECEIVED
