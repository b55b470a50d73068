"""'Message the plan about this': the eligibility answer and an authorization request offer a secure message
already linked to the member or request, with the team that handles it — only to people who may write messages."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole
from portico.messaging.threads.links import LINK_FIELD
from portico.messaging.threads.models import MessageThread, PlanTeam
from tests.authorizations.review_support import submitted
from tests.authorizations.support import AuthWorld
from tests.conftest import World
from tests.messaging.test_threads import give_messaging

# Dates of service in 2026: see tests/conftest.py SUITE_TODAY.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_clock")]


def link_to_message(body: str, text: str) -> str | None:
    """The href of the link whose text is ``text``, unescaped; None when the page has no such link."""
    end = body.find(f">{text}</a>")
    if end == -1:
        return None
    start = body.rfind('href="', 0, end) + len('href="')
    return html.unescape(body[start : body.index('"', start)])


def eligibility_answer(client: Client, world: World) -> str:
    member = world.member_a
    response = client.post(
        "/eligibility/",
        {
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "date_of_service": "2026-11-16",
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_eligibility_answer_offers_a_message_linked_to_the_member(world: World, client_a: Client) -> None:
    give_messaging(world)
    href = link_to_message(eligibility_answer(client_a, world), "Message the plan about this member")
    assert href is not None
    query = parse_qs(urlsplit(href).query)
    assert query == {
        "link_kind": ["member"],
        "link": [world.member_a.member_number],
        "team": ["provider-services"],
        "topic": ["member"],
    }
    form = client_a.get(href).content.decode()
    provider_services = PlanTeam.objects.get(key="provider-services")
    assert f'value="{provider_services.pk}" id="id_team" checked' in form
    assert '<option value="member" selected>' in form
    assert f'value="{world.member_a.member_number}"' in form


def test_without_the_messaging_role_there_is_no_message_link(world: World, client_a: Client) -> None:
    assert link_to_message(eligibility_answer(client_a, world), "Message the plan about this member") is None


def test_a_request_offers_a_message_to_utilization_management_that_sends(auth: AuthWorld) -> None:
    world = auth.world
    row = submitted(auth)
    client = Client()
    client.force_login(world.user_a)
    text = "Message Utilization Management about this request"
    assert link_to_message(client.get(f"/authorizations/{row.pk}/").content.decode(), text) is None
    give_messaging(world)
    href = link_to_message(client.get(f"/authorizations/{row.pk}/").content.decode(), text)
    assert href is not None
    query = parse_qs(urlsplit(href).query)
    assert query["link"] == [row.number]
    assert query["team"] == ["utilization-management"]
    team = PlanTeam.objects.get(key="utilization-management")
    response = client.post(
        "/messages/new/",
        {
            "team": str(team.pk),
            "topic": query["topic"][0],
            "subject": "Clinical notes sent by fax",
            "link_kind": query["link_kind"][0],
            LINK_FIELD: query["link"][0],
            "body": "We faxed the notes for this request this morning.",
        },
    )
    assert response.status_code == 302
    thread = MessageThread.objects.get()
    assert (thread.link_kind, thread.link_id, thread.member_id) == ("authorization", row.pk, row.member_id)
    assert Membership.objects.get(user=world.user_a).has_role(ProviderRole.MESSAGING)
