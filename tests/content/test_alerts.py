"""Alerts: who sees which banner, and when; which ones can be dismissed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from portico.accounts.models import StaffRole
from portico.content.alert_services import AlertInput, alert_create, alert_end
from portico.content.alerts import Alert, AlertAudience, AlertDismissal, AlertLevel
from portico.plans.models import LineOfBusiness
from portico.providers.models import NetworkParticipation, OrganizationKind
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def make_alert(title: str, *, level: str = AlertLevel.INFORMATIONAL, audience: str = AlertAudience.EVERYONE,
               lob: LineOfBusiness | None = None, kind: str = "", starts: dt.datetime | None = None,
               ends: dt.datetime | None = None) -> Alert:  # fmt: skip
    return alert_create(
        data=AlertInput(
            level=level,
            title=title,
            audience=audience,
            line_of_business_id=lob.pk if lob else None,
            provider_kind=kind,
            starts_at=starts or NOW - dt.timedelta(days=1),
            ends_at=ends,
        ),
        user=None,
    )


@pytest.fixture
def north_coast(world: World) -> LineOfBusiness:
    """Clinic A takes part in North Coast CCO; clinic B in none."""
    lob = LineOfBusiness.objects.get(name="North Coast CCO")
    NetworkParticipation.objects.create(organization=world.org_a, line_of_business=lob, start=dt.date(2020, 1, 1))
    return lob


@time_machine.travel(NOW, tick=False)
def test_a_live_alert_for_everyone_shows_on_public_and_signed_in_pages(world: World, client_a: Client) -> None:
    make_alert("Members to be notified of recent data breach", level=AlertLevel.URGENT)
    assert "Members to be notified of recent data breach" in Client().get("/accounts/login/").content.decode()
    assert "Members to be notified of recent data breach" in client_a.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_future_alert_is_not_shown_and_an_ended_one_is_gone(world: World, client_a: Client) -> None:
    make_alert("Portal maintenance on Saturday", starts=NOW + dt.timedelta(minutes=10))
    make_alert("Last month's outage", starts=NOW - dt.timedelta(days=30), ends=NOW - dt.timedelta(days=20))
    ended_now = make_alert("Ended by the editor")
    alert_end(alert_id=ended_now.pk)
    page = client_a.get("/").content.decode()
    assert "Portal maintenance on Saturday" not in page
    assert "Last month&#x27;s outage" not in page
    assert "Ended by the editor" not in page
    with time_machine.travel(NOW + dt.timedelta(minutes=15), tick=False):  # within the idle timeout
        assert "Portal maintenance on Saturday" in client_a.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_line_of_business_alert_shows_only_to_organizations_in_that_line(
    world: World, client_a: Client, client_b: Client, north_coast: LineOfBusiness
) -> None:
    make_alert("North Coast CCO fee schedule update", audience=AlertAudience.LINE_OF_BUSINESS, lob=north_coast)
    assert "North Coast CCO fee schedule update" in client_a.get("/").content.decode()
    assert "North Coast CCO fee schedule update" not in client_b.get("/").content.decode()
    assert "North Coast CCO fee schedule update" not in Client().get("/accounts/login/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_ended_participation_no_longer_brings_the_line_of_business_alert(
    world: World, client_a: Client, north_coast: LineOfBusiness
) -> None:
    NetworkParticipation.objects.filter(organization=world.org_a).update(end=dt.date(2026, 5, 31))
    make_alert("North Coast CCO fee schedule update", audience=AlertAudience.LINE_OF_BUSINESS, lob=north_coast)
    assert "North Coast CCO fee schedule update" not in client_a.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_provider_kind_alert_shows_only_to_that_kind(world: World, client_a: Client, client_b: Client) -> None:
    world.org_b.kind = OrganizationKind.BEHAVIORAL_HEALTH
    world.org_b.save()
    make_alert("Behavioral health fee schedule", audience=AlertAudience.PROVIDER_KIND,
               kind=OrganizationKind.BEHAVIORAL_HEALTH)  # fmt: skip
    assert "Behavioral health fee schedule" in client_b.get("/").content.decode()
    assert "Behavioral health fee schedule" not in client_a.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_informational_alert_can_be_dismissed_for_good(world: World, client_a: Client) -> None:
    alert = make_alert("New secure messaging is here")
    response = client_a.post(f"/alerts/{alert.pk}/dismiss/", {"next": "/"})
    assert response.status_code == 302
    assert "New secure messaging is here" not in client_a.get("/").content.decode()
    again = Client()
    again.force_login(world.user_a)  # another session: still dismissed
    assert "New secure messaging is here" not in again.get("/").content.decode()
    assert AlertDismissal.objects.filter(alert=alert, user=world.user_a).count() == 1
    assert "New secure messaging is here" in Client().get("/accounts/login/").content.decode()  # only for her


@time_machine.travel(NOW, tick=False)
def test_an_urgent_alert_cannot_be_dismissed(world: World, client_a: Client) -> None:
    alert = make_alert("Members to be notified of recent data breach", level=AlertLevel.URGENT)
    page = client_a.get("/").content.decode()
    assert f"/alerts/{alert.pk}/dismiss/" not in page  # no button
    response = client_a.post(f"/alerts/{alert.pk}/dismiss/", {"next": "/"}, follow=True)
    body = response.content.decode()
    assert "cannot be dismissed" in body
    assert "Members to be notified of recent data breach" in body
    assert not AlertDismissal.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_important_alert_hides_until_the_next_sign_in(world: World, client_a: Client) -> None:
    alert = make_alert("Fee schedule update", level=AlertLevel.IMPORTANT)
    client_a.post(f"/alerts/{alert.pk}/dismiss/", {"next": "/"})
    assert "Fee schedule update" not in client_a.get("/").content.decode()
    later = Client()
    later.force_login(world.user_a)
    assert "Fee schedule update" in later.get("/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_dismissing_with_htmx_removes_the_banner_in_place(world: World, client_a: Client) -> None:
    alert = make_alert("New secure messaging is here")
    response = client_a.post(f"/alerts/{alert.pk}/dismiss/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content == b""


def test_a_dismiss_does_not_send_people_to_another_site(world: World, client_a: Client) -> None:
    alert = make_alert("Heads up", starts=timezone.now() - dt.timedelta(hours=1))
    response = client_a.post(f"/alerts/{alert.pk}/dismiss/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@time_machine.travel(NOW, tick=False)
def test_an_editor_creates_schedules_edits_and_ends_an_alert(world: World, north_coast: LineOfBusiness) -> None:
    editor = Client()
    editor.force_login(factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value]))
    response = editor.post(
        "/publish/alerts/new/",
        {
            "level": "important",
            "title": "Claims system upgrade this weekend",
            "audience": "line_of_business",
            "line_of_business": str(north_coast.pk),
            "starts_at": "2026-06-20T08:00",
            "ends_at": "2026-06-22T17:00",
        },
    )
    assert response.status_code == 302
    alert = Alert.objects.get(title="Claims system upgrade this weekend")
    assert alert.line_of_business == north_coast
    assert "Claims system upgrade this weekend" in editor.get("/publish/alerts/").content.decode()
    response = editor.post(
        f"/publish/alerts/{alert.pk}/",
        {"level": "urgent", "title": "Claims system upgrade now", "audience": "everyone",
         "starts_at": "2026-06-15T04:00", "ends_at": ""},
    )  # fmt: skip
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.level, alert.audience, alert.line_of_business, alert.ends_at) == ("urgent", "everyone", None, None)
    editor.post(f"/publish/alerts/{alert.pk}/end/")
    alert.refresh_from_db()
    assert alert.ends_at is not None
    assert alert.ends_at <= timezone.now()


@time_machine.travel(NOW, tick=False)
def test_a_bad_alert_names_each_field_and_saves_nothing(world: World) -> None:
    editor = Client()
    editor.force_login(factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value]))
    response = editor.post(
        "/publish/alerts/new/",
        {"level": "loud", "title": "", "audience": "line_of_business", "starts_at": "2026-06-20T08:00",
         "ends_at": "2026-06-19T08:00"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    for anchor in ("#id_level", "#id_title", "#id_line_of_business", "#id_ends_at"):
        assert anchor in body
    assert not Alert.objects.exists()


def test_providers_cannot_reach_the_editors_pages(world: World, client_a: Client) -> None:
    assert client_a.get("/publish/alerts/").status_code == 403
