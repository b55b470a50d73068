"""Website feedback: anyone sends it from any page, only the page's path is kept, bad input is named, one address
is rate-limited, and staff filter, chart and handle the results."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import StaffRole
from portico.content.feedback import WebsiteFeedback
from tests import factories
from tests.content.training_support import PACIFIC

pytestmark = pytest.mark.django_db


def _staff(role: StaffRole = StaffRole.CONTENT_EDITOR) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(staff_roles=[role.value]))
    return client


def test_the_feedback_control_is_on_every_page_and_asks_for_no_patient_information(client: Client) -> None:
    for url in ("/accounts/login/", "/privacy-statement/", "/training/verify/"):
        body = client.get(url).content.decode()
        assert 'action="/feedback/"' in body, url
        assert "Feedback on this page" in body
        assert "Do not include patient or member information" in body
        assert f'name="page" value="{url}"' in body


def test_feedback_needs_no_sign_in_and_records_the_page_without_its_query(client: Client) -> None:
    response = client.post(
        "/feedback/",
        {"page": "/eligibility/members/12/?member_id=CH100000001#top", "rating": "2", "comment": "Hard to find."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/eligibility/members/12/"
    row = WebsiteFeedback.objects.get()
    assert (row.page, row.rating, row.comment, row.user) == ("/eligibility/members/12/", 2, "Hard to find.", None)


def test_a_signed_in_person_is_thanked_on_the_page_they_came_from(db) -> None:  # type: ignore[no-untyped-def]
    user = factories.UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post("/feedback/", {"page": "/privacy-statement/", "rating": "5"}, follow=True)
    assert response.redirect_chain[-1][0] == "/privacy-statement/"
    assert "Thank you for your feedback." in response.content.decode()
    assert WebsiteFeedback.objects.get().user == user


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"page": "/", "rating": ""}, "Rating: Choose a rating from 1 (poor) to 5 (very good)."),
        ({"page": "/", "rating": "6"}, "Rating: Choose a rating from 1 (poor) to 5 (very good)."),
        ({"page": "/", "rating": "abc"}, "Rating: Choose a rating from 1 (poor) to 5 (very good)."),
        ({"page": "/", "rating": "3", "comment": "x" * 2001}, "Comment: Keep the comment to 2000 characters"),
        ({"page": "https://evil.example/", "rating": "3"}, "Page: The page this feedback is about is missing."),
        ({"page": "//evil.example/", "rating": "3"}, "Page: The page this feedback is about is missing."),
    ],
)
def test_bad_input_is_named_and_nothing_recorded(client: Client, data, message) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/feedback/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WebsiteFeedback.objects.exists()


def test_the_form_page_keeps_what_was_typed_and_has_no_second_control(client: Client) -> None:
    response = client.post("/feedback/", {"page": "/codes/", "rating": "", "comment": "The search is slow"})
    body = response.content.decode()
    assert "The search is slow</textarea>" in body
    assert 'name="page" value="/codes/"' in body
    assert "Feedback on this page" not in body  # the control is not repeated on the form's own page
    assert 'aria-invalid="true"' in body


@pytest.mark.usefixtures("throttle_window")
def test_one_address_is_rate_limited(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PORTICO = {**settings.PORTICO, "FEEDBACK_PER_HOUR": 3}
    for _ in range(3):
        assert client.post("/feedback/", {"page": "/", "rating": "4"}).status_code == 302
    refused = client.post("/feedback/", {"page": "/", "rating": "4"})
    assert refused.status_code == 429
    assert "we have had a lot of feedback from your address" in refused.content.decode()
    assert WebsiteFeedback.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/feedback/", {"page": "/", "rating": "4"}).status_code == 302


def _feedback(page: str, rating: int, when: dt.datetime, comment: str = "") -> WebsiteFeedback:
    with time_machine.travel(when, tick=False):
        return WebsiteFeedback.objects.create(page=page, rating=rating, comment=comment)


def test_staff_filter_the_results_and_see_charts(db) -> None:  # type: ignore[no-untyped-def]
    _feedback("/eligibility/", 1, dt.datetime(2026, 3, 2, 9, tzinfo=PACIFIC), "Where is the PCP?")
    _feedback("/eligibility/", 5, dt.datetime(2026, 4, 2, 9, tzinfo=PACIFIC), "Fast")
    _feedback("/codes/", 3, dt.datetime(2026, 4, 20, 9, tzinfo=PACIFIC), "OK")
    client = _staff()
    everything = client.get("/feedback/results/").content.decode()
    assert "3 feedback items" in everything
    assert 'id="chart-feedback-months-caption"' in everything
    assert 'id="chart-feedback-pages-caption"' in everything
    assert "2026-03" in everything
    assert "2026-04" in everything

    low = client.get("/feedback/results/", {"page": "eligib", "rating": "1"}).content.decode()
    assert "1 feedback item" in low
    assert "Where is the PCP?" in low
    assert "Fast" not in low
    april = client.get("/feedback/results/", {"date_from": "2026-04-01", "date_to": "2026-04-30"}).content.decode()
    assert "2 feedback items" in april
    assert "Where is the PCP?" not in april


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-02-30"}, "From: Enter a date as YYYY-MM-DD."),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "To: The end date is before the start date."),
        ({"rating": "9"}, "Rating: Select a valid choice."),
    ],
)
def test_bad_filters_are_named(db, query, message) -> None:  # type: ignore[no-untyped-def]
    response = _staff().get("/feedback/results/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_staff_mark_an_item_handled_and_open_it_again(db) -> None:  # type: ignore[no-untyped-def]
    row = _feedback("/codes/", 2, dt.datetime(2026, 4, 20, 9, tzinfo=PACIFIC), "Search missed G0444")
    client = _staff(StaffRole.ADMINISTRATOR)
    response = client.post(
        f"/feedback/results/{row.pk}/handle/",
        {"note": "Search fixed", "next": "/feedback/results/?status=open"},
    )
    assert response["Location"] == "/feedback/results/?status=open"
    row.refresh_from_db()
    assert row.handled
    assert row.handled_note == "Search fixed"
    assert "Search missed G0444" not in client.get("/feedback/results/", {"status": "open"}).content.decode()
    assert "Search missed G0444" in client.get("/feedback/results/", {"status": "handled"}).content.decode()

    client.post(f"/feedback/results/{row.pk}/handle/", {"action": "reopen", "next": "https://evil.example/"})
    row.refresh_from_db()
    assert not row.handled
    assert client.post("/feedback/results/999999/handle/").status_code == 404


def test_only_content_editors_and_the_plan_administrator_see_the_results(db) -> None:  # type: ignore[no-untyped-def]
    row = _feedback("/codes/", 2, dt.datetime(2026, 4, 20, 9, tzinfo=PACIFIC))
    for role in (StaffRole.PROVIDER_RELATIONS, StaffRole.UM_REVIEWER, StaffRole.PRIVACY_OFFICER):
        client = _staff(role)
        assert client.get("/feedback/results/").status_code == 403
        assert client.post(f"/feedback/results/{row.pk}/handle/").status_code == 403
    row.refresh_from_db()
    assert not row.handled
    assert Client().get("/feedback/results/").status_code == 302  # strangers sign in first
