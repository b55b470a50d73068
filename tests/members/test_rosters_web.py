"""The PCP roster page, and its CSV and PDF downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import ProviderRole
from portico.common.models import AccessAction, AccessEvent
from portico.members.models import Member
from portico.plans.models import BenefitPlan
from portico.providers.models import Practitioner
from tests import factories
from tests.conftest import World

PAGE = "/rosters/"
CSV = "/rosters/export.csv"
PDF = "/rosters/export.pdf"


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


def _assign(world: World, count: int, **member: object) -> list[Member]:
    plan = BenefitPlan.objects.get(name="North Coast CCO Plan")
    practitioner = Practitioner.objects.get(affiliations__location=world.location_a)
    members = []
    for _ in range(count):
        member_obj = factories.MemberFactory(**member)
        factories.CoverageFactory(member=member_obj, benefit_plan=plan, start=dt.date(2024, 1, 1))
        factories.PcpAssignmentFactory(
            member=member_obj, practitioner=practitioner, location=world.location_a, start=dt.date(2026, 5, 3)
        )
        members.append(member_obj)
    return members


def _pdf_text(content: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), [page.extract_text() for page in reader.pages]


# ---- the page ---------------------------------------------------------------------------------------------


def test_roster_page_shows_the_form_and_reads_nothing_until_asked(world: World, client_a: Client) -> None:
    response = client_a.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="roster-form"' in html
    assert world.location_a.name in html
    assert world.location_b.name not in html
    assert not AccessEvent.objects.exists()


def test_roster_page_lists_the_members_with_eligibility_and_flags(world: World, client_a: Client) -> None:
    [new] = _assign(world, 1, last_name="Newcomer")

    response = client_a.get(PAGE, {"location_id": world.location_a.pk, "as_of": "2026-05-15"})

    assert response.status_code == 200
    html = response.content.decode()
    assert world.member_a.last_name in html
    assert world.member_a.member_number in html
    assert "Newcomer" in html
    assert "New this month" in html
    assert "Eligible" in html
    assert world.member_b.last_name not in html
    assert "<caption>" in html
    assert '<th scope="col" aria-sort="ascending">Name</th>' in html
    assert f"/rosters/export.csv?location_id={world.location_a.pk}&amp;as_of=2026-05-15" in html
    assert '<button type="button" data-print>Print</button>' in html  # portico.js prints
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW).count() == 2
    assert new.pk in AccessEvent.objects.values_list("member_id", flat=True)


def test_member_names_link_to_their_eligibility_on_the_roster_date(world: World, client_a: Client) -> None:
    response = client_a.get(PAGE, {"location_id": world.location_a.pk, "as_of": "2026-04-30"})

    assert f'/members/{world.member_a.pk}/?date=2026-04-30"' in response.content.decode()


def test_practitioner_roster_is_shown_from_the_practitioner_select(world: World, client_a: Client) -> None:
    practitioner = Practitioner.objects.get(affiliations__location=world.location_a)

    response = client_a.get(PAGE, {"practitioner_id": practitioner.pk})

    assert response.status_code == 200
    assert world.member_a.last_name in response.content.decode()
    assert practitioner.display_name in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field_id", "message"),
    [
        ({"as_of": "2001-01-01"}, "roster-as-of", "The as-of date must be between 2025-05-15 and 2026-06-30."),
        ({"as_of": "yesterday"}, "roster-as-of", "Enter the as-of date like 2026-03-31 or 03/31/2026."),
        ({"location_id": ""}, "roster-location", "Choose a service location or a practitioner."),
        ({"location_id": "x1"}, "roster-location", "Choose a service location from the list."),
        ({"sort": "shoe-size"}, "roster-sort", "Choose one of the listed orders."),
    ],
)
def test_bad_input_shows_the_message_next_to_the_field_with_status_400(
    world: World, client_a: Client, params: dict[str, str], field_id: str, message: str
) -> None:
    response = client_a.get(PAGE, {"location_id": world.location_a.pk, **params})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="field-error" id="{field_id}-error">' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert f'href="#{field_id}"' in html
    assert "<title>Error:" in html
    assert world.member_a.last_name not in html
    assert not AccessEvent.objects.exists()


def test_htmx_request_gets_the_results_and_the_form_out_of_band(world: World, client_a: Client) -> None:
    response = client_a.get(PAGE, {"location_id": world.location_a.pk}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert world.member_a.last_name in html
    assert 'id="roster-form"' in html
    assert 'hx-swap-oob="true"' in html
    assert '<p id="roster-status" hx-swap-oob="innerHTML">Showing 1 to 1 of 1 member assigned to' in html


def test_htmx_request_with_bad_input_gets_400_with_field_messages(world: World, client_a: Client) -> None:
    response = client_a.get(PAGE, {"location_id": world.location_a.pk, "as_of": "1999-01-01"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="roster-as-of-error"' in html
    assert "The roster was not shown" in html


def test_full_page_has_live_status_and_lets_htmx_swap_error_answers(world: World, client_a: Client) -> None:
    html = client_a.get(PAGE, {"location_id": world.location_a.pk}).content.decode()

    assert 'id="roster-status" class="visually-hidden" role="status" aria-live="polite"' in html
    assert '<div id="roster-app" data-swap-errors="400 404">' in html  # portico.js swaps them in
    assert 'hx-target="#roster-results"' in html
    assert 'method="get" action="/rosters/"' in html


def test_roster_page_shows_a_hundred_members_a_page(world: World, client_a: Client) -> None:
    _assign(world, 104)

    first = client_a.get(PAGE, {"location_id": world.location_a.pk})
    second = client_a.get(PAGE, {"location_id": world.location_a.pk, "page": "2"})

    assert first.content.decode().count('<th scope="row">') == 100
    assert "Page 1 of 2" in first.content.decode()
    assert second.content.decode().count('<th scope="row">') == 5
    assert 'rel="prev"' in second.content.decode()
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW).count() == 105


def test_filters_and_sort_are_applied_on_the_page(world: World, client_a: Client) -> None:
    _assign(world, 2, last_name="Newcomer")

    response = client_a.get(PAGE, {"location_id": world.location_a.pk, "flag": "new", "sort": "-name"})

    html = response.content.decode()
    assert html.count('<th scope="row">') == 2
    assert world.member_a.last_name not in html
    assert '<option value="new" selected>' in html
    assert '<option value="-name" selected>' in html
    assert 'aria-sort="descending"' in html


def test_user_without_the_eligibility_role_is_refused(world: World) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.CLAIMS.value])
    client = Client()
    client.force_login(membership.user)

    for url in (PAGE, CSV, PDF):
        assert client.get(url, {"location_id": world.location_a.pk}).status_code == 403
    assert not AccessEvent.objects.exists()


def test_signed_out_visitor_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(PAGE, {"location_id": world.location_a.pk})

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


# ---- CSV --------------------------------------------------------------------------------------------------


def test_csv_has_a_header_and_every_member_of_the_roster(world: World, client_a: Client) -> None:
    _assign(world, 120)

    response = client_a.get(CSV, {"location_id": world.location_a.pk, "as_of": "2026-05-15"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster-alder-street-clinic-2026-05-15.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Member ID", "Last name", "First name", "Date of birth"]
    assert rows[0][9] == "Eligible on 2026-05-15"
    assert len(rows) == 1 + 121
    first = next(row for row in rows if row[0] == world.member_a.member_number)
    assert first[1:5] == [world.member_a.last_name, world.member_a.first_name, "1980-05-17", "North Coast CCO"]
    assert first[9:] == ["Yes", "", "No", "No", "No"]
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_EXPORT).count() == 121
    assert not AccessEvent.objects.filter(action=AccessAction.ROSTER_VIEW).exists()


def test_csv_keeps_spreadsheet_formulas_out(world: World, client_a: Client) -> None:
    _assign(world, 1, last_name="=HYPERLINK(1)")

    response = client_a.get(CSV, {"location_id": world.location_a.pk})

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_csv_with_bad_input_shows_the_page_with_the_message(world: World, client_a: Client) -> None:
    response = client_a.get(CSV, {"location_id": world.location_a.pk, "as_of": "2030-01-01"})

    assert response.status_code == 400
    assert "The as-of date must be between" in response.content.decode()


# ---- PDF --------------------------------------------------------------------------------------------------


def test_pdf_is_a_real_landscape_pdf_with_members_and_page_numbers(world: World, client_a: Client) -> None:
    response = client_a.get(PDF, {"location_id": world.location_a.pk, "as_of": "2026-05-15"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="roster-alder-street-clinic-2026-05-15.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    text = reader.pages[0].extract_text()
    assert "PCP roster" in text
    assert world.org_a.legal_name in text
    assert "Alder Street Clinic" in text
    assert world.member_a.last_name in text
    assert "Page 1 of 1" in text
    assert "Contains protected health information. Minimum necessary use only." in text
    assert "Synthetic demonstration data" in text
    assert AccessEvent.objects.filter(action=AccessAction.ROSTER_EXPORT).count() == 1


def test_pdf_of_a_long_roster_repeats_the_header_on_every_page(world: World, client_a: Client) -> None:
    _assign(world, 90)

    response = client_a.get(PDF, {"location_id": world.location_a.pk, "flag": "new"})

    pages, texts = _pdf_text(response.content)
    assert pages >= 2
    for number, text in enumerate(texts, start=1):
        assert "Member ID" in text
        assert f"Page {number} of {pages}" in text
    assert "New this month" in texts[-1]


def test_pdf_with_no_matching_members_says_so(world: World, client_a: Client) -> None:
    response = client_a.get(PDF, {"location_id": world.location_a.pk, "flag": "new"})

    _pages, texts = _pdf_text(response.content)
    assert "No members match." in texts[0]


def test_short_parameter_names_open_the_same_roster(world: World, client_a: Client) -> None:
    response = client_a.get(PAGE, {"location": world.location_a.pk, "date": "2026-05-01"})

    assert response.status_code == 200
    html = response.content.decode()
    assert world.member_a.last_name in html
    assert f'<option value="{world.location_a.pk}" selected>' in html
    assert 'value="2026-05-01"' in html
    assert f"export.pdf?location_id={world.location_a.pk}&amp;as_of=2026-05-01" in html
