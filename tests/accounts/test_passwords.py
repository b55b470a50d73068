"""Passwords after NIST SP 800-63B, enforced wherever a password is set; reset by email; change from the profile."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from portico.accounts.models import SecurityEvent, SecurityEventKind, User
from tests.accounts.signin_support import password_sign_in, stopped_by_mfa
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]

GOOD = "tangerine harbor oatmeal lantern"


def person() -> User:
    return User(username="rosa.delgado", first_name="Rosa", last_name="Delgado", email="rosa.delgado@clinic.example")


@pytest.mark.parametrize(
    "password",
    [
        GOOD,
        "alllowercaseandnothingelsewhatsoever",  # no composition rules
        "Ünïcödé pässwörds wörk töö 🌲",
        "x" * 3 + "a long passphrase of exactly sixty-four characters for testing",  # 64 allowed
        "b" + "Y" * 2 + " plus a passphrase that goes on well past sixty-four characters, up to two hundred",
    ],
)
def test_long_passwords_of_any_characters_are_accepted(password):
    validate_password(password, person())


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("Tr0ub4dor&3", "too short: use at least 12 characters"),
        ("correcthorsebatterystaple", "exposed in data breaches"),
        ("password1234", "exposed in data breaches"),
        ("iloveyou1234", "exposed in data breaches"),
        ("rosa.delgado99!", "like your username, name or email"),
        ("DelgadoRosa#2026", "like your username, name or email"),
        ("zzzzzzzzzzzzzzzz", "too easy to guess"),
        ("98765432109876", "too easy to guess"),
        ("Cascadia2026!", "too easy to guess"),
        ("PorticoHealth1", "too easy to guess"),
        ("w" * 257, "too long: use at most 256 characters"),
    ],
)
def test_short_breached_personal_and_predictable_passwords_are_refused_with_a_reason(password, says):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, person())
    assert any(says in message for message in refused.value.messages)
    assert all(message.startswith("The password") for message in refused.value.messages)


def test_the_rules_are_explained_without_composition_rules():
    texts = " ".join(password_validators_help_texts())
    assert "At least 12 characters" in texts
    assert "uppercase" not in texts
    assert "digit" not in texts


def reset_link(body: str) -> str:
    found = re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert found, body
    return found.group(1)


def test_a_forgotten_password_is_reset_by_email_and_the_next_sign_in_still_asks_for_a_code(world, settings):
    world.user_a.email = "frontdesk@alder.example"
    world.user_a.save()
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "FrontDesk@alder.example"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["frontdesk@alder.example"]
    assert "Reset your" in email.subject
    assert f"username: {world.user_a.username}" in email.body
    assert "within 60 minutes" in email.body
    for member in (world.member_a, world.member_b):
        assert member.last_name not in email.body
        assert member.member_number not in email.body
    link = reset_link(email.body)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    confirm_url = form.redirect_chain[-1][0]
    weak = client.post(confirm_url, {"new_password1": "password1234", "new_password2": "password1234"})
    assert weak.status_code == 200
    page = weak.content.decode()
    assert "New password: The password appears in lists of passwords exposed in data breaches" in page
    assert 'aria-invalid="true"' in page

    done = client.post(confirm_url, {"new_password1": GOOD, "new_password2": GOOD})
    assert done["Location"] == "/accounts/password/reset/done/"
    assert "_auth_user_id" not in client.session  # a reset never signs in
    assert "expired or was already used" in client.get(link, follow=True).content.decode()

    kinds = list(SecurityEvent.objects.filter(user_id=world.user_a.pk).values_list("kind", flat=True))
    assert SecurityEventKind.PASSWORD_RESET_REQUESTED in kinds
    assert SecurityEventKind.PASSWORD_CHANGED in kinds
    assert password_sign_in(client, world.user_a.username, GOOD).status_code == 302
    assert stopped_by_mfa(client)


def test_a_reset_link_expires(world):
    world.user_a.email = "frontdesk@alder.example"
    world.user_a.save()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client = Client()
        client.post("/accounts/password/reset/", {"email": "frontdesk@alder.example"})
        link = reset_link(mail.outbox[0].body)
        traveller.shift(3601)
        page = client.get(link, follow=True).content.decode()
    assert "expired or was already used" in page


def test_an_unknown_address_gets_the_same_answer_and_no_email(world):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@nowhere.example"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED)
    assert event.user_id is None
    assert "nobody@nowhere.example" not in event.detail


def test_a_bad_email_address_names_the_field(db):
    response = Client().post("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200
    assert "Email address: Enter a valid email address." in response.content.decode()


@pytest.mark.usefixtures("throttle_window")
def test_reset_requests_from_one_address_are_limited(world):
    client = Client()
    for _ in range(5):
        assert client.post("/accounts/password/reset/", {"email": "x@nowhere.example"}).status_code == 302
    refused = client.post("/accounts/password/reset/", {"email": "x@nowhere.example"})
    assert refused.status_code == 429
    assert "Email address: Too many reset requests" in refused.content.decode()


def test_the_password_is_changed_from_the_profile_page(world, client_a):
    assert "Change your password" in client_a.get("/accounts/profile/").content.decode()
    wrong = client_a.post(
        "/accounts/password/change/", {"old_password": "nope", "new_password1": GOOD, "new_password2": GOOD}
    )
    assert wrong.status_code == 400
    assert "Current password: Your old password was entered incorrectly" in wrong.content.decode()
    short = client_a.post(
        "/accounts/password/change/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert "New password: The password is too short" in short.content.decode()

    done = client_a.post(
        "/accounts/password/change/", {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD}
    )
    assert done["Location"] == "/accounts/profile/"
    assert client_a.get("/accounts/profile/").status_code == 200  # this session stays signed in
    world.user_a.refresh_from_db()
    assert world.user_a.check_password(GOOD)
    assert SecurityEvent.objects.filter(user_id=world.user_a.pk, kind=SecurityEventKind.PASSWORD_CHANGED).exists()


def test_a_password_session_must_pass_two_step_verification_before_changing_the_password(world):
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    assert client.get("/accounts/password/change/")["Location"].startswith("/accounts/mfa/")
