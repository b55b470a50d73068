"""Code search and verify through the pages and the JSON API, and who may load code files."""

from __future__ import annotations

import pytest

from portico.accounts.models import StaffRole
from portico.accounts.services import api_token_create
from tests import factories
from tests.codes.sample_codes import codes  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("codes")]


@pytest.fixture
def token_a(world):  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system")
    return raw


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_search_page_lists_codes_with_their_validity(client_a):
    body = client_a.get("/codes/", {"q": "chest pain", "date": "2026-06-15"}).content.decode()
    assert "R07.9" in body
    assert "Chest pain, unspecified" in body
    assert "Header, not billable" in body  # R07 and R07.8 are shown, marked


def test_search_as_you_type_answers_just_the_results(client_a):
    response = client_a.get("/codes/", {"q": "r07"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<div id="code-results"')
    assert "<html" not in body
    assert "R07.1" in body


def test_a_bad_date_on_the_search_page_names_the_field(client_a):
    body = client_a.get("/codes/", {"q": "r07", "date": "15/06/2026"}).content.decode()
    assert "Date of service: write a date like 2026-05-01." in body


def test_one_codes_page_shows_its_hierarchy(client_a):
    body = client_a.get("/codes/icd10cm/R07/", {"date": "2026-06-15"}).content.decode()
    assert "Pain in throat and chest" in body
    assert "R07.9" in body  # a code under it
    assert client_a.get("/codes/icd10cm/NOPE/").status_code == 404
    assert client_a.get("/codes/klingon/R07/").status_code == 404


def test_the_verify_page_answers_each_pasted_code(client_a):
    response = client_a.post("/codes/verify/", {"codes": "99213-25 J1100 F32.A 0450 R07 M54.5", "date": "2026-06-15"})
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("99213-25", "J1100", "F32.A", "0450"):
        assert text in body
    assert "Header, not billable" in body
    assert "Billable codes under it" in body
    assert "Use M54.50, M54.51, M54.59 instead." in body


def test_verify_without_codes_names_the_field_and_keeps_the_form(client_a):
    response = client_a.post("/codes/verify/", {"codes": "  ", "date": "2026-06-15"})
    assert response.status_code == 422
    assert "Codes: paste at least one code." in response.content.decode()


def test_only_a_plan_administrator_reaches_the_code_loading_page(client_a, world):
    assert client_a.get("/codes/loads/").status_code == 403
    admin = factories.UserFactory(staff_roles=[StaffRole.ADMINISTRATOR.value])
    client_a.force_login(admin)
    assert client_a.get("/codes/loads/").status_code == 200


def test_the_api_searches_like_the_page(client, token_a):
    response = client.get("/api/v1/codes/search", {"q": "pain chest", "date": "2026-06-15"}, **bearer(token_a))
    assert response.status_code == 200
    data = response.json()
    first = data["results"][0]
    assert data["date"] == "2026-06-15"
    assert {"system", "code", "description", "billable", "match", "status", "message"} <= set(first)
    assert "R07.9" in [row["code"] for row in data["results"]]
    assert [row["billable"] for row in data["results"]] == sorted(
        (r["billable"] for r in data["results"]), reverse=True
    )


def test_the_api_search_rejects_a_missing_query_and_an_unknown_system_by_name(client, token_a):
    missing = client.get("/api/v1/codes/search", **bearer(token_a))
    assert missing.status_code == 422
    assert "q" in missing.json()["errors"]
    unknown = client.get("/api/v1/codes/search", {"q": "r07", "system": "klingon"}, **bearer(token_a))
    assert unknown.status_code == 422
    assert "system" in unknown.json()["errors"]


def test_the_api_verifies_a_list_of_codes(client, token_a):
    response = client.post(
        "/api/v1/codes/verify",
        {"codes": ["99213-25", "J1100", "F32.A", "0450", "R07", "ZZ999"], "date": "2026-06-15"},
        content_type="application/json",
        **bearer(token_a),
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["written"], r["status"]) for r in results] == [
        ("99213-25", "valid"),
        ("J1100", "valid"),
        ("F32.A", "valid"),
        ("0450", "valid"),
        ("R07", "not_billable"),
        ("ZZ999", "invalid"),
    ]
    assert results[0]["modifiers"][0]["code"]["code"] == "25"
    assert [child["code"] for child in results[4]["billable_children"]] == ["R07.1", "R07.2", "R07.89", "R07.9"]
    assert results[1]["also_in"][0]["system"] == "icd10cm"


def test_the_api_verify_rejects_an_empty_list_and_a_bad_date_by_name(client, token_a):
    empty = client.post("/api/v1/codes/verify", {"codes": []}, content_type="application/json", **bearer(token_a))
    assert empty.status_code == 422
    assert "codes" in empty.json()["errors"]
    bad_date = client.post(
        "/api/v1/codes/verify", {"codes": "99213", "date": "June 1"}, content_type="application/json", **bearer(token_a)
    )
    assert bad_date.status_code == 422
    assert "date" in bad_date.json()["errors"]


def test_a_plan_administrator_loads_a_file_from_the_page_and_sees_the_counts(client):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portico.codes.models import CodeLoad

    admin = factories.UserFactory(staff_roles=[StaffRole.ADMINISTRATOR.value])
    client.force_login(admin)
    upload = SimpleUploadedFile("cpt-2027.csv", b"code,short_description\n99215,Office visit, high\n")
    bad = client.post("/codes/loads/", {"system": "cpt", "file": upload})
    assert bad.status_code == 422
    assert "Line 2: " in bad.content.decode()
    assert "nothing changed" in bad.content.decode()
    upload = SimpleUploadedFile("cpt-2027.csv", b'code,short_description\n99215,"Office visit, high"\n')
    good = client.post("/codes/loads/", {"system": "cpt", "file": upload})
    assert good.status_code == 200
    assert "cpt-2027.csv loaded" in good.content.decode()
    assert CodeLoad.objects.get(system="cpt").loaded_by == admin


def test_verify_errors_come_back_to_htmx_as_a_form_it_will_show(client_a):  # type: ignore[no-untyped-def]
    response = client_a.post("/codes/verify/", {"codes": "", "date": "someday"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx does not swap 4xx answers
    body = response.content.decode()
    assert "Codes: paste at least one code." in body
    assert "Date of service: write a date like 2026-05-01." in body
