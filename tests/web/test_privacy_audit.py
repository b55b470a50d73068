"""The privacy officer's access audit: search, CSV accounting of disclosures, and who may use it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from portico.accounts.models import StaffRole, User
from portico.common.access import Actor, access_record
from portico.common.audit import access_events_search
from portico.common.errors import PermissionDenied, ValidationFailed
from portico.common.models import AccessAction, AccessEvent, Channel
from portico.members.eligibility import eligibility_check, eligibility_inquiry_parse
from portico.members.lookup import member_for_privacy_officer, member_labels_for_privacy_officer
from tests import factories
from tests.conftest import World

PLAN_ZONE = ZoneInfo("America/Los_Angeles")
EVENTS_URL = reverse("privacy:events")
CSV_URL = reverse("privacy:events_csv")


@pytest.fixture(autouse=True)
def _plan_time_zone(settings):  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "America/Los_Angeles"


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(
        username="privacy.pat",
        first_name="Pat",
        last_name="Rivera",
        staff_roles=[StaffRole.PRIVACY_OFFICER.value],
    )


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def at(when: dt.datetime, **kwargs) -> AccessEvent:  # type: ignore[no-untyped-def]
    """Record an access event as if it happened at ``when``."""
    with time_machine.travel(when, tick=False):
        return access_record(**kwargs)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PLAN_ZONE)  # type: ignore[misc]


def read_csv(response: StreamingHttpResponse) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    return list(csv.DictReader(io.StringIO(content)))


# Search -------------------------------------------------------------------------------------------------


def test_privacy_officer_sees_every_access_to_one_member(world: World, officer_client: Client) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.MEMBER_VIEW, member_id=world.member_b.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.MEMBER_DENIED, member_id=world.member_a.pk)

    response = officer_client.get(EVENTS_URL, {"member_id": world.member_a.member_number})

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.event.member_id for row in rows] == [world.member_a.pk, world.member_a.pk]
    assert {row.event.user for row in rows} == {world.user_a, world.user_b}
    body = response.content.decode()
    assert world.member_a.member_number in body
    assert world.member_a.display_name in body
    assert world.member_b.member_number not in body
    assert world.org_a.legal_name in body
    assert world.org_b.legal_name in body


def test_member_id_may_be_typed_in_lower_case_with_spaces(world: World, officer_client: Client) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    typed = " " + world.member_a.member_number.lower() + " "

    response = officer_client.get(EVENTS_URL, {"member_id": typed})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_search_by_username_shows_only_that_users_events(world: World, officer_client: Client) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.ROSTER_VIEW)

    response = officer_client.get(EVENTS_URL, {"username": world.user_b.username})

    assert response.status_code == 200
    assert [row.event.user for row in response.context["rows"]] == [world.user_b]
    assert "PCP roster viewed" in response.content.decode()


def test_search_by_action_and_channel(world: World, officer_client: Client) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(channel=Channel.API), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(channel=Channel.API), action=AccessAction.ROSTER_VIEW)

    response = officer_client.get(EVENTS_URL, {"action": AccessAction.MEMBER_VIEW, "channel": Channel.API})

    rows = response.context["rows"]
    assert [(row.event.action, row.event.channel) for row in rows] == [(AccessAction.MEMBER_VIEW, Channel.API)]


def test_an_eligibility_inquiry_shows_in_the_audit_with_organization_and_member(
    world: World, officer_client: Client
) -> None:
    inquiry = eligibility_inquiry_parse(
        {"member_id": world.member_a.member_number, "birth_date": world.member_a.birth_date.isoformat()}
    )
    actor = Actor(user=world.user_a, organization_id=world.org_a.pk, channel=Channel.WEB, ip_address="203.0.113.7")
    eligibility_check(actor=actor, inquiry=inquiry, throttle=False)

    response = officer_client.get(EVENTS_URL, {"member_id": world.member_a.member_number})

    (row,) = response.context["rows"]
    assert row.event.action == AccessAction.ELIGIBILITY_INQUIRY
    assert row.organization == world.org_a.legal_name
    assert row.member.member_number == world.member_a.member_number
    body = response.content.decode()
    assert "Eligibility inquiry" in body
    assert "203.0.113.7" in body
    assert "Web portal" in body


def test_date_range_includes_both_whole_days_in_the_plans_time_zone(world: World) -> None:
    member_id = world.member_a.pk
    actor = world.actor()
    at(local(2026, 2, 28, 23, 50), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=member_id)
    first = at(local(2026, 3, 1, 0, 10), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=member_id)
    last = at(local(2026, 3, 31, 23, 50), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=member_id)
    at(local(2026, 4, 1, 0, 10), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=member_id)

    events = access_events_search(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))

    assert list(events) == [last, first]


def test_page_searches_the_dates_given(world: World, officer_client: Client) -> None:
    actor = world.actor()
    at(local(2026, 1, 15, 9, 0), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    inside = at(local(2026, 2, 10, 9, 0), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)

    response = officer_client.get(EVENTS_URL, {"date_from": "2026-02-01", "date_to": "2026-02-28"})

    assert [row.event for row in response.context["rows"]] == [inside]
    assert "1 event from 2026-02-01 through 2026-02-28." in response.content.decode()


def test_blank_dates_mean_the_last_30_days(world: World, officer_client: Client) -> None:
    with time_machine.travel(local(2026, 4, 15, 12, 0), tick=False):
        response = officer_client.get(EVENTS_URL, {"date_from": " ", "date_to": ""})

    assert response.status_code == 200
    body = response.content.decode()
    assert "0 events from 2026-03-16 through 2026-04-15." in body
    assert "No access events match this search." in body


def test_dates_default_to_the_last_30_days(world: World, officer_client: Client) -> None:
    actor = world.actor()
    at(local(2026, 3, 1, 9, 0), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    recent = at(local(2026, 4, 10, 9, 0), actor=actor, action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)

    with time_machine.travel(local(2026, 4, 15, 12, 0), tick=False):
        response = officer_client.get(EVENTS_URL)

    assert response.status_code == 200
    assert [row.event for row in response.context["rows"]] == [recent]
    body = response.content.decode()
    assert 'value="2026-03-16"' in body
    assert 'value="2026-04-15"' in body


def test_results_come_fifty_a_page_newest_first(world: World, officer_client: Client) -> None:
    actor = world.actor()
    start = local(2026, 3, 2, 8, 0)
    for minute in range(55):
        at(
            start + dt.timedelta(minutes=minute),
            actor=actor,
            action=AccessAction.ROSTER_VIEW,
            detail=str(minute),
        )
    query = {"date_from": "2026-03-01", "date_to": "2026-03-31"}

    first = officer_client.get(EVENTS_URL, query)
    second = officer_client.get(EVENTS_URL, {**query, "page": 2})

    assert [row.event.detail for row in first.context["rows"]][:2] == ["54", "53"]
    assert len(first.context["rows"]) == 50
    assert [row.event.detail for row in second.context["rows"]] == ["4", "3", "2", "1", "0"]
    first_body = first.content.decode()
    assert "Page 1 of 2" in first_body
    assert 'rel="next"' in first_body
    assert "page=2" in first_body
    assert "date_from=2026-03-01" in first_body


def test_a_page_of_events_costs_a_bounded_number_of_queries(
    world: World,
    officer_client: Client,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    users = [factories.MembershipFactory().user for _ in range(5)]
    members = [factories.MemberFactory() for _ in range(10)]
    orgs = [factories.OrganizationFactory() for _ in range(5)]
    for i in range(60):
        actor = Actor(user=users[i % 5], organization_id=orgs[i % 5].pk, channel=Channel.WEB)
        access_record(actor=actor, action=AccessAction.MEMBER_VIEW, member_id=members[i % 10].pk)

    # session, user, memberships, member lookup, username check, count, events, member names, organizations
    # 10, the header's unread-notification count, the alert banners (one query), and the session's clock (its
    # opening, then last activity)
    with django_assert_max_num_queries(13):
        response = officer_client.get(EVENTS_URL)
    with django_assert_max_num_queries(13):
        filtered = officer_client.get(
            EVENTS_URL, {"member_id": members[0].member_number, "username": users[0].username}
        )

    assert len(response.context["rows"]) == 50
    assert len(filtered.context["rows"]) == 6


def test_a_removed_organization_is_named_by_its_id(world: World, officer_client: Client) -> None:
    actor = Actor(user=world.user_a, organization_id=987654, channel=Channel.WEB)
    access_record(actor=actor, action=AccessAction.ROSTER_VIEW)

    response = officer_client.get(EVENTS_URL)

    assert "#987654" in response.content.decode()


# Validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"date_from": "2026-02-30"}, "date_from", "Enter the start date like 2026-03-31."),
        ({"date_to": "yesterday"}, "date_to", "Enter the end date like 2026-03-31."),
        (
            {"date_from": "2026-03-10", "date_to": "2026-03-01"},
            "date_to",
            "The end date must be on or after the start date.",
        ),
        (
            {"date_from": "2018-01-01", "date_to": "2026-03-01"},
            "date_from",
            "Search at most 7 years at a time.",
        ),
        ({"member_id": "CH999999999"}, "member_id", "No member has that member ID."),
        ({"username": "nobody-here"}, "username", "No user has that username."),
    ],
)
@pytest.mark.parametrize("url", [EVENTS_URL, CSV_URL])
def test_a_bad_search_is_refused_with_the_message_next_to_the_field(
    world: World, officer_client: Client, url: str, query: dict[str, str], field: str, message: str
) -> None:
    before = AccessEvent.objects.count()

    response = officer_client.get(url, query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    assert f'<p class="field-error" id="id_{field}-error">' in body
    assert f'aria-describedby="id_{field}-error id_{field}_helptext"' in body
    assert 'aria-invalid="true"' in body
    assert "rows" not in response.context
    assert AccessEvent.objects.count() == before


def test_seven_years_to_the_day_is_allowed(world: World) -> None:
    assert not access_events_search(date_from=dt.date(2019, 3, 1), date_to=dt.date(2026, 3, 1)).exists()
    with pytest.raises(ValidationFailed):
        access_events_search(date_from=dt.date(2019, 2, 28), date_to=dt.date(2026, 3, 1))


# CSV: the accounting of disclosures ---------------------------------------------------------------------


def test_csv_is_an_accounting_of_disclosures_for_one_member(world: World, officer_client: Client) -> None:
    actor = Actor(user=world.user_a, organization_id=world.org_a.pk, channel=Channel.WEB, ip_address="198.51.100.4")
    at(
        local(2026, 3, 5, 14, 30),
        actor=actor,
        action=AccessAction.MEMBER_VIEW,
        member_id=world.member_a.pk,
        detail="via pcp_panel",
    )
    at(
        local(2026, 3, 6, 9, 0),
        actor=world.actor(world.user_b),
        action=AccessAction.MEMBER_VIEW,
        member_id=world.member_b.pk,
    )

    response = officer_client.get(
        CSV_URL,
        {"member_id": world.member_a.member_number, "date_from": "2026-03-01", "date_to": "2026-03-31"},
    )

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="access-events-2026-03-01-to-2026-03-31.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows == [
        {
            "occurred_at": "2026-03-05T14:30:00-08:00",
            "user": world.user_a.username,
            "user_full_name": world.user_a.get_full_name(),
            "organization": world.org_a.legal_name,
            "member_id": world.member_a.member_number,
            "member_name": world.member_a.display_name,
            "action": "Member viewed",
            "channel": "Web portal",
            "detail": "via pcp_panel",
            "ip_address": "198.51.100.4",
        }
    ]


def test_csv_download_is_itself_recorded(world: World, officer: User, officer_client: Client) -> None:
    at(
        local(2026, 4, 10, 9, 0),
        actor=world.actor(),
        action=AccessAction.MEMBER_VIEW,
        member_id=world.member_a.pk,
    )

    with time_machine.travel(local(2026, 4, 15, 12, 0), tick=False):
        response = officer_client.get(CSV_URL, {"member_id": world.member_a.member_number}, REMOTE_ADDR="192.0.2.9")
    rows = read_csv(response)

    export = AccessEvent.objects.get(action=AccessAction.AUDIT_EXPORT)
    assert export.user == officer
    assert export.organization_id is None
    assert export.member_id == world.member_a.pk
    assert export.channel == Channel.WEB
    assert export.ip_address == "192.0.2.9"
    assert export.detail == "csv 2026-03-16..2026-04-15"
    # The export is recorded before the rows are read, so it is in its own accounting.
    assert [row["action"] for row in rows] == ["Access events exported", "Member viewed"]


def test_the_recorded_export_names_its_filters_without_phi(world: World, officer_client: Client) -> None:
    officer_client.get(
        CSV_URL,
        {
            "member_id": world.member_a.member_number,
            "username": world.user_a.username,
            "channel": Channel.API,
        },
    )

    export = AccessEvent.objects.get(action=AccessAction.AUDIT_EXPORT)
    assert f"user={world.user_a.username}" in export.detail
    assert "channel=api" in export.detail
    assert world.member_a.last_name not in export.detail
    assert world.member_a.member_number not in export.detail


def test_searching_the_page_is_itself_recorded_without_listing_itself(world: World, officer_client: Client) -> None:
    response = officer_client.get(EVENTS_URL, {"member_id": world.member_a.member_number})

    search = AccessEvent.objects.get()
    assert (search.action, search.member_id) == (AccessAction.AUDIT_SEARCH, world.member_a.pk)
    assert world.member_a.member_number not in search.detail
    assert "<td>Access events searched</td>" not in response.content.decode()
    assert "No access events" in response.content.decode()


def test_csv_streams_every_event_of_a_long_search_beyond_one_page(world: World, officer_client: Client) -> None:
    actor = world.actor()
    for i in range(120):
        access_record(actor=actor, action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk, detail=str(i))

    rows = read_csv(officer_client.get(CSV_URL, {"username": world.user_a.username}))

    assert len(rows) == 120
    assert {row["member_name"] for row in rows} == {world.member_a.display_name}


def test_csv_cells_cannot_run_as_spreadsheet_formulas(world: World, officer_client: Client) -> None:
    world.user_a.first_name = "=HYPERLINK(1)"
    world.user_a.save()
    access_record(actor=world.actor(), action=AccessAction.ROSTER_VIEW)

    (row,) = read_csv(officer_client.get(CSV_URL, {"username": world.user_a.username}))

    assert row["user_full_name"].startswith("'=HYPERLINK(1)")


# Who may use it -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [EVENTS_URL, CSV_URL])
def test_a_provider_user_is_refused(world: World, client_a: Client, url: str) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)

    response = client_a.get(url)

    assert response.status_code == 403
    assert AccessEvent.objects.filter(action=AccessAction.AUDIT_EXPORT).count() == 0


@pytest.mark.parametrize("role", [r for r in StaffRole if r != StaffRole.PRIVACY_OFFICER])
@pytest.mark.parametrize("url", [EVENTS_URL, CSV_URL])
def test_other_plan_staff_are_refused(world: World, url: str, role: StaffRole) -> None:
    client = Client()
    client.force_login(factories.UserFactory(staff_roles=[role.value]))

    response = client.get(url, {"member_id": world.member_a.member_number})

    assert response.status_code == 403
    assert world.member_a.last_name not in response.content.decode()
    assert not AccessEvent.objects.filter(action=AccessAction.AUDIT_EXPORT).exists()


@pytest.mark.parametrize("url", [EVENTS_URL, CSV_URL])
def test_anonymous_visitor_is_sent_to_sign_in(db, url: str) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(url)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_search_accepts_only_get(officer_client: Client) -> None:
    assert officer_client.post(EVENTS_URL).status_code == 405


def test_member_lookup_is_for_privacy_officers_only(world: World, officer: User) -> None:
    examiner = factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value])
    number = world.member_a.member_number

    assert member_for_privacy_officer(user=officer, member_number=number) == world.member_a
    for user in (examiner, world.user_a):
        with pytest.raises(PermissionDenied):
            member_for_privacy_officer(user=user, member_number=number)
        with pytest.raises(PermissionDenied):
            member_labels_for_privacy_officer(user=user, member_ids=[world.member_a.pk])


def test_member_lookup_answers_none_for_an_unknown_member_id(world: World, officer: User) -> None:
    assert member_for_privacy_officer(user=officer, member_number="CH000000000") is None
    assert member_for_privacy_officer(user=officer, member_number="  ") is None
