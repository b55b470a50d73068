"""Secure messaging: who sees a thread, what it may be about, files, the reply target in business days, the team
inbox's assignment, read state and who hears of a new message."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.authorizations.attachments import Upload
from portico.common.access import Actor
from portico.common.errors import NotFound, ValidationFailed
from portico.common.models import AccessAction, AccessEvent, Channel
from portico.messaging.models import Notification, NotificationTopic
from portico.messaging.queries import offered_topics
from portico.messaging.threads import queries, services
from portico.messaging.threads.business_days import business_days_after, reply_due_at, us_federal_holidays
from portico.messaging.threads.models import BusinessHoliday, Message, MessageThread, PlanTeam, ThreadStatus
from portico.messaging.threads.report import reply_target_report
from tests import factories
from tests.authorizations.review_support import submitted
from tests.authorizations.support import PDF, PNG, AuthWorld
from tests.conftest import World

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
FRIDAY = dt.datetime(2026, 6, 5, 15, 0, tzinfo=PACIFIC)  # a Friday afternoon


def give_messaging(world: World) -> None:
    for membership in Membership.objects.filter(organization__in=[world.org_a, world.org_b]):
        membership.roles = [*membership.roles, ProviderRole.MESSAGING.value]
        membership.save()


@pytest.fixture
def msg(world: World) -> World:
    give_messaging(world)
    return world


@pytest.fixture
def claims(db) -> PlanTeam:  # type: ignore[no-untyped-def]
    return PlanTeam.objects.get(key="claims")


@pytest.fixture
def examiner(claims: PlanTeam) -> User:
    user = factories.UserFactory(
        username="examiner", first_name="Tom", last_name="Nguyen", staff_roles=[StaffRole.CLAIMS_EXAMINER.value]
    )
    claims.staff.add(user)
    return user


@pytest.fixture
def teammate(claims: PlanTeam) -> User:
    user = factories.UserFactory(username="examiner2", staff_roles=[StaffRole.CLAIMS_EXAMINER.value])
    claims.staff.add(user)
    return user


def start(world: World, team: PlanTeam, **changes: object) -> MessageThread:
    data: dict[str, object] = {
        "team_id": team.pk,
        "subject": "Claim for the June visit",
        "topic": "claim",
        "body": "Why was this paid at the lower rate?",
    }
    data.update(changes)
    return services.thread_start(actor=world.actor(), **data)  # type: ignore[arg-type]


# ---- the teams and the form -----------------------------------------------------------------------------------------


def test_the_demo_plan_has_its_six_teams_with_a_two_day_target() -> None:
    teams = list(PlanTeam.objects.values_list("key", "reply_target_days"))
    assert [key for key, _days in teams] == [
        "provider-services", "claims", "utilization-management", "behavioral-health", "pharmacy", "provider-relations",
    ]  # fmt: skip
    assert {days for _key, days in teams} == {2}


def test_a_thread_needs_team_subject_topic_and_message(msg: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.thread_start(actor=msg.actor(), team_id=None, subject=" ", topic="nonsense", body="")
    assert set(caught.value.errors) == {"team", "subject", "topic", "body"}
    assert MessageThread.objects.count() == 0


# ---- access -----------------------------------------------------------------------------------------------------


def test_another_organization_gets_not_found_and_it_is_recorded(msg: World, claims: PlanTeam) -> None:
    thread = start(msg, claims, link_kind="member", link_reference=msg.member_a.member_number)
    with pytest.raises(NotFound):
        queries.access_thread(actor=msg.actor(msg.user_b), thread_id=thread.pk)
    denied = AccessEvent.objects.filter(user=msg.user_b, action=AccessAction.MEMBER_DENIED)
    assert denied.filter(member_id=msg.member_a.pk, detail=f"requested message thread {thread.pk}").exists()


def test_another_organizations_thread_pages_answer_not_found(msg: World, claims: PlanTeam) -> None:
    thread = start(msg, claims)
    client = Client()
    client.force_login(msg.user_b)
    assert client.get(f"/messages/{thread.pk}/").status_code == 404
    assert client.post(f"/messages/{thread.pk}/reply/", {"body": "hello"}).status_code == 404
    assert thread.messages.count() == 1


def test_everyone_with_the_messaging_role_in_the_organization_sees_its_threads(msg: World, claims: PlanTeam) -> None:
    thread = start(msg, claims)
    colleague = factories.MembershipFactory(organization=msg.org_a, roles=[ProviderRole.MESSAGING.value]).user
    found = queries.access_thread(actor=msg.actor(colleague), thread_id=thread.pk)
    assert found == thread
    assert [t.pk for t in queries.organization_threads(actor=msg.actor(colleague))] == [thread.pk]
    assert list(queries.organization_threads(actor=msg.actor(msg.user_b))) == []


def test_without_the_messaging_role_the_pages_are_refused(world: World) -> None:
    client = Client()
    client.force_login(world.user_a)  # eligibility only
    assert client.get("/messages/").status_code == 403
    assert client.get("/messages/new/").status_code == 403
    page = client.get("/contact/")
    assert page.status_code == 200
    assert "Ask your organization's administrator" in page.content.decode()


def test_an_administrator_may_message(world: World, claims: PlanTeam) -> None:
    admin = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.ADMINISTRATOR.value]).user
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/messages/new/", {"team": claims.pk, "topic": "claim", "subject": "A question", "body": "Hello"}
    )
    assert response.status_code == 302
    assert MessageThread.objects.get().started_by == admin


def test_staff_outside_the_team_get_not_found(msg: World, claims: PlanTeam, examiner: User) -> None:
    thread = start(msg, claims)
    nurse = factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value])
    PlanTeam.objects.get(key="utilization-management").staff.add(nurse)
    with pytest.raises(NotFound):
        queries.staff_access_thread(user=nurse, thread_id=thread.pk)
    client = Client()
    client.force_login(nurse)
    assert client.get(f"/messages/inbox/{thread.pk}/").status_code == 404
    assert queries.staff_access_thread(user=examiner, thread_id=thread.pk) == thread


# ---- what a thread may be about --------------------------------------------------------------------------------------


def test_a_member_link_must_be_a_member_the_organization_can_reach(msg: World, claims: PlanTeam) -> None:
    thread = start(msg, claims, link_kind="member", link_reference=msg.member_a.member_number.lower())
    assert (thread.link_kind, thread.link_id, thread.member_id) == ("member", msg.member_a.pk, msg.member_a.pk)
    with pytest.raises(ValidationFailed) as caught:
        start(msg, claims, link_kind="member", link_reference=msg.member_b.member_number)
    assert list(caught.value.errors) == ["link_reference"]
    assert AccessEvent.objects.filter(
        user=msg.user_a, action=AccessAction.MEMBER_DENIED, member_id=msg.member_b.pk
    ).exists()
    assert MessageThread.objects.count() == 1


def test_a_member_id_that_names_nobody_is_refused_the_same_way(msg: World, claims: PlanTeam) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start(msg, claims, link_kind="member", link_reference="CH999999999")
    assert "No member CH999999999 that your organization can see." in caught.value.errors["link_reference"]


def test_an_authorization_link_must_be_the_organizations_own_request(auth: AuthWorld, claims: PlanTeam) -> None:
    give_messaging(auth.world)
    own = submitted(auth)
    thread = start(auth.world, claims, link_kind="authorization", link_reference=own.number)
    assert (thread.link_kind, thread.link_id, thread.link_label) == ("authorization", own.pk, own.number)
    assert thread.member_id == own.member_id
    other_org = Actor(user=auth.world.user_b, organization_id=auth.world.org_b.pk, channel=Channel.WEB)
    with pytest.raises(ValidationFailed) as caught:
        services.thread_start(
            actor=other_org, team_id=claims.pk, subject="s", topic="authorization", body="b",
            link_kind="authorization", link_reference=own.number,
        )  # fmt: skip
    assert list(caught.value.errors) == ["link_reference"]
    assert AccessEvent.objects.filter(user=auth.world.user_b, action=AccessAction.AUTHORIZATION_DENIED).exists()


def test_an_unknown_link_kind_names_its_field(msg: World, claims: PlanTeam) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start(msg, claims, link_kind="remittance", link_reference="EFT123")  # payments plug in later
    assert list(caught.value.errors) == ["link_kind"]


# ---- attachments --------------------------------------------------------------------------------------------------


def test_files_are_checked_by_content_and_downloaded_only_by_who_may_see_the_thread(
    msg: World, claims: PlanTeam, examiner: User
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start(msg, claims, uploads=[Upload(name="notes.pdf", content=b"MZ not a pdf")])
    assert list(caught.value.errors) == ["attachments"]
    thread = start(msg, claims, uploads=[Upload(name="eob.pdf", content=PDF), Upload(name="card.png", content=PNG)])
    first = thread.messages.get().attachments.order_by("id").first()
    assert first is not None
    assert first.content_type == "application/pdf"
    url = f"/messages/{thread.pk}/attachments/{first.pk}/"
    a, b, staff = Client(), Client(), Client()
    a.force_login(msg.user_a)
    b.force_login(msg.user_b)
    staff.force_login(examiner)
    response = a.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert b.get(url).status_code == 404
    assert staff.get(f"/messages/inbox/{thread.pk}/attachments/{first.pk}/").status_code == 200


def test_a_file_sent_through_the_page_with_a_bad_type_names_the_field(msg: World, claims: PlanTeam) -> None:
    client = Client()
    client.force_login(msg.user_a)
    response = client.post(
        "/messages/new/",
        {
            "team": claims.pk, "topic": "claim", "subject": "s", "body": "b",
            "attachments": SimpleUploadedFile("x.pdf", b"<html>nope</html>"),
        },
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_attachments"' in page
    assert "not a PDF, PNG, JPEG, TIFF or GIF file" in page
    assert MessageThread.objects.count() == 0


# ---- business days ------------------------------------------------------------------------------------------------


def test_the_federal_holidays_are_seeded_as_observed() -> None:
    assert BusinessHoliday.objects.filter(date=dt.date(2026, 7, 3)).exists()  # 4 July 2026 is a Saturday
    assert BusinessHoliday.objects.filter(date=dt.date(2027, 12, 31), name="New Year's Day").exists()  # 2028-01-01 Sat
    assert dict(us_federal_holidays(2026))[dt.date(2026, 11, 26)] == "Thanksgiving Day"
    assert len(us_federal_holidays(2026)) == 11


def test_a_friday_message_is_due_by_the_end_of_tuesday() -> None:
    due = reply_due_at(received_at=FRIDAY, days=2)
    assert due == dt.datetime(2026, 6, 10, 0, 0, tzinfo=PACIFIC)  # midnight ending Tuesday 9 June


def test_weekends_and_holidays_are_skipped() -> None:
    # Thursday 2 July 2026: Friday 3 July is Independence Day observed, then the weekend.
    assert business_days_after(dt.date(2026, 7, 2), 2) == dt.date(2026, 7, 7)
    # Wednesday before Thanksgiving 2026.
    assert business_days_after(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 27)
    # A plan closure added in the back office counts too.
    BusinessHoliday.objects.create(date=dt.date(2026, 11, 27), name="Day after Thanksgiving")
    assert business_days_after(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 30)


def test_a_saturday_message_counts_from_monday() -> None:
    saturday = dt.datetime(2026, 6, 6, 9, 0, tzinfo=PACIFIC)
    assert reply_due_at(received_at=saturday, days=2) == dt.datetime(2026, 6, 10, 0, 0, tzinfo=PACIFIC)


def test_the_thread_carries_its_due_time_and_becomes_overdue(msg: World, claims: PlanTeam, examiner: User) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        thread = start(msg, claims)
    assert thread.due_at == dt.datetime(2026, 6, 10, 0, 0, tzinfo=PACIFIC)
    with time_machine.travel(dt.datetime(2026, 6, 9, 16, 0, tzinfo=PACIFIC), tick=False):
        assert queries.team_overdue_count(user=examiner) == 0
    with time_machine.travel(dt.datetime(2026, 6, 10, 8, 0, tzinfo=PACIFIC), tick=False):
        assert queries.team_overdue_count(user=examiner) == 1
        client = Client()
        client.force_login(examiner)
        page = client.get("/messages/inbox/?overdue=1").content.decode()
        assert thread.subject in page
        assert "Overdue" in page


def test_a_longer_target_is_the_teams_own(msg: World, claims: PlanTeam) -> None:
    claims.reply_target_days = 5
    claims.save()
    with time_machine.travel(FRIDAY, tick=False):
        thread = start(msg, claims)
    assert thread.due_at == dt.datetime(2026, 6, 13, 0, 0, tzinfo=PACIFIC)  # end of Friday 12 June


# ---- replies, the waits, the report ------------------------------------------------------------------------------


def test_a_staff_answer_ends_the_wait_and_a_provider_reply_starts_a_new_one(
    msg: World, claims: PlanTeam, examiner: User
) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        thread = start(msg, claims)
    with time_machine.travel(dt.datetime(2026, 6, 8, 10, 0, tzinfo=PACIFIC), tick=False):
        services.thread_staff_reply(user=examiner, thread_id=thread.pk, body="It was the 2026 schedule.")
    thread.refresh_from_db()
    assert (thread.status, thread.due_at, thread.assignee) == (ThreadStatus.ANSWERED, None, examiner)
    first = Message.objects.get(thread=thread, from_plan=False)
    assert first.answered_at is not None
    assert first.answered_at <= first.due_at
    with time_machine.travel(dt.datetime(2026, 6, 8, 11, 0, tzinfo=PACIFIC), tick=False):
        services.thread_reply(actor=msg.actor(), thread_id=thread.pk, body="Thanks; one more question.")
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.OPEN
    assert thread.due_at == dt.datetime(2026, 6, 11, 0, 0, tzinfo=PACIFIC)


def test_closing_and_reopening(msg: World, claims: PlanTeam, examiner: User) -> None:
    thread = start(msg, claims)
    services.thread_close(user=examiner, thread_id=thread.pk)
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.CLOSED
    assert thread.due_at is None
    services.thread_reopen(user=examiner, thread_id=thread.pk)
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.ANSWERED
    services.thread_close(user=examiner, thread_id=thread.pk)
    services.thread_reply(actor=msg.actor(), thread_id=thread.pk, body="Sorry, it is still wrong.")
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.OPEN
    assert thread.closed_at is None


def test_the_report_counts_answers_within_the_target_and_late(msg: World, claims: PlanTeam, examiner: User) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        on_time = start(msg, claims)
        late = start(msg, claims, subject="Second")
        start(msg, claims, subject="Never answered")
    with time_machine.travel(dt.datetime(2026, 6, 9, 12, 0, tzinfo=PACIFIC), tick=False):
        services.thread_staff_reply(user=examiner, thread_id=on_time.pk, body="Answer")
    with time_machine.travel(dt.datetime(2026, 6, 11, 12, 0, tzinfo=PACIFIC), tick=False):
        services.thread_staff_reply(user=examiner, thread_id=late.pk, body="Answer")
        report = reply_target_report(teams=[claims], today=dt.date(2026, 6, 11), weeks=2)
        client = Client()
        client.force_login(examiner)
        page = client.get("/messages/report/")
    figures = report.teams[0]
    assert (figures.on_time, figures.late, figures.waiting, figures.answered_share) == (1, 2, 0, 33)
    assert figures.chart.rows == [("Jun 1", [1, 2]), ("Jun 8", [0, 0])]
    assert page.status_code == 200
    assert 'role="img"' in page.content.decode()


# ---- assignment, read state -------------------------------------------------------------------------------------


def test_take_assign_to_a_teammate_and_release(msg: World, claims: PlanTeam, examiner: User, teammate: User) -> None:
    thread = start(msg, claims)
    assert services.thread_assign(user=examiner, thread_id=thread.pk, action="take").assignee == examiner
    assert (
        services.thread_assign(user=examiner, thread_id=thread.pk, action="assign", assignee_id=teammate.pk).assignee
        == teammate
    )
    assert Notification.objects.filter(recipient=teammate, message__contains="assigned to you").exists()
    outsider = factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value])
    with pytest.raises(ValidationFailed) as caught:
        services.thread_assign(user=examiner, thread_id=thread.pk, action="assign", assignee_id=outsider.pk)
    assert list(caught.value.errors) == ["assignee"]
    assert services.thread_assign(user=examiner, thread_id=thread.pk, action="release").assignee is None
    mine = queries.team_threads(user=examiner, filters=queries.ThreadFilters(unassigned=True))
    assert [t.pk for t in mine] == [thread.pk]


def test_read_state_is_per_person(msg: World, claims: PlanTeam, examiner: User) -> None:
    thread = start(msg, claims)
    colleague = factories.MembershipFactory(organization=msg.org_a, roles=[ProviderRole.MESSAGING.value]).user
    assert not queries.is_unread(queries.organization_threads(actor=msg.actor()).get())  # wrote it
    assert queries.is_unread(queries.organization_threads(actor=msg.actor(colleague)).get())
    assert queries.is_unread(queries.team_threads(user=examiner).get())
    client = Client()
    client.force_login(examiner)
    client.get(f"/messages/inbox/{thread.pk}/")
    assert not queries.is_unread(queries.team_threads(user=examiner).get())
    services.thread_staff_reply(user=examiner, thread_id=thread.pk, body="Answer")
    assert queries.is_unread(queries.organization_threads(actor=msg.actor()).get())


# ---- notifications ------------------------------------------------------------------------------------------------


def test_a_new_thread_notifies_the_whole_team_while_unassigned_then_the_assignee(
    msg: World, claims: PlanTeam, examiner: User, teammate: User
) -> None:
    thread = start(msg, claims)
    notified = Notification.objects.filter(topic=NotificationTopic.MESSAGES)
    assert set(notified.values_list("recipient__username", flat=True)) == {"examiner", "examiner2"}
    assert notified.first().link == f"/messages/inbox/{thread.pk}/"  # type: ignore[union-attr]
    assert "Claim for the June visit" not in notified.first().text  # type: ignore[union-attr]
    services.thread_assign(user=examiner, thread_id=thread.pk, action="take")
    Notification.objects.all().delete()
    services.thread_reply(actor=msg.actor(), thread_id=thread.pk, body="More")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["examiner"]


def test_an_answer_notifies_the_providers_who_take_part(msg: World, claims: PlanTeam, examiner: User) -> None:
    thread = start(msg, claims)
    colleague = factories.MembershipFactory(organization=msg.org_a, roles=[ProviderRole.MESSAGING.value]).user
    bystander = factories.MembershipFactory(organization=msg.org_a, roles=[ProviderRole.MESSAGING.value]).user
    services.thread_reply(actor=msg.actor(colleague), thread_id=thread.pk, body="Adding the EOB.")
    Notification.objects.all().delete()
    services.thread_staff_reply(user=examiner, thread_id=thread.pk, body="Answer")
    notified = Notification.objects.filter(topic=NotificationTopic.MESSAGES)
    assert set(notified.values_list("recipient", flat=True)) == {msg.user_a.pk, colleague.pk}
    assert bystander.pk not in set(notified.values_list("recipient", flat=True))
    assert notified.first().organization_id == msg.org_a.pk  # type: ignore[union-attr]
    assert notified.first().link == f"/messages/{thread.pk}/"  # type: ignore[union-attr]


def test_the_messages_topic_is_offered_to_messaging_people_and_team_staff(
    msg: World, examiner: User, world: World
) -> None:
    assert NotificationTopic.MESSAGES in offered_topics(user=msg.user_a)
    assert NotificationTopic.MESSAGES in offered_topics(user=examiner)
    loner = factories.UserFactory(staff_roles=[StaffRole.PRIVACY_OFFICER.value])
    assert NotificationTopic.MESSAGES not in offered_topics(user=loner)
    eligibility_only = factories.MembershipFactory(organization=msg.org_a, roles=[ProviderRole.ELIGIBILITY.value])
    assert NotificationTopic.MESSAGES not in offered_topics(user=eligibility_only.user)


# ---- pages -------------------------------------------------------------------------------------------------------


def test_contact_page_lists_teams_and_the_specialist(msg: World) -> None:
    from portico.messaging.threads.models import OrganizationContact

    alicia = factories.UserFactory(
        username="provrel", first_name="Alicia", last_name="Romero", staff_roles=[StaffRole.PROVIDER_RELATIONS.value]
    )
    OrganizationContact.objects.create(organization=msg.org_a, specialist=alicia, phone="503-555-0199")
    client = Client()
    client.force_login(msg.user_a)
    page = client.get("/contact/").content.decode()
    assert "Alicia Romero" in page
    assert "503-555-0199" in page
    assert "503-555-0141" in page  # the claims team's phone
    assert "What do you need help with?" in page
    client_b = Client()
    client_b.force_login(msg.user_b)
    assert "Alicia Romero" not in client_b.get("/contact/").content.decode()


def test_the_api_lists_and_starts_threads_for_the_tokens_organization(msg: World, claims: PlanTeam) -> None:
    from portico.accounts.services import api_token_create

    start(msg, claims)
    _t, token_b = api_token_create(user=msg.user_b, organization_id=msg.org_b.pk, name="pm")
    _t, token_a = api_token_create(user=msg.user_a, organization_id=msg.org_a.pk, name="pm")
    client = Client()
    listed = client.get("/api/v1/messages", HTTP_AUTHORIZATION=f"Bearer {token_b}").json()
    assert listed["total"] == 0
    made = client.post(
        "/api/v1/messages",
        {"team": "claims", "topic": "member", "subject": "Q", "message": "Hi", "about_kind": "member",
         "about": msg.member_a.member_number},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_b}",
    )  # fmt: skip
    assert made.status_code == 422
    assert list(made.json()["errors"]) == ["link_reference"]
    listed = client.get("/api/v1/messages", HTTP_AUTHORIZATION=f"Bearer {token_a}").json()
    assert listed["total"] == 1
    assert listed["results"][0]["team"] == "claims"
