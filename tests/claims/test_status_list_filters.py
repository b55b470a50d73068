"""The claim status list at scale: filters written so an index finds them, and a count that stops at COUNT_CAP
(the list says "more than" and pages on). Page and API alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from portico.claims import queries, views
from portico.claims.models import Claim
from portico.claims.services import claim_draft_save, claim_submit
from portico.common.bulk import custom_plans
from tests.claims.support import ClaimsWorld, api

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(claims: ClaimsWorld) -> Client:
    client = Client()
    client.force_login(claims.world.user_a)
    return client


def submitted(claims: ClaimsWorld, account: str, first: dt.date, last: dt.date | None = None) -> Claim:
    claim = claim_submit(actor=claims.actor(), data=claims.professional(patient_account_number=account)).claim
    Claim.objects.filter(pk=claim.pk).update(first_service_date=first, last_service_date=last or first)
    return claim


def test_a_stay_that_began_before_the_dates_of_service_is_found(client_a: Client, claims: ClaimsWorld) -> None:
    stay = submitted(claims, "STAY", dt.date(2026, 5, 1), dt.date(2026, 5, 20))
    visit = submitted(claims, "VISIT", dt.date(2026, 6, 1))
    earlier = submitted(claims, "EARLIER", dt.date(2026, 4, 1))

    body = client_a.get("/claims/?service_from=2026-05-10&service_to=2026-05-31").content.decode()
    assert stay.icn in body
    assert visit.icn not in body
    assert earlier.icn not in body
    body = client_a.get("/claims/?service_from=2026-05-21&service_to=2026-06-01").content.decode()
    assert visit.icn in body
    assert stay.icn not in body
    body = client_a.get("/claims/?service_from=2026-03-01&service_to=2026-05-01").content.decode()
    assert stay.icn in body
    assert earlier.icn in body
    assert visit.icn not in body
    assert "2 claims" in body


def test_received_dates_are_days_in_the_plans_time_zone(client_a: Client, claims: ClaimsWorld) -> None:
    late = submitted(claims, "LATE", dt.date(2026, 6, 1))
    evening = timezone.make_aware(dt.datetime(2026, 6, 1, 23, 30))
    Claim.objects.filter(pk=late.pk).update(submitted_at=evening)

    assert late.icn in client_a.get("/claims/?received_from=2026-06-01&received_to=2026-06-01").content.decode()
    assert late.icn not in client_a.get("/claims/?received_from=2026-06-02").content.decode()
    assert late.icn not in client_a.get("/claims/?received_to=2026-05-31").content.decode()


def test_a_draft_is_found_by_the_member_id_typed(client_a: Client, claims: ClaimsWorld) -> None:
    data = claims.professional(member_id="ZZ0000001", patient_account_number="DRAFT-1")
    draft = claim_draft_save(actor=claims.actor(), data=data, claim_id=None, idempotency_key="d-1", uploads=[])
    sent = submitted(claims, "SENT", dt.date(2026, 6, 1))

    body = client_a.get("/claims/?member_id=ZZ0000001").content.decode()
    assert f"/claims/drafts/{draft.pk}/" in body
    assert sent.icn not in body
    body = client_a.get(f"/claims/?member_id={claims.world.member_a.member_number}").content.decode()
    assert sent.icn in body
    assert f"/claims/drafts/{draft.pk}/" not in body


def test_more_claims_than_are_counted(client_a: Client, claims: ClaimsWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    oldest, middle, newest = (submitted(claims, f"A-{n}", dt.date(2026, 6, 1)) for n in range(3))

    first = client_a.get("/claims/").content.decode()
    assert "More than 2 claims" in first
    assert newest.icn in first
    assert middle.icn not in first
    assert "Page 1<" in first
    assert "page=2" in first
    third = client_a.get("/claims/?page=3").content.decode()
    assert oldest.icn in third
    assert "Page 3<" in third
    assert "page=2" in third
    # Under the cap, the count is exact and the pages are numbered "of" the total.
    one = client_a.get("/claims/?patient_account_number=A-1").content.decode()
    assert "1 claim" in one
    assert "More than" not in one


def test_the_api_says_when_the_total_is_not_exact(
    claims: ClaimsWorld, token_a: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    for n in range(3):
        submitted(claims, f"B-{n}", dt.date(2026, 6, 1))

    listed = api(Client(), token_a, "get", "/api/v1/claims", {"limit": 2, "offset": 2}).json()
    assert (listed["total"], listed["total_exact"]) == (2, False)
    assert [c["patient_account_number"] for c in listed["results"]] == ["B-0"]
    one = api(Client(), token_a, "get", "/api/v1/claims", {"patient_account_number": "B-1"}).json()
    assert (one["total"], one["total_exact"]) == (1, True)
    assert [line["number"] for line in one["results"][0]["lines"]] == [1, 2]


def test_the_list_is_planned_for_the_values_asked_on_postgresql() -> None:
    def mode() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return str(cursor.fetchone()[0])

    with custom_plans():
        inside = mode() if connection.vendor == "postgresql" else "n/a"
    if connection.vendor == "postgresql":
        assert inside == "force_custom_plan"
        assert mode() == "auto"  # the eligibility lookup keeps its generic plan
