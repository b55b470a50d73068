"""Two-step verification: enrolment with a QR code and recovery codes, codes at sign-in, recovery codes used once,
replacing them, the help desk's reset, and the demo personas' published authenticator."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.accounts import mfa
from portico.accounts.gate import AUTH_PASSWORD, AUTH_SSO, SESSION_AUTH_METHOD
from portico.accounts.models import SecurityEvent, SecurityEventKind
from tests import factories
from tests.accounts.signin_support import code_for_secret, enrolled_device, fresh_code, password_sign_in, stopped_by_mfa
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db]


def kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(SecurityEvent.objects.filter(user_id=user.pk).order_by("id").values_list("kind", flat=True))


def shown_secret(page: str) -> str:
    found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert found, "the setup key is shown in text"
    return found.group(1)


def shown_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page)


def test_a_first_password_sign_in_sets_up_the_authenticator_and_shows_recovery_codes_once(world):
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.get("/eligibility/")
    assert response["Location"] == "/accounts/mfa/?next=%2Feligibility%2F"
    response = client.get(response["Location"])
    assert response["Location"] == "/accounts/mfa/setup/?next=%2Feligibility%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, as an image: no script
    assert "<script>" not in page
    assert "style=" not in page
    secret = shown_secret(page)

    response = client.post(
        "/accounts/mfa/setup/", {"code": code_for_secret(secret), "next": "/eligibility/"}, follow=False
    )
    assert response["Location"] == "/accounts/mfa/recovery-codes/?next=%2Feligibility%2F"
    page = client.get(response["Location"]).content.decode()
    codes = shown_codes(page)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert "will not be shown again" in page
    download = client.get("/accounts/mfa/recovery-codes.txt")
    assert download["Content-Disposition"].endswith('filename="portico-recovery-codes.txt"')
    assert all(code in download.content.decode() for code in codes)

    response = client.post("/accounts/mfa/recovery-codes/", {"next": "/eligibility/"})
    assert response["Location"] == "/eligibility/"
    assert not stopped_by_mfa(client)
    # Shown once: the page and the download are gone.
    for url in ("/accounts/mfa/recovery-codes/", "/accounts/mfa/recovery-codes.txt"):
        again = client.get(url, follow=True).content.decode()
        assert not any(code in again for code in codes)
    assert TOTPDevice.objects.get(user=world.user_a).confirmed
    assert kinds(world.user_a) == [SecurityEventKind.SIGN_IN, SecurityEventKind.MFA_ENROLLED]


def test_a_wrong_code_at_setup_names_the_field_and_sets_nothing_up(world):
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    client.get("/accounts/mfa/setup/")
    response = client.post("/accounts/mfa/setup/", {"code": "000000"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Code: that code did not match" in page
    assert 'aria-invalid="true"' in page
    assert not TOTPDevice.objects.filter(user=world.user_a, confirmed=True).exists()
    assert stopped_by_mfa(client)


def test_the_setup_page_keeps_its_secret_while_the_person_is_setting_up(world):
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    first = shown_secret(client.get("/accounts/mfa/setup/").content.decode())
    again = shown_secret(client.get("/accounts/mfa/setup/").content.decode())
    assert first == again


def test_once_enrolled_a_password_alone_cannot_set_up_another_authenticator(world):
    enrolled_device(world.user_a)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.get("/accounts/mfa/setup/")
    assert response["Location"].startswith("/accounts/mfa/?")
    assert mfa.mfa_enrolment_confirm(user=world.user_a, code="123456") is None


def test_a_person_with_an_authenticator_enters_a_code(world):
    device = enrolled_device(world.user_a)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.get("/accounts/mfa/?next=/eligibility/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'autocomplete="one-time-code"' in page
    # The portal is not open yet: no menu, no notification count, no organization switch.
    assert 'class="site-nav"' not in page
    assert "notifications-link" not in page

    wrong = client.post("/accounts/mfa/", {"code": "12345", "next": "/eligibility/"})
    assert wrong.status_code == 400
    assert "Code: that code did not match" in wrong.content.decode()
    assert stopped_by_mfa(client)

    right = client.post("/accounts/mfa/", {"code": fresh_code(device), "next": "/eligibility/"})
    assert right["Location"] == "/eligibility/"
    assert not stopped_by_mfa(client)
    terms_page = client.get("/accounts/terms/").content.decode()
    assert 'class="site-nav"' not in terms_page  # the terms step is still ahead
    assert kinds(world.user_a) == [SecurityEventKind.SIGN_IN, SecurityEventKind.MFA_FAILED, SecurityEventKind.MFA_USED]


def test_an_empty_code_names_the_field(world):
    enrolled_device(world.user_a)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.post("/accounts/mfa/", {"code": "  "})
    assert response.status_code == 400
    assert "Code: enter the 6-digit code" in response.content.decode()


def test_a_code_works_only_once(world):
    device = enrolled_device(world.user_a)
    code = fresh_code(device)
    first = Client()
    password_sign_in(first, world.user_a.username, PASSWORD)
    assert first.post("/accounts/mfa/", {"code": code}).status_code == 302
    second = Client()
    password_sign_in(second, world.user_a.username, PASSWORD)
    assert second.post("/accounts/mfa/", {"code": code}).status_code == 400


def test_the_mfa_step_does_not_follow_a_next_off_site(world):
    device = enrolled_device(world.user_a)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.post("/accounts/mfa/", {"code": fresh_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_signs_in_once(world):
    enrolled_device(world.user_a)
    codes = mfa.recovery_codes_regenerate(user=world.user_a)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    response = client.post("/accounts/mfa/", {"code": codes[0].upper().replace("-", " ")})
    assert response["Location"] == "/"
    assert "9 are left" in client.get("/", follow=True).content.decode()
    assert StaticToken.objects.filter(device__user=world.user_a).count() == 9

    again = Client()
    password_sign_in(again, world.user_a.username, PASSWORD)
    assert again.post("/accounts/mfa/", {"code": codes[0]}).status_code == 400
    assert SecurityEventKind.MFA_RECOVERY_USED in kinds(world.user_a)


def test_a_password_session_is_sent_to_two_step_verification_and_a_single_sign_on_session_is_not(world):
    enrolled_device(world.user_a)
    for method, expected in ((AUTH_PASSWORD, True), (AUTH_SSO, False)):
        client = Client()
        assert client.login(username=world.user_a.username, password=PASSWORD)  # no gate marks
        session = client.session
        session[SESSION_AUTH_METHOD] = method
        session.save()
        assert stopped_by_mfa(client) is expected, method


def test_recovery_codes_are_replaced_from_the_profile_after_a_fresh_code(world, client_a):
    device = enrolled_device(world.user_a)
    old = mfa.recovery_codes_regenerate(user=world.user_a)
    assert "Make new recovery codes" in client_a.get("/accounts/profile/").content.decode()
    page = client_a.get("/accounts/mfa/recovery-codes/new/").content.decode()
    assert "10 unused recovery codes" in page

    refused = client_a.post("/accounts/mfa/recovery-codes/new/", {"code": old[1]})
    assert refused.status_code == 400
    assert "not a recovery code" in refused.content.decode()
    wrong = client_a.post("/accounts/mfa/recovery-codes/new/", {"code": "000000"})
    assert wrong.status_code == 400

    response = client_a.post("/accounts/mfa/recovery-codes/new/", {"code": fresh_code(device)})
    assert response["Location"] == "/accounts/mfa/recovery-codes/?next=%2Faccounts%2Fprofile%2F"
    new = shown_codes(client_a.get(response["Location"]).content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert mfa.mfa_verify(user=world.user_a, code=old[2]) is None
    assert mfa.mfa_verify(user=world.user_a, code=new[2]) is not None


def test_the_help_desk_resets_two_step_verification_and_the_next_sign_in_sets_it_up_again(world):
    enrolled_device(world.user_a)
    mfa.recovery_codes_regenerate(user=world.user_a)
    out = call_command("accounts", "reset-mfa", world.user_a.username, "--reason", "lost phone, ticket 4411")
    assert TOTPDevice.objects.filter(user=world.user_a).count() == 0
    assert StaticToken.objects.filter(device__user=world.user_a).count() == 0
    event = SecurityEvent.objects.get(user_id=world.user_a.pk, kind=SecurityEventKind.MFA_RESET)
    assert "lost phone" in event.detail
    assert out is None or "reset" in out
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    assert client.get("/accounts/mfa/")["Location"].startswith("/accounts/mfa/setup/")


def test_the_reset_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("accounts", "reset-mfa", "nobody")


def test_a_plan_administrator_resets_two_step_verification_in_the_admin(world):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    enrolled_device(world.user_a)
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_step_verification", "_selected_action": [world.user_a.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.user_a).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.MFA_RESET)
    assert event.user_id == world.user_a.pk
    assert event.actor_id == admin.pk


def test_no_secret_code_or_password_reaches_an_event_or_a_log(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    password_sign_in(client, world.user_a.username, PASSWORD)
    password_sign_in(Client(), world.user_a.username, "a-wrong-password-here")
    secret = shown_secret(client.get("/accounts/mfa/setup/").content.decode())
    code = code_for_secret(secret)
    client.post("/accounts/mfa/setup/", {"code": "999999"})
    client.post("/accounts/mfa/setup/", {"code": code})
    codes = shown_codes(client.get("/accounts/mfa/recovery-codes/").content.decode())
    device = TOTPDevice.objects.get(user=world.user_a)
    secrets_ = [PASSWORD, "a-wrong-password-here", secret.replace(" ", ""), device.key, code, *codes]
    details = " ".join(SecurityEvent.objects.values_list("detail", flat=True))
    for value in secrets_:
        assert value not in details
        assert value not in caplog.text
    assert client.session[SESSION_KEY]


def test_demo_code_prints_a_personas_current_code_and_refuses_elsewhere(db, settings, capsys):
    from portico.demo.personas import DEMO_TOTP_SECRET, _demo_authenticator_ensure

    persona = factories.UserFactory(username="frontdesk")
    _demo_authenticator_ensure(persona)
    before = time.time()
    call_command("demo_code", "frontdesk")
    after = time.time()
    printed = capsys.readouterr().out.strip()
    # The code of the 30-second step the command ran in; a step may have begun while it ran.
    assert printed in {code_for_secret(DEMO_TOTP_SECRET, at=before), code_for_secret(DEMO_TOTP_SECRET, at=after)}
    assert mfa.mfa_verify(user=persona, code=printed) is not None

    factories.UserFactory(username="outsider")
    with pytest.raises(CommandError, match="not a demo persona"):
        call_command("demo_code", "outsider")
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PORTICO_ENV=production"):
        call_command("demo_code", "frontdesk")


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/mfa/",
        "/accounts/mfa/setup/",
        "/accounts/mfa/recovery-codes/",
        "/accounts/mfa/recovery-codes.txt",
        "/accounts/mfa/recovery-codes/new/",
        "/accounts/password/change/",
    ],
)
def test_every_two_step_and_password_page_sends_a_stranger_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
