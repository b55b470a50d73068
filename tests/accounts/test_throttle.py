"""The direct sign-in throttle: repeated failures make an account (and an address) wait a short, growing time,
a right password during the wait is refused like a wrong one, and the wait ends by itself."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from portico.accounts.models import SecurityEvent, SecurityEventKind
from portico.accounts.throttle import Scope, Stage, signin_failure_record, signin_wait
from tests import factories
from tests.accounts.signin_support import enrolled_device, fresh_code, password_sign_in, stopped_by_mfa
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def client_from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int = 1):  # type: ignore[no-untyped-def]
    response = None
    for _ in range(times):
        response = password_sign_in(client, username, "not-the-password")
    return response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_make_the_account_wait_a_minute_and_say_until_when(world):
    with time_machine.travel(START, tick=False):
        client = client_from("198.51.100.7")
        for _ in range(4):
            assert fail(client, world.user_a.username).status_code == 400
        fifth = fail(client, world.user_a.username)
        assert fifth.status_code == 429
        page = fifth.content.decode()
        assert "Wait 1 minute, then try again (after 1:01 a.m.)" in page
        assert "Forgot your password?" in page


def test_a_right_password_during_the_wait_is_refused_like_a_wrong_one(world):
    with time_machine.travel(START, tick=False):
        client = client_from("198.51.100.7")
        fail(client, world.user_a.username, times=5)
        right = password_sign_in(client, world.user_a.username, PASSWORD)
        wrong = fail(client, world.user_a.username)
        assert right.status_code == wrong.status_code == 429
        assert not signed_in(client)
        strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
        assert strip(right) == strip(wrong)
        throttled = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_THROTTLED, user_id=world.user_a.pk)
        assert throttled.count() == 2


def test_the_wait_ends_by_itself_and_the_right_password_then_works(world):
    with time_machine.travel(START, tick=False) as traveller:
        client = client_from("198.51.100.7")
        fail(client, world.user_a.username, times=5)
        traveller.shift(59)
        assert password_sign_in(client, world.user_a.username, PASSWORD).status_code == 429
        traveller.shift(2)
        assert password_sign_in(client, world.user_a.username, PASSWORD).status_code == 302
        assert signed_in(client)


def test_each_failure_after_a_wait_doubles_the_next_wait_up_to_fifteen_minutes(world):
    waits = []
    with time_machine.travel(START, tick=False) as traveller:
        client = client_from("198.51.100.7")
        fail(client, world.user_a.username, times=4)
        for _ in range(7):
            fail(client, world.user_a.username)
            wait = signin_wait(stage=Stage.PASSWORD, username=world.user_a.username, address=None)
            assert wait is not None
            waits.append(wait.seconds)
            traveller.shift(wait.seconds + 1)
    assert waits == [60, 120, 240, 480, 900, 900, 900]


def test_the_account_wait_holds_from_any_address_but_other_accounts_are_not_affected(world):
    with time_machine.travel(START, tick=False):
        fail(client_from("198.51.100.7"), world.user_a.username, times=5)
        elsewhere = client_from("203.0.113.9")
        assert password_sign_in(elsewhere, world.user_a.username, PASSWORD).status_code == 429
        assert password_sign_in(elsewhere, world.user_b.username, PASSWORD).status_code == 302


def test_a_success_forgets_the_accounts_failures(world):
    with time_machine.travel(START, tick=False):
        fail(client_from("198.51.100.7"), world.user_a.username, times=4)
        assert password_sign_in(client_from("198.51.100.7"), world.user_a.username, PASSWORD).status_code == 302
        fail(client_from("198.51.100.7"), world.user_a.username, times=4)
        assert password_sign_in(client_from("198.51.100.7"), world.user_a.username, PASSWORD).status_code == 302


def test_failures_fifteen_quiet_minutes_apart_are_forgotten(world):
    with time_machine.travel(START, tick=False) as traveller:
        client = client_from("198.51.100.7")
        fail(client, world.user_a.username, times=4)
        traveller.shift(15 * 60 + 1)
        assert fail(client, world.user_a.username).status_code == 400


def test_unknown_usernames_are_counted_the_same_way(db):
    with time_machine.travel(START, tick=False):
        client = client_from("198.51.100.7")
        responses = [fail(client, "no-such-person").status_code for _ in range(5)]
        assert responses == [400, 400, 400, 400, 429]
        event = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED).first()
        assert event is not None
        assert event.user_id is None
        assert event.username == "no-such-person"


def test_one_address_trying_many_accounts_waits_after_its_larger_budget(world, settings):
    settings.PORTICO = {**settings.PORTICO, "SIGN_IN_ADDRESS_FAILURES": 8}
    with time_machine.travel(START, tick=False) as traveller:
        attacker = client_from("198.51.100.66")
        statuses = [fail(attacker, f"guess{n}").status_code for n in range(8)]
        assert statuses == [400] * 7 + [429]
        # Every account, even one with its right password, waits from that address — and only from it.
        assert password_sign_in(attacker, world.user_a.username, PASSWORD).status_code == 429
        assert password_sign_in(client_from("203.0.113.9"), world.user_a.username, PASSWORD).status_code == 302
        wait = signin_wait(stage=Stage.PASSWORD, username="", address="198.51.100.66")
        assert wait is not None
        assert wait.scope is Scope.ADDRESS
        traveller.shift(61)
        assert password_sign_in(attacker, world.user_b.username, PASSWORD).status_code == 302


def test_a_missing_password_is_not_counted_as_a_failure(world):
    with time_machine.travel(START, tick=False):
        client = client_from("198.51.100.7")
        for _ in range(6):
            response = client.post("/accounts/login/", {"username": world.user_a.username, "password": ""})
            assert response.status_code == 400
        assert "Password: enter your password." in response.content.decode()
        assert password_sign_in(client, world.user_a.username, PASSWORD).status_code == 302


def test_wrong_two_step_codes_make_the_second_step_wait_too(world):
    device = enrolled_device(world.user_a)
    with time_machine.travel(START, tick=False) as traveller:
        client = client_from("198.51.100.7")
        password_sign_in(client, world.user_a.username, PASSWORD)
        statuses = [client.post("/accounts/mfa/", {"code": "000000"}).status_code for _ in range(5)]
        assert statuses == [400, 400, 400, 400, 429]
        refused = client.post("/accounts/mfa/", {"code": fresh_code(device)})
        assert refused.status_code == 429
        assert "Wait 1 minute" in refused.content.decode()
        assert stopped_by_mfa(client)
        traveller.shift(61)
        assert client.post("/accounts/mfa/", {"code": fresh_code(device)}).status_code == 302
        assert not stopped_by_mfa(client)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_FAILED).count() == 5


def test_the_counter_is_kept_per_stage(world):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            signin_failure_record(stage=Stage.MFA, username=world.user_a.username, address=None)
        assert signin_wait(stage=Stage.MFA, username=world.user_a.username, address=None) is not None
        assert signin_wait(stage=Stage.PASSWORD, username=world.user_a.username, address=None) is None
        # usernames are compared without case
        assert signin_wait(stage=Stage.MFA, username=world.user_a.username.upper(), address=None) is not None


def test_a_waiting_account_can_still_sign_in_through_single_sign_on(world):
    """The throttle guards the password form only; the hub's sessions never pass through it."""
    factories.MembershipFactory(user=world.user_b, organization=world.org_a)
    with time_machine.travel(START, tick=False):
        fail(client_from("198.51.100.7"), world.user_a.username, times=5)
        client = Client()
        client.force_login(world.user_a)  # as the SSO consumer does, after a verified assertion
        assert not stopped_by_mfa(client)
