"""Provider updates: search and categories, the Atom feed, sign-up with confirmation, unsubscribe, and the email
that publishing sends to the confirmed subscribers of the update's category only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from portico.accounts.models import StaffRole
from portico.content.update_services import UpdateInput, update_create, update_publish
from portico.content.updates import ProviderUpdate, UpdateCategory, UpdateSubscription
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _commit_callbacks(django_capture_on_commit_callbacks: Any) -> None:
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture: Any = None


def publish(title: str, category: str = UpdateCategory.CLAIMS_BILLING, body: str = "Details.") -> ProviderUpdate:
    """Write and publish an update; its emails go out as after a commit."""
    update = update_create(data=UpdateInput(title=title, category=category, summary=f"{title}.", body=body), user=None)
    with _capture(execute=True):
        return update_publish(update_id=update.pk)


def subscribe(client: Client, email: str, topics: list[str]) -> str:
    """Sign up and return the confirmation link's path from the email."""
    mail.outbox.clear()
    response = client.post("/updates/subscribe/", {"email": email, "topics": topics})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    (message,) = mail.outbox
    return re.search(r"http://[^/]+(/updates/subscribe/confirm/\S+/)", message.body).group(1)  # type: ignore[union-attr]


def test_the_list_is_public_newest_first_and_searchable_by_words_and_category(client: Client) -> None:
    publish("Timely filing reminder", UpdateCategory.CLAIMS_BILLING, body="Submit claims within 120 days.")
    publish("New prior authorization vendor", UpdateCategory.PRIOR_AUTHORIZATION, body="Summit Specialty Review.")
    update_create(data=UpdateInput(title="Draft pharmacy news", category="pharmacy", summary="x", body="y"), user=None)
    body = client.get("/updates/").content.decode()
    assert body.index("New prior authorization vendor") < body.index("Timely filing reminder")
    assert "Draft pharmacy news" not in body
    found = client.get("/updates/?q=120+days").content.decode()
    assert "Timely filing reminder" in found
    assert "New prior authorization vendor" not in found
    by_category = client.get("/updates/?category=prior_authorization").content.decode()
    assert "New prior authorization vendor" in by_category
    assert "Timely filing reminder" not in by_category
    bad = client.get("/updates/?category=gossip")
    assert bad.status_code == 400
    assert 'href="#id_category"' in bad.content.decode()


def test_an_update_has_its_own_page_and_a_draft_is_not_found(client: Client) -> None:
    update = publish("Timely filing reminder", body="First paragraph.\n\nSecond paragraph.")
    page = client.get(f"/updates/{update.slug}/").content.decode()
    assert "<p>First paragraph.</p>" in page
    assert "<p>Second paragraph.</p>" in page
    draft = update_create(data=UpdateInput(title="Secret draft", category="pharmacy", summary="x", body="y"), user=None)
    assert client.get(f"/updates/{draft.slug}/").status_code == 404


def test_the_atom_feed_parses_and_lists_the_latest_first(client: Client) -> None:
    publish("Older news")
    publish("Latest news", UpdateCategory.MEDICARE)
    response = client.get("/updates/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, just rendered
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Cascadia Health provider updates"  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Latest news", "Older news"]  # type: ignore[union-attr]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").endswith("/updates/latest-news/")  # type: ignore[union-attr]
    assert first.find(f"{ATOM}id") is not None
    assert first.find(f"{ATOM}updated") is not None
    assert first.find(f"{ATOM}category").get("term") == "Medicare"  # type: ignore[union-attr]


def test_signing_up_stores_nothing_until_the_link_is_followed(client: Client) -> None:
    link = subscribe(client, "billing@clinic.example", ["claims_billing", "pharmacy"])
    assert not UpdateSubscription.objects.exists()
    assert "Confirm my sign-up" in client.get(link).content.decode()  # opening the link alone confirms nothing
    assert not UpdateSubscription.objects.exists()
    response = client.post(link)
    assert "You are signed up" in response.content.decode()
    subscription = UpdateSubscription.objects.get()
    assert (subscription.email, sorted(subscription.topics)) == (
        "billing@clinic.example",
        ["claims_billing", "pharmacy"],
    )


def test_a_tampered_confirmation_link_is_refused(client: Client) -> None:
    link = subscribe(client, "billing@clinic.example", ["claims_billing"])
    response = client.post(link.replace("confirm/", "confirm/x"))
    assert response.status_code == 400
    assert not UpdateSubscription.objects.exists()


def test_a_bad_sign_up_names_each_field(client: Client) -> None:
    response = client.post("/updates/subscribe/", {"email": "not-an-address", "topics": []})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_email"' in body
    assert 'href="#id_topics_0"' in body
    assert mail.outbox == []


def test_publishing_emails_only_confirmed_subscribers_of_the_topic(client: Client) -> None:
    client.post(subscribe(client, "claims@clinic.example", ["claims_billing"]))
    client.post(subscribe(client, "pharmacy@clinic.example", ["pharmacy"]))
    subscribe(Client(), "unconfirmed@clinic.example", ["claims_billing"])  # never follows the link
    gone = subscribe(client, "gone@clinic.example", ["claims_billing"])
    client.post(gone)
    UpdateSubscription.objects.filter(email="gone@clinic.example").update(unsubscribed_at=timezone.now())
    mail.outbox.clear()
    update = publish("Timely filing reminder", UpdateCategory.CLAIMS_BILLING)
    recipients = [m.to for m in mail.outbox]
    assert recipients == [["claims@clinic.example"]]
    (message,) = mail.outbox
    assert "Timely filing reminder" in message.subject
    assert f"/updates/{update.slug}/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with _capture(execute=True):
        update_publish(update_id=update.pk)  # publishing again sends nothing more
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_in_every_email_works_with_one_click(client: Client) -> None:
    client.post(subscribe(client, "claims@clinic.example", ["claims_billing"]))
    mail.outbox.clear()
    publish("Timely filing reminder")
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    path = "/" + link
    assert path in message.body.replace("http://127.0.0.1:8000", "")
    assert "Unsubscribe" in client.get(path).content.decode()
    assert UpdateSubscription.objects.get().unsubscribed_at is None  # opening the page changes nothing
    one_click = Client(enforce_csrf_checks=True)  # a mail client's RFC 8058 POST carries no CSRF token
    response = one_click.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert UpdateSubscription.objects.get().unsubscribed_at is not None
    mail.outbox.clear()
    publish("Another claims update")
    assert mail.outbox == []


def test_an_editor_writes_and_publishes_an_update(client: Client) -> None:
    client.post(subscribe(client, "claims@clinic.example", ["claims_billing"]))
    mail.outbox.clear()
    editor = Client()
    editor.force_login(factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value]))
    fields = {
        "title": "Remittance changes",
        "category": "claims_billing",
        "summary": "New 835 layout.",
        "body": "Text.",
    }
    response = editor.post("/publish/updates/new/", {**fields, "action": "save"})
    update = ProviderUpdate.objects.get()
    assert response["Location"] == f"/publish/updates/{update.pk}/"
    assert not update.is_published
    assert mail.outbox == []
    with _capture(execute=True):
        response = editor.post(f"/publish/updates/{update.pk}/", {**fields, "action": "publish"})
    update.refresh_from_db()
    assert update.is_published
    assert [m.to for m in mail.outbox] == [["claims@clinic.example"]]
    bad = editor.post("/publish/updates/new/", {"title": "", "category": "", "summary": "", "body": ""})
    assert bad.status_code == 400
    assert all(f'href="#id_{f}"' in bad.content.decode() for f in ("title", "category", "summary", "body"))


def test_the_catch_up_command_sends_what_a_failed_run_left(client: Client, capsys: Any) -> None:
    from django.core.management import call_command

    client.post(subscribe(client, "claims@clinic.example", ["claims_billing"]))
    update = update_create(
        data=UpdateInput(title="Timely filing", category="claims_billing", summary="s", body="b"), user=None
    )
    update_publish(update_id=update.pk)  # its task never ran (no commit in this test): the email waits
    mail.outbox.clear()
    call_command("updates", "send-emails")
    assert [m.to for m in mail.outbox] == [["claims@clinic.example"]]
    call_command("updates", "send-emails")
    assert len(mail.outbox) == 1
    assert "0 update email(s) sent." in capsys.readouterr().out
