"""Notifications: who hears of what happens to a prior-authorization request, in the portal and — only when the
person asked — by an email that carries no PHI."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from portico.accounts.models import Membership, ProviderRole
from portico.authorizations.models import DecisionOutcome
from portico.authorizations.review_services import (
    AssignAction,
    authorization_info_answer,
    authorization_info_request,
    authorization_line_appeal,
    authorization_line_assign,
    authorization_line_decide,
    authorization_line_extend,
)
from portico.authorizations.sweep import authorization_deadlines_sweep_run
from portico.messaging.models import Notification, NotificationPreference, NotificationTopic
from portico.messaging.services import notification_emails_send_run
from tests import factories
from tests.authorizations.review_support import Reviewers, submit_two_lines
from tests.authorizations.support import AuthWorld, api

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
RECEIPT = dt.datetime(2026, 6, 1, 10, 0, tzinfo=PACIFIC)


def opt_in(user, *topics: NotificationTopic, email: str = "frontdesk@clinic-a.example") -> None:  # type: ignore[no-untyped-def]
    user.email = email
    user.save(update_fields=["email"])
    for topic in topics:
        NotificationPreference.objects.create(user=user, topic=topic, email=True)


def ask(auth: AuthWorld, reviewers: Reviewers, row) -> object:  # type: ignore[no-untyped-def]
    return authorization_info_request(
        actor=reviewers.actor(reviewers.plan), request_id=row.pk, question="Send the therapy notes for Ms. Doe."
    )


def test_a_question_notifies_the_submitter_in_the_portal_and_not_by_email_unless_asked(
    auth: AuthWorld, reviewers: Reviewers, client_a: Client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    row, _plan, _vendor = submit_two_lines(auth)
    with django_capture_on_commit_callbacks(execute=True):
        ask(auth, reviewers, row)
    (note,) = Notification.objects.filter(recipient=auth.world.user_a)
    assert note.topic == NotificationTopic.AUTHORIZATION_ACTION
    assert note.text == f"{row.number}: the reviewer asks for more information. Answer in the portal."
    assert note.organization_id == auth.world.org_a.pk
    assert mailoutbox == []  # email is opt-in
    assert not Notification.objects.filter(recipient=auth.world.user_b).exists()
    home = client_a.get("/").content.decode()
    assert '<span class="count">1</span>' in home
    inbox = client_a.get("/notifications/").content.decode()
    assert note.text in inbox
    opened = client_a.get(f"/notifications/{note.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == f"/authorizations/{row.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert '<span class="count">' not in client_a.get("/").content.decode()


def test_the_email_says_only_that_something_waits_and_links_to_the_portal(
    auth: AuthWorld, reviewers: Reviewers, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PORTICO_BASE_URL = "https://portal.cascadia-health.example"
    opt_in(auth.world.user_a, NotificationTopic.AUTHORIZATION_ACTION)
    row, _plan, _vendor = submit_two_lines(auth)
    with django_capture_on_commit_callbacks(execute=True):
        ask(auth, reviewers, row)
    (mail,) = mailoutbox
    assert mail.to == ["frontdesk@clinic-a.example"]
    text = mail.subject + mail.body
    assert "https://portal.cascadia-health.example/notifications/" in mail.body
    assert "1 new notification" in mail.body
    member = auth.world.member_a
    for secret in (row.number, member.member_number, member.last_name, member.first_name, "therapy", "27447", "Doe"):
        assert secret not in text
    assert Notification.objects.get(recipient=auth.world.user_a).emailed_at is not None
    assert notification_emails_send_run() == 0  # nothing sent twice


def test_a_person_gets_email_only_for_the_topics_they_chose(
    auth: AuthWorld, reviewers: Reviewers, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    opt_in(auth.world.user_a, NotificationTopic.AUTHORIZATION_ACTION)
    _row, plan_line, _vendor = submit_two_lines(auth)
    with django_capture_on_commit_callbacks(execute=True):
        authorization_line_decide(
            actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, outcome=DecisionOutcome.APPROVED
        )
    note = Notification.objects.get(recipient=auth.world.user_a)
    assert note.topic == NotificationTopic.AUTHORIZATION_UPDATE
    assert "line 1: decided" in note.text
    assert mailoutbox == []


def test_waiting_notifications_go_out_as_one_email_and_survive_a_mail_server_failure(
    auth: AuthWorld, reviewers: Reviewers, mailoutbox
) -> None:
    opt_in(auth.world.user_a, NotificationTopic.AUTHORIZATION_ACTION, NotificationTopic.AUTHORIZATION_UPDATE)
    row, plan_line, _vendor = submit_two_lines(auth)
    actor = reviewers.actor(reviewers.plan)
    ask(auth, reviewers, row)  # on-commit callbacks not run: the emails wait, as when no worker runs
    authorization_line_extend(actor=actor, line_id=plan_line.pk, reason="Waiting for imaging.")
    assert Notification.objects.filter(recipient=auth.world.user_a, emailed_at__isnull=True).count() == 2
    with (
        mock.patch("portico.messaging.services.send_mail", side_effect=OSError("mail server down")),
        pytest.raises(OSError, match="mail server down"),
    ):
        notification_emails_send_run()
    assert Notification.objects.filter(recipient=auth.world.user_a, emailed_at__isnull=True).count() == 2
    out = io.StringIO()
    call_command("notifications", "send", stdout=out)
    assert "1 email(s) sent" in out.getvalue()
    (mail,) = mailoutbox
    assert "2 new notification" in mail.body


def test_the_email_is_in_the_persons_language(
    auth: AuthWorld, reviewers: Reviewers, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    user = auth.world.user_a
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    opt_in(user, NotificationTopic.AUTHORIZATION_ACTION)
    row, _plan, _vendor = submit_two_lines(auth)
    with django_capture_on_commit_callbacks(execute=True):
        ask(auth, reviewers, row)
    (mail,) = mailoutbox
    assert "notificación" in mail.body
    note = Notification.objects.get(recipient=user)
    with translation.override("es"):
        assert note.text.startswith(f"{row.number}: ")
        assert "información" in note.text


def test_the_reviewer_who_asked_hears_the_answer_and_the_team_hears_an_appeal(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    row, plan_line, vendor_line = submit_two_lines(auth)
    info = ask(auth, reviewers, row)
    authorization_info_answer(actor=auth.actor(), request_id=row.pk, info_request_id=info.pk, answer="Sent.")  # type: ignore[attr-defined]
    (heard,) = Notification.objects.filter(recipient=reviewers.plan)
    assert heard.topic == NotificationTopic.REVIEW_WORK
    assert heard.link == f"/authorizations/review/{row.pk}/"
    assert "answered" in heard.text
    authorization_line_decide(
        actor=reviewers.actor(reviewers.summit),
        line_id=vendor_line.pk,
        outcome=DecisionOutcome.DENIED,
        reason="Not medically necessary: no red flags.",
        criteria="Summit imaging guideline 4.2",
    )
    authorization_line_appeal(actor=auth.actor(), request_id=row.pk, line_id=vendor_line.pk, reason="New findings.")
    summit_notes = Notification.objects.filter(recipient=reviewers.summit)
    assert [n.text for n in summit_notes] == [f"{row.number}, line 2: the provider appealed the decision."]
    assert not Notification.objects.filter(recipient=reviewers.beacon).exists()  # another vendor's team
    assert Notification.objects.filter(recipient=reviewers.plan).count() == 1  # not the plan's line
    del plan_line


def test_the_sweep_tells_the_holder_or_else_the_team_once_per_due_time(auth: AuthWorld, reviewers: Reviewers) -> None:
    with time_machine.travel(RECEIPT, tick=False):
        row, plan_line, vendor_line = submit_two_lines(auth)
        authorization_line_assign(actor=reviewers.actor(reviewers.plan), line_id=plan_line.pk, action=AssignAction.TAKE)
    other_nurse = factories.UserFactory(username="nightnurse", staff_roles=["um_reviewer"])
    with time_machine.travel(RECEIPT + dt.timedelta(days=6, hours=12), tick=False):
        authorization_deadlines_sweep_run()
        authorization_deadlines_sweep_run()
    assert [n.text for n in Notification.objects.filter(recipient=reviewers.plan)] == [
        f"{row.number}, line 1: decision due soon."
    ]
    assert not Notification.objects.filter(recipient=other_nurse).exists()  # the line has a holder
    assert [n.text for n in Notification.objects.filter(recipient=reviewers.summit)] == [
        f"{row.number}, line 2: decision due soon."
    ]
    with time_machine.travel(RECEIPT + dt.timedelta(days=8), tick=False):
        authorization_deadlines_sweep_run()
    assert Notification.objects.filter(recipient=reviewers.plan).count() == 2
    assert not Notification.objects.filter(recipient=auth.world.user_a).exists()  # providers see no clocks here
    del vendor_line


def test_when_the_submitter_has_left_the_organizations_other_authorization_people_hear(
    auth: AuthWorld, reviewers: Reviewers
) -> None:
    row, _plan, _vendor = submit_two_lines(auth)
    colleague = factories.UserFactory(username="colleague")
    Membership.objects.create(user=colleague, organization=auth.world.org_a, roles=[ProviderRole.AUTHORIZATIONS.value])
    billing_only = factories.UserFactory(username="billing")
    Membership.objects.create(user=billing_only, organization=auth.world.org_a, roles=[ProviderRole.CLAIMS.value])
    Membership.objects.filter(user=auth.world.user_a, organization=auth.world.org_a).update(is_active=False)
    ask(auth, reviewers, row)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"colleague"}


def test_a_person_sees_only_their_own_notifications(
    auth: AuthWorld, reviewers: Reviewers, client_b: Client, token_a: str, token_b: str
) -> None:
    row, _plan, _vendor = submit_two_lines(auth)
    ask(auth, reviewers, row)
    note = Notification.objects.get(recipient=auth.world.user_a)
    assert client_b.get(f"/notifications/{note.pk}/").status_code == 404
    assert row.number not in client_b.get("/notifications/").content.decode()
    client = Client()
    assert api(client, token_b, "post", f"/api/v1/notifications/{note.pk}/read").status_code == 404
    assert api(client, token_b, "get", "/api/v1/notifications").json()["total"] == 0
    listed = api(client, token_a, "get", "/api/v1/notifications", {"unread": "true"}).json()
    assert listed["unread"] == 1
    assert listed["results"][0]["url"].endswith(f"/authorizations/{row.pk}/")
    read = api(client, token_a, "post", f"/api/v1/notifications/{note.pk}/read")
    assert read.status_code == 200
    assert read.json()["read_at"]
    assert api(client, token_a, "get", "/api/v1/notifications", {"unread": "true"}).json()["total"] == 0


def test_settings_offer_the_persons_topics_and_refuse_email_without_an_address(
    auth: AuthWorld, reviewers: Reviewers, client_a: Client
) -> None:
    page = client_a.get("/notifications/settings/").content.decode()
    assert 'value="authorization_action"' in page
    assert 'value="review_work"' not in page
    refused = client_a.post("/notifications/settings/", {"email_topics": ["authorization_action"]})
    assert refused.status_code == 400
    assert "no email address" in refused.content.decode()
    assert not NotificationPreference.objects.filter(email=True).exists()
    sneaky = client_a.post("/notifications/settings/", {"email_topics": ["review_work"]})
    assert sneaky.status_code == 400
    auth.world.user_a.email = "frontdesk@clinic-a.example"
    auth.world.user_a.save(update_fields=["email"])
    saved = client_a.post("/notifications/settings/", {"email_topics": ["authorization_update"]})
    assert saved.status_code == 302
    assert set(NotificationPreference.objects.filter(email=True).values_list("topic", flat=True)) == {
        "authorization_update"
    }
    again = client_a.get("/notifications/settings/").content.decode()
    assert 'value="authorization_update" checked' in again
    reviewer_page = reviewers.client(reviewers.plan).get("/notifications/settings/").content.decode()
    assert 'value="review_work"' in reviewer_page
    assert 'value="authorization_action"' not in reviewer_page
