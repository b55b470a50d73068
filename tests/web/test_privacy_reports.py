"""The privacy officer's breach-investigation report and security events, and the access search by
organization."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from portico.accounts.models import SecurityEvent, SecurityEventKind, StaffRole
from portico.accounts.services import api_token_create, security_event_record
from portico.common.access import access_record
from portico.common.models import AccessAction, AccessEvent
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(db) -> Client:  # type: ignore[no-untyped-def]
    officer = factories.UserFactory(username="privacy.pat", staff_roles=[StaffRole.PRIVACY_OFFICER.value])
    client = Client()
    client.force_login(officer)
    return client


def rows(response: StreamingHttpResponse) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[arg-type]


def test_the_breach_report_lists_every_access_to_the_members_concerned(world: World, officer_client: Client) -> None:
    bystander = factories.MemberFactory()
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.MEMBER_VIEW, member_id=world.member_b.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.MEMBER_DENIED, member_id=world.member_a.pk)
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=bystander.pk)
    pasted = f"{world.member_a.member_number}\n{world.member_b.member_number.lower()}, CH000000000"
    summary = officer_client.post(
        "/privacy/breach/",
        {"member_ids": pasted, "date_from": "2026-01-01", "action": "summary", "date_to": "2027-12-31"},
    )
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "CH000000000" in page  # named as not found
    assert world.org_a.legal_name in page
    assert world.org_b.legal_name in page
    download = officer_client.post(
        "/privacy/breach/", {"member_ids": pasted, "date_from": "2026-01-01", "date_to": "2027-12-31", "action": "csv"}
    )
    events = rows(download)
    assert sorted(e["member_id"] for e in events) == sorted(
        [world.member_a.member_number, world.member_a.member_number, world.member_b.member_number]
    )
    assert bystander.member_number not in {e["member_id"] for e in events}
    # Each member's own accounting shows the investigation (the summary and the download).
    recorded = AccessEvent.objects.filter(member_id=world.member_a.pk, detail__startswith="breach report")
    assert sorted(recorded.values_list("action", flat=True)) == [AccessAction.AUDIT_EXPORT, AccessAction.AUDIT_SEARCH]


def test_the_breach_report_names_bad_input_and_records_nothing(world: World, officer_client: Client) -> None:
    before = AccessEvent.objects.count()
    nobody = officer_client.post(
        "/privacy/breach/", {"member_ids": "CH000000000", "date_from": "2026-01-01", "date_to": "2026-02-01"}
    )
    assert nobody.status_code == 400
    assert "None of these member IDs belongs to a member." in nobody.content.decode()
    backwards = officer_client.post(
        "/privacy/breach/",
        {"member_ids": world.member_a.member_number, "date_from": "2026-03-01", "date_to": "2026-02-01"},
    )
    assert backwards.status_code == 400
    assert 'id="id_date_to-error"' in backwards.content.decode()
    assert AccessEvent.objects.count() == before


def test_only_the_privacy_officer_reaches_the_reports(world: World, client_a: Client) -> None:
    for url in ("/privacy/breach/", "/privacy/security/", "/privacy/security.csv"):
        assert client_a.get(url).status_code == 403


def test_security_events_by_person_organization_and_kind(world: World, officer_client: Client) -> None:
    api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PMS")
    security_event_record(kind=SecurityEventKind.SIGN_IN_FAILED, username="nosuchperson", ip_address="203.0.113.9")
    page = officer_client.get("/privacy/security/", {"kind": "sign_in_failed"}).content.decode()
    assert "nosuchperson" in page
    assert "203.0.113.9" in page
    assert world.user_a.username not in page
    by_org = officer_client.get("/privacy/security/", {"organization": world.org_a.tin}).content.decode()
    assert "API token created" in by_org
    assert "nosuchperson" not in by_org
    download = rows(officer_client.get("/privacy/security.csv", {"username": world.user_a.username}))
    assert [r["event"] for r in download] == ["API token created"]
    assert download[0]["organization"] == world.org_a.legal_name
    wrong = officer_client.get("/privacy/security/", {"organization": "123"})
    assert wrong.status_code == 400
    assert "No provider organization has that TIN." in wrong.content.decode()
    assert SecurityEvent.objects.count() == 2


def test_access_events_by_organization(world: World, officer_client: Client) -> None:
    access_record(actor=world.actor(), action=AccessAction.MEMBER_VIEW, member_id=world.member_a.pk)
    access_record(actor=world.actor(world.user_b), action=AccessAction.MEMBER_VIEW, member_id=world.member_b.pk)
    page = officer_client.get("/privacy/events/", {"organization": world.org_b.tin}).content.decode()
    assert world.member_b.member_number in page
    assert world.member_a.member_number not in page
