"""Sessions end after a spell without activity and after a fixed lifetime; the person can stay signed in; pages
polling in the background do not keep a session alive; the sign-in page says why the person was signed out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import SecurityEvent, SecurityEventKind
from tests.conftest import World

pytestmark = [pytest.mark.django_db]

START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
BACKGROUND = {"X-Portico-Background": "1"}


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(world: World, clock: Any) -> Client:
    client = Client()
    client.force_login(world.user_a)
    assert client.get("/").status_code == 200  # the session opens with the first page
    return client


def minutes(n: float) -> float:
    return n * 60


def test_a_person_active_every_few_minutes_stays_signed_in(signed_in: Client, clock: Any) -> None:
    for _ in range(5):
        clock.shift(minutes(29))
        assert signed_in.get("/").status_code == 200


def test_thirty_minutes_without_activity_signs_the_person_out_and_keeps_the_page(
    signed_in: Client, clock: Any, world: World
) -> None:
    clock.shift(minutes(30) + 1)
    response = signed_in.get("/codes/?q=chest+pain")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fcodes%2F%3Fq%3Dchest%2Bpain"
    page = signed_in.get(response["Location"])
    assert "You were signed out after 30 minutes without activity" in page.content.decode()
    assert signed_in.get("/").status_code == 302  # signed out for good
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert event.user_id == world.user_a.pk
    assert event.detail == "Idle for 30 minutes"


def test_the_idle_limit_comes_from_the_settings(signed_in: Client, clock: Any, settings: Any) -> None:
    settings.PORTICO_IDLE_TIMEOUT_MINUTES = 10
    clock.shift(minutes(9))
    assert signed_in.get("/").status_code == 200
    clock.shift(minutes(10) + 1)
    assert signed_in.get("/").status_code == 302


def test_a_session_ends_after_twelve_hours_however_active(signed_in: Client, clock: Any) -> None:
    for _ in range(11 * 4):
        clock.shift(minutes(15))
        assert signed_in.get("/").status_code == 200
    clock.shift(minutes(61))  # 12 hours and one minute after signing in, active 1 minute ago
    signed_in.get("/")
    clock.shift(minutes(1))
    response = signed_in.get("/")
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "You were signed out because you had been signed in for 12 hours" in page
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED).detail == "Session older than 12 hours"


def test_staying_signed_in_starts_the_idle_time_over(signed_in: Client, clock: Any) -> None:
    clock.shift(minutes(28))
    status = signed_in.get("/accounts/session/", headers=BACKGROUND).json()
    assert status == {
        "signed_in": True,
        "idle_seconds_left": 120,
        "max_seconds_left": 12 * 3600 - 28 * 60,
        "warning_seconds": 120,
    }
    kept = signed_in.post("/accounts/session/keep-alive/", HTTP_ACCEPT="application/json")
    assert kept.status_code == 200
    assert kept.json()["idle_seconds_left"] == 1800
    clock.shift(minutes(28))
    assert signed_in.get("/").status_code == 200


def test_staying_signed_in_without_javascript_returns_to_the_page(signed_in: Client) -> None:
    response = signed_in.post("/accounts/session/keep-alive/", {"next": "/codes/"})
    assert response.status_code == 302
    assert response["Location"] == "/codes/"
    elsewhere = signed_in.post("/accounts/session/keep-alive/", {"next": "https://attacker.example/"})
    assert elsewhere["Location"] == "/"


def test_keep_alive_needs_the_csrf_token(world: World, clock: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user_a)
    client.get("/")
    assert client.post("/accounts/session/keep-alive/", HTTP_ACCEPT="application/json").status_code == 403


def test_background_polling_does_not_keep_a_session_alive(signed_in: Client, clock: Any) -> None:
    for _ in range(5):
        clock.shift(minutes(5))
        assert signed_in.get("/eligibility/batch/", headers=BACKGROUND).status_code == 200
    left = signed_in.get("/accounts/session/").json()["idle_seconds_left"]
    assert left == 1800 - 25 * 60  # asking how long is left is not activity either
    clock.shift(minutes(5) + 1)
    response = signed_in.get("/eligibility/batch/", headers={**BACKGROUND, "HX-Request": "true"})
    # An htmx request is answered with a redirect of the whole page to the sign-in page.
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")


def test_an_htmx_request_after_expiry_returns_to_the_page_it_came_from(signed_in: Client, clock: Any) -> None:
    clock.shift(minutes(31))
    response = signed_in.get(
        "/eligibility/batch/1/",
        headers={**BACKGROUND, "HX-Request": "true", "HX-Current-URL": "http://testserver/eligibility/batch/1/?x=1"},
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Feligibility%2Fbatch%2F1%2F%3Fx%3D1"


def test_the_warning_asking_after_expiry_learns_the_person_was_signed_out(signed_in: Client, clock: Any) -> None:
    clock.shift(minutes(31))
    response = signed_in.get("/accounts/session/", headers={**BACKGROUND, "Referer": "http://testserver/rosters/"})
    assert response.status_code == 401
    assert response.json() == {
        "signed_in": False,
        "reason": "idle",
        "login_url": "/accounts/login/?next=%2Frosters%2F",
    }
    assert "You were signed out after 30 minutes" in signed_in.get("/accounts/login/").content.decode()


def test_a_stranger_asking_is_told_to_sign_in(client: Client) -> None:
    assert client.get("/accounts/session/").json() == {"signed_in": False, "login_url": "/accounts/login/"}


def test_signing_in_with_a_password_opens_the_session_clock(world: World, clock: Any) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": world.user_a.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.session["portico_session_started"] == START.timestamp()
    assert client.session["portico_last_activity"] == START.timestamp()


def test_session_cookies_are_http_only_and_same_site(world: World, clock: Any) -> None:
    client = Client()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": world.user_a.username, "password": "correct-horse-battery"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["expires"] == ""  # gone when the browser closes
    assert client.cookies["csrftoken"]["httponly"] is True
