"""/fee-schedules/ and /api/v1/fee-schedules: public schedules for anyone, a contracted one only for its
organization ("not found" for any other), the rates, the CSV download and the rate lookup with bad input named."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import ProviderRole, StaffRole
from portico.accounts.services import api_token_create
from portico.pricing.demo import fee_schedules_demo_load
from portico.pricing.models import NetworkStatus, PricingMethod
from portico.pricing.services import fee_schedule_version_create, fee_schedule_version_publish
from tests import factories
from tests.conftest import World
from tests.pricing.support import d, flat_version, mpfs_load, schedule

pytestmark = pytest.mark.django_db

PUBLIC_URL = "/fee-schedules/non-contracted-behavioral-health/"


@pytest.fixture
def schedules(world: World) -> dict[str, Any]:
    """The demo's public schedule; A's contracted MPFS-derived schedule; B's contracted flat schedule."""
    fee_schedules_demo_load()
    release = mpfs_load("90834", "71046")
    mine = schedule(
        "alder-contract", name="Alder contracted schedule", network_status=NetworkStatus.IN, organization=world.org_a,
        method=PricingMethod.MPFS, locality_mac="02302", locality="01",
    )  # fmt: skip
    version = fee_schedule_version_create(
        schedule=mine, effective_start=d(2025, 1, 1), mpfs_release=release, gpci_year=2025, percentage=Decimal("110")
    )
    fee_schedule_version_publish(version=version)
    theirs = schedule("birch-contract", name="Birch contracted schedule", network_status=NetworkStatus.IN,
                      organization=world.org_b)  # fmt: skip
    flat_version(theirs, d(2025, 1, 1), {"90834": "123.45"})
    return {"mine": mine, "theirs": theirs}


def test_a_stranger_sees_the_public_schedule_and_no_contracted_one(schedules, client):
    body = client.get("/fee-schedules/").content.decode()
    assert "Non-contracted Behavioral Health Fee Schedule" in body
    assert "Alder contracted schedule" not in body
    assert "Birch contracted schedule" not in body
    page = client.get(PUBLIC_URL + "?date=2025-06-01&q=9083")
    assert page.status_code == 200
    text = page.content.decode()
    assert "90834" in text
    assert "$93.47" in text
    assert "H0004" not in text  # the search kept only codes starting 9083


def test_an_organization_sees_its_own_contracted_schedule_and_never_another(schedules, client_a):
    body = client_a.get("/fee-schedules/").content.decode()
    assert "Alder contracted schedule" in body
    assert "Birch contracted schedule" not in body
    for url in (
        "/fee-schedules/birch-contract/",
        "/fee-schedules/birch-contract/rates.csv?date=2025-06-01",
        "/fee-schedules/birch-contract/rate/?code=90834&date=2025-06-01",
        "/fee-schedules/no-such-schedule/",
    ):
        response = client_a.get(url)
        assert response.status_code == 404, url
        assert b"123.45" not in response.content


def test_the_not_found_answer_is_the_same_for_another_organizations_schedule_and_a_missing_one(schedules, client_a):
    def body(url: str) -> str:
        text = client_a.get(url).content.decode().replace(url, "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert body("/fee-schedules/birch-contract/") == body("/fee-schedules/birch-contrac0/")


def test_plan_staff_see_every_schedule(schedules):
    staff = factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value])
    client = Client()
    client.force_login(staff)
    body = client.get("/fee-schedules/").content.decode()
    assert "Alder contracted schedule" in body
    assert "Birch contracted schedule" in body


def test_the_schedule_page_shows_the_version_in_force_on_the_date(schedules, client):
    assert "$90.75" in client.get(PUBLIC_URL + "?date=2025-05-31&q=90834").content.decode()
    assert "$93.47" in client.get(PUBLIC_URL + "?date=2025-06-01&q=90834").content.decode()
    before = client.get(PUBLIC_URL + "?date=2024-06-30").content.decode()
    assert "No version of this schedule applies to that date of service." in before


def test_a_bad_date_on_the_schedule_page_is_named(schedules, client):
    response = client.get(PUBLIC_URL + "?date=June+1")
    assert response.status_code == 400
    assert "The date of service must be a date like 2025-06-01." in response.content.decode()


def test_the_csv_download_holds_every_rate_of_the_version(schedules, client):
    response = client.get(PUBLIC_URL + "rates.csv?date=2025-06-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "non-contracted-behavioral-health-v2.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Code,Modifier,Description,Rate,Version,In force from,In force through"
    assert '90834,,"Psychotherapy, 45 minutes",93.47,2,2025-06-01,' in lines
    assert len(lines) == 1 + 15
    assert client.get(PUBLIC_URL + "rates.csv?date=2020-01-01").status_code == 400


def test_the_mpfs_schedule_page_and_csv_give_non_facility_and_facility_rates(schedules, client_a):
    page = client_a.get("/fee-schedules/alder-contract/?date=2025-06-01").content.decode()
    assert "110.00% of the Medicare physician fee schedule" in page
    assert "CLACKAMAS, MULTNOMAH AND WASHINGTON" in page
    assert "$117.79" in page
    assert "$101.70" in page
    rows = client_a.get("/fee-schedules/alder-contract/rates.csv?date=2025-06-01").content.decode("utf-8-sig")
    assert "90834,,,117.79,101.70,1,2025-01-01," in rows.splitlines()
    assert "71046,26,,11.31,11.31,1,2025-01-01," in rows.splitlines()


def test_the_rate_lookup_answers_with_the_rate_and_how_it_was_derived(schedules, client_a):
    page = client_a.get("/fee-schedules/alder-contract/rate/?code=90834&date=2025-06-01&place_of_service=22")
    text = page.content.decode()
    assert page.status_code == 200
    assert "$101.70 per unit" in text
    assert "Practice expense (facility)" in text
    assert "32.3465" in text
    assert "1.103" in text
    flat = client_a.get(PUBLIC_URL + "rate/?code=h0004&date=2025-06-01").content.decode()
    assert "$22.45 per unit" in flat
    none = client_a.get(PUBLIC_URL + "rate/?code=99213&date=2025-06-01").content.decode()
    assert "has no rate for 99213 on 06/01/2025" in none


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("code=9083&date=2025-06-01", "code", "Enter a 5-character CPT or HCPCS code"),
        ("code=90834&modifier=HOX&date=2025-06-01", "modifier", "A modifier is 2 letters or digits"),
        ("code=90834&date=2025-13-01", "date", "The date of service must be a date like 2025-06-01."),
        ("code=90834&date=1999-12-31", "date", "between 2000-01-01 and 2099-12-31"),
        ("code=90834&date=2025-06-01&place_of_service=office", "place_of_service", "A place of service is 2 digits"),
    ],
)
def test_bad_input_on_the_rate_lookup_is_named_next_to_its_field(schedules, client, query, field, message):
    response = client.get(PUBLIC_URL + "rate/?" + query)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'href="#id_{field}"' in text
    assert f'id="id_{field}"' in text


# ---- the JSON API ------------------------------------------------------------------------------------------------


@pytest.fixture
def token_a(world: World) -> str:
    world.membership_a.roles = [ProviderRole.CLAIMS.value]
    world.membership_a.save()
    return api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="pricing")[1]


def api(client: Client, token: str, path: str) -> Any:
    return client.get(f"/api/v1/fee-schedules{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_lists_the_public_schedules_and_the_tokens_organizations_own(schedules, client, token_a):
    response = api(client, token_a, "")
    assert response.status_code == 200
    found = {row["slug"]: row for row in response.json()}
    assert set(found) == {"non-contracted-behavioral-health", "standard-contracted", "alder-contract"}
    assert found["alder-contract"]["contracted"] is True
    assert [v["effective_start"] for v in found["non-contracted-behavioral-health"]["versions"]] == [
        "2025-06-01",
        "2024-07-01",
    ]


def test_the_api_rate_explains_an_mpfs_rate(schedules, client, token_a):
    body = api(client, token_a, "/rate?schedule=alder-contract&code=71046&modifier=26&date=2025-06-01").json()
    assert body["found"] is True
    assert body["rate"] == "11.31"
    assert body["derivation"]["work_rvu"] == "0.22"
    assert body["derivation"]["conversion_factor"] == "32.3465"
    assert body["place_of_service"] == "11"


def test_the_api_answers_not_found_for_another_organizations_schedule(schedules, client, token_a):
    response = api(client, token_a, "/rate?schedule=birch-contract&code=90834&date=2025-06-01")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "123.45" not in response.content.decode()


def test_the_api_names_a_bad_field(schedules, client, token_a):
    response = api(client, token_a, "/rate?schedule=non-contracted-behavioral-health&code=90834&date=tomorrow")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["date"]
    missing = api(client, token_a, "/rate?schedule=non-contracted-behavioral-health&date=2025-06-01")
    assert missing.status_code == 422
    assert "code" in missing.json()["errors"]


def test_the_api_says_when_there_is_no_rate(schedules, client, token_a):
    body = api(client, token_a, "/rate?schedule=non-contracted-behavioral-health&code=99213&date=2025-06-01").json()
    assert body["found"] is False
    assert body["rate"] is None
    assert "99213" in body["reason"]


def test_the_pdf_download_prints_every_rate_of_the_version(schedules, client_a):
    response = client_a.get(PUBLIC_URL + "rates.pdf?date=2025-06-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "non-contracted-behavioral-health-v2.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Non-contracted Behavioral Health Fee Schedule" in text
    assert "$93.47" in text
    mpfs = client_a.get("/fee-schedules/alder-contract/rates.pdf?date=2025-06-01")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(mpfs.content)).pages)
    assert "$117.79" in text
    assert "$101.70" in text
    assert "32.3465" in text
    assert client_a.get("/fee-schedules/birch-contract/rates.pdf?date=2025-06-01").status_code == 404
