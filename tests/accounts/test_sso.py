"""Single sign-on through the Northwest Provider Hub, against a real SAML identity provider (tests/accounts/
saml_idp.py: pysaml2's IdP, signing with xmlsec1). Portico's python3-saml side is never mocked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client

from portico.accounts.gate import AUTH_SSO, SESSION_AUTH_METHOD
from portico.accounts.middleware import SESSION_KEY
from portico.accounts.models import Membership, ProviderRole, SecurityEvent, SecurityEventKind, User
from portico.accounts.sso.models import SsoAssertion, SsoIdentity, SsoOrganizationSetting
from tests import factories
from tests.accounts.saml_idp import HubIdP, HubUser, Posted, key_and_certificate

TIN = "930000017"
SP_BASE = "https://portal.cascadia-health.example"


def sso_settings(idp_metadata_file: Path, *, sp_key: str = "", sp_cert: str = "") -> dict[str, Any]:
    return {
        "IDP_NAME": "Northwest Provider Hub",
        "IDP_METADATA_FILE": str(idp_metadata_file),
        "IDP_ENTITY_ID": "",
        "IDP_SSO_URL": "",
        "IDP_SLO_URL": "",
        "IDP_CERT": "",
        "SP_ENTITY_ID": "",
        "SP_CERT": sp_cert,
        "SP_KEY": sp_key,
        "WANT_MESSAGES_SIGNED": False,
        "CLOCK_SKEW_SECONDS": 120,
        # The hub names the directory attributes by their URNs (pysaml2's basic name form); its own by plain names.
        "ATTRIBUTES": {
            "email": "urn:mace:dir:attribute-def:email",
            "first_name": "urn:mace:dir:attribute-def:givenName",
            "last_name": "urn:mace:dir:attribute-def:sn",
            "tin": "organizationTin",
            "roles": "portalRoles",
        },
    }


@pytest.fixture(scope="module")
def sp_keys() -> tuple[str, str]:
    return key_and_certificate("Cascadia Health provider portal (test)")


@pytest.fixture
def hub(settings, tmp_path, sp_keys, db) -> HubIdP:  # type: ignore[no-untyped-def]
    """The hub, configured in Portico through its metadata file, and trusting Portico's metadata."""
    idp = HubIdP(tmp_path / "hub")
    metadata_file = tmp_path / "hub-metadata.xml"
    metadata_file.write_text(idp.metadata)
    key, cert = sp_keys
    settings.PORTICO_BASE_URL = SP_BASE
    settings.PORTICO_SSO = sso_settings(metadata_file, sp_key=key, sp_cert=cert)
    response = Client().get("/accounts/sso/metadata/")
    assert response.status_code == 200
    idp.trust(response.content.decode())
    return idp


@pytest.fixture
def clinic(db):  # type: ignore[no-untyped-def]
    """A clinic whose administrator allows sign-in through the hub, with eligibility as the default role and the
    hub's claims hint honored."""
    organization = factories.OrganizationFactory(legal_name="Alder Street Clinic", tin=TIN)
    admin = factories.MembershipFactory(organization=organization, roles=[ProviderRole.ADMINISTRATOR.value]).user
    admin.first_name, admin.last_name, admin.email = "Ada", "Alder", "ada@alder.example"
    admin.save()
    SsoOrganizationSetting.objects.create(
        organization=organization,
        allow_provisioning=True,
        default_roles=[ProviderRole.ELIGIBILITY.value],
        honor_role_hints=True,
        honored_roles=[ProviderRole.CLAIMS.value],
    )
    return organization


def nurse(**changes: Any) -> HubUser:
    values = {
        "name_id": "nwph-000123",
        "email": "rosa.nurse@alder.example",
        "first_name": "Rosa",
        "last_name": "Nurse",
        "tin": TIN,
        "roles": ["claims", "administrator"],
    }
    return HubUser(**(values | changes))


def post(client: Client, posted: Posted) -> Any:
    return client.post(urlsplit(posted.action).path, posted.data)


def start(client: Client, next_path: str = "") -> str:
    """SP-initiated: follow Portico's sign-in link to the hub; returns the hub URL the browser is sent to."""
    response = client.get("/accounts/sso/login/" + (f"?next={next_path}" if next_path else ""))
    assert response.status_code == 302
    return str(response["Location"])


def events(kind: SecurityEventKind) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind.value))


# --- configuration ---------------------------------------------------------------------------------------------


def test_without_configuration_sso_is_off_and_the_sign_in_page_does_not_offer_it(client, db, settings):
    settings.PORTICO_SSO = {**settings.PORTICO_SSO, "IDP_METADATA_FILE": "", "IDP_ENTITY_ID": "", "IDP_SSO_URL": ""}
    page = client.get("/accounts/login/")
    assert "Northwest Provider Hub" not in page.content.decode()
    assert client.get("/accounts/sso/login/").status_code == 404
    assert client.get("/accounts/sso/metadata/").status_code == 404


def test_sign_in_page_offers_the_hub_when_configured(client, hub):
    page = client.get("/accounts/login/?next=/eligibility/").content.decode()
    assert "Sign in with Northwest Provider Hub" in page
    assert "/accounts/sso/login/?next=/eligibility/" in page
    assert 'name="password"' in page  # direct sign-in stays, for organizations outside the hub


def test_metadata_describes_the_service_provider(client, hub):
    xml = client.get("/accounts/sso/metadata/").content.decode()
    assert 'entityID="https://portal.cascadia-health.example/accounts/sso/metadata/"' in xml
    assert "https://portal.cascadia-health.example/accounts/sso/acs/" in xml
    assert "https://portal.cascadia-health.example/accounts/sso/sls/" in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert 'AuthnRequestsSigned="true"' in xml


# --- signing in --------------------------------------------------------------------------------------------------


def test_sp_initiated_round_trip_provisions_the_person_and_keeps_the_deep_link(client, hub, clinic):
    hub_url = start(client, "/eligibility/?member=ABC")
    assert hub_url.startswith(hub.sso_url)
    response = post(client, hub.answer(hub_url, nurse()))
    assert response.status_code == 302
    assert response["Location"] == "/eligibility/?member=ABC"
    user = User.objects.get(email="rosa.nurse@alder.example")
    assert (user.first_name, user.last_name) == ("Rosa", "Nurse")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, organization=clinic)
    # Default role, plus the honored hint (claims); the administrator hint is never honored.
    assert sorted(membership.roles) == ["claims", "eligibility"]
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[SESSION_AUTH_METHOD] == AUTH_SSO
    assert client.session[SESSION_KEY] == clinic.pk
    assert [e.user_id for e in events(SecurityEventKind.SSO_PROVISIONED)] == [user.pk]
    assert [e.user_id for e in events(SecurityEventKind.SSO_SIGN_IN)] == [user.pk]
    # The hub did its own two-step verification: the portal asks only for the terms, not for a code.
    home = client.get("/")
    assert home["Location"].startswith("/accounts/terms/")


def test_a_deep_link_to_another_site_is_not_followed(client, hub, clinic):
    hub_url = start(client, "https://evil.example/steal")
    response = post(client, hub.answer(hub_url, nurse()))
    assert response["Location"] == "/"


def test_idp_initiated_sign_in_with_a_relay_state(client, hub, clinic):
    posted = hub.response(nurse(), sp_entity_id=hub.sp_entity_ids()[0], relay_state="/prior-auth/")
    response = post(client, posted)
    assert response.status_code == 302
    assert response["Location"] == "/prior-auth/"
    assert client.session[SESSION_AUTH_METHOD] == AUTH_SSO


def test_a_linked_person_signs_in_to_their_existing_account(client, hub, clinic):
    existing = factories.MembershipFactory(organization=clinic, roles=[ProviderRole.AUTHORIZATIONS.value]).user
    SsoIdentity.objects.create(user=existing, issuer=hub.entity_id, name_id="nwph-000123")
    response = post(client, hub.answer(start(client), nurse(email="someone.else@alder.example")))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert not events(SecurityEventKind.SSO_PROVISIONED)
    assert User.objects.count() == 2  # the administrator and the existing person: nobody new
    assert Membership.objects.get(user=existing).roles == [ProviderRole.AUTHORIZATIONS.value]


def test_a_person_signed_in_directly_links_their_hub_sign_in(client, hub, clinic):
    existing = factories.MembershipFactory(organization=clinic, roles=[ProviderRole.ELIGIBILITY.value]).user
    client.force_login(existing)
    response = client.post("/accounts/sso/link/")
    assert response.status_code == 302
    answer = hub.answer(str(response["Location"]), nurse(email=existing.email))
    assert post(client, answer)["Location"] == "/accounts/sso/"
    assert SsoIdentity.objects.get(name_id="nwph-000123").user == existing
    assert events(SecurityEventKind.SSO_LINKED)[0].user_id == existing.pk
    # From now on the hub signs this person in to the same account.
    other = Client()
    post(other, hub.answer(start(other), nurse()))
    assert other.session["_auth_user_id"] == str(existing.pk)
    assert "nwph-000123" in client.get("/accounts/sso/").content.decode()


# --- people the portal cannot sign in ------------------------------------------------------------------------------


def test_no_account_is_created_when_the_administrator_did_not_allow_it(client, hub, clinic):
    SsoOrganizationSetting.objects.filter(organization=clinic).update(allow_provisioning=False)
    users_before = User.objects.count()
    response = post(client, hub.answer(start(client), nurse()))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Alder Street Clinic has not allowed accounts to be created through the hub" in page
    assert "ada@alder.example" in page  # whom to ask
    assert User.objects.count() == users_before
    assert "_auth_user_id" not in client.session
    assert "provisioning not allowed" in events(SecurityEventKind.SSO_REJECTED)[0].detail


def test_an_organization_that_never_chose_allows_nothing(client, hub, db):
    factories.OrganizationFactory(legal_name="Birch Family Medicine", tin=TIN)
    response = post(client, hub.answer(start(client), nurse()))
    assert response.status_code == 403
    assert not User.objects.filter(email="rosa.nurse@alder.example").exists()


def test_no_account_is_created_when_no_organization_has_the_tin(client, hub, clinic):
    response = post(client, hub.answer(start(client), nurse(tin="999999999")))
    assert response.status_code == 403
    assert "No organization in the portal has the TIN" in response.content.decode()
    assert not User.objects.filter(email="rosa.nurse@alder.example").exists()
    assert not SsoIdentity.objects.exists()


def test_an_existing_account_with_the_same_email_is_not_taken_over(client, hub, clinic):
    factories.UserFactory(email="rosa.nurse@alder.example")
    response = post(client, hub.answer(start(client), nurse()))
    assert response.status_code == 403
    assert "link your hub sign-in" in response.content.decode()
    assert not SsoIdentity.objects.exists()


# --- rejected assertions -----------------------------------------------------------------------------------------


def assert_rejected(client: Client, response: Any, reason: str) -> None:
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="rosa.nurse@alder.example").exists()
    rejected = events(SecurityEventKind.SSO_REJECTED)
    assert len(rejected) == 1
    assert reason in rejected[0].detail
    assert "rosa" not in rejected[0].detail.lower()  # the reason, never the assertion
    assert f"reference: {rejected[0].pk}" in response.content.decode()


def test_an_unsigned_assertion_is_rejected(client, hub, clinic):
    response = post(client, hub.answer(start(client), nurse(), sign_assertion=False))
    assert_rejected(client, response, "not signed")


def test_an_assertion_signed_only_at_the_response_level_is_rejected(client, hub, clinic):
    response = post(client, hub.answer(start(client), nurse(), sign_assertion=False, sign_response=True))
    assert_rejected(client, response, "assertion not signed")


def test_a_tampered_assertion_is_rejected(client, hub, clinic):
    posted = hub.answer(start(client), nurse(tin="999999999"))
    assert "999999999" in posted.xml
    tampered = posted.with_xml(posted.xml.replace("999999999", TIN))  # after signing: into the clinic
    response = post(client, tampered)
    assert_rejected(client, response, "signature does not verify")


def test_an_expired_assertion_is_rejected(client, hub, clinic):
    posted = hub.answer(start(client), nurse())
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)):  # the hub gives 5 minutes
        response = post(client, posted)
    assert_rejected(client, response, "expired")
    assert "The hub&#x27;s answer has expired" in response.content.decode()


def test_an_assertion_from_a_hub_clock_far_ahead_is_not_yet_valid(client, hub, clinic):
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=4)):
        posted = hub.answer(start(client), nurse())
    response = post(client, posted)
    assert_rejected(client, response, "not yet valid")


def test_a_small_clock_difference_is_tolerated(client, hub, clinic):
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)):
        posted = hub.answer(start(client), nurse())
    assert post(client, posted).status_code == 302


def test_an_assertion_for_another_audience_is_rejected(client, hub, clinic):
    posted = hub.answer(start(client), nurse(), audience="https://other-portal.example/sp")
    response = post(client, posted)
    assert_rejected(client, response, "wrong audience")


def test_a_replayed_assertion_is_rejected(client, hub, clinic):
    posted = hub.response(nurse(), sp_entity_id=hub.sp_entity_ids()[0])
    assert post(client, posted).status_code == 302
    thief = Client()
    response = post(thief, posted)
    assert response.status_code == 403
    assert "already used" in response.content.decode()
    assert "replayed" in events(SecurityEventKind.SSO_REJECTED)[0].detail
    assert "_auth_user_id" not in thief.session
    assert SsoAssertion.objects.count() == 1


def test_an_answer_to_a_request_this_portal_did_not_start_is_rejected(client, hub, clinic):
    hub_url = start(client)
    posted = hub.answer(hub_url, nurse())
    assert post(client, posted).status_code == 302
    # The same kind of answer, to a request ID the portal never issued (or already used).
    other = Client()
    forged = hub.response(nurse(), sp_entity_id=hub.sp_entity_ids()[0], in_response_to="_not-ours")
    response = post(other, forged)
    assert response.status_code == 403
    assert "did not start" in events(SecurityEventKind.SSO_REJECTED)[0].detail


def test_garbage_is_rejected_without_a_server_error(client, hub):
    response = client.post("/accounts/sso/acs/", {"SAMLResponse": "not saml at all"})
    assert response.status_code == 403
    assert events(SecurityEventKind.SSO_REJECTED)


# --- single logout -------------------------------------------------------------------------------------------------


def test_sp_initiated_single_logout(client, hub, clinic):
    post(client, hub.answer(start(client), nurse()))
    user_id = client.session["_auth_user_id"]
    page = client.get("/", follow=True).content.decode()
    assert 'action="/accounts/sso/logout/"' in page  # signing out of the portal also signs out of the hub
    response = client.post("/accounts/sso/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith(hub.slo_url)
    assert "_auth_user_id" not in client.session  # signed out here at once
    back = client.get(hub.answer_logout(str(response["Location"])), follow=True)
    assert "You are signed out of the portal and of Northwest Provider Hub." in back.content.decode()
    assert [str(e.user_id) for e in events(SecurityEventKind.SSO_SIGN_OUT)] == [user_id]
    assert not events(SecurityEventKind.SSO_REJECTED)


def test_idp_initiated_single_logout(client, hub, clinic):
    person = nurse()
    post(client, hub.answer(start(client), person))
    assert "_auth_user_id" in client.session
    url = hub.logout_request(person, sp_entity_id=hub.sp_entity_ids()[0])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(hub.slo_url)
    assert "SAMLResponse=" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert len(events(SecurityEventKind.SSO_SIGN_OUT)) == 1


def test_an_unsigned_logout_request_is_refused_when_messages_must_be_signed(client, hub, clinic, settings):
    settings.PORTICO_SSO = {**settings.PORTICO_SSO, "WANT_MESSAGES_SIGNED": True}
    person = nurse()
    post(client, hub.answer(start(client), person, sign_response=True))
    url = hub.logout_request(person, sp_entity_id=hub.sp_entity_ids()[0], sign=False)
    response = client.get(url)
    assert response.status_code == 400
    assert "_auth_user_id" in client.session


# --- the organization's settings ------------------------------------------------------------------------------------


def test_the_administrator_sets_what_the_hub_may_do(client, db):
    organization = factories.OrganizationFactory(tin=TIN)
    admin = factories.MembershipFactory(organization=organization, roles=[ProviderRole.ADMINISTRATOR.value]).user
    client.force_login(admin)
    assert client.get("/accounts/sso/organization/").status_code == 200
    response = client.post(
        "/accounts/sso/organization/",
        {"allow_provisioning": "on", "default_roles": ["eligibility", "claims"], "honor_role_hints": "on",
         "honored_roles": ["authorizations"]},
    )  # fmt: skip
    assert response.status_code == 302
    setting = SsoOrganizationSetting.objects.get(organization=organization)
    assert setting.allow_provisioning
    assert setting.default_roles == ["eligibility", "claims"]
    assert setting.honored_roles == ["authorizations"]
    assert events(SecurityEventKind.SSO_SETTINGS_CHANGED)[0].user_id == admin.pk


def test_the_administrator_role_cannot_be_given_through_the_hub(client, db):
    organization = factories.OrganizationFactory(tin=TIN)
    admin = factories.MembershipFactory(organization=organization, roles=[ProviderRole.ADMINISTRATOR.value]).user
    client.force_login(admin)
    response = client.post(
        "/accounts/sso/organization/", {"allow_provisioning": "on", "default_roles": ["administrator"]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#field-default_roles"' in page
    assert "administrator role is given in person" in page
    assert not SsoOrganizationSetting.objects.exists()


def test_only_the_administrator_sees_the_organization_settings(client, db):
    organization = factories.OrganizationFactory(tin=TIN)
    clerk = factories.MembershipFactory(organization=organization, roles=[ProviderRole.CLAIMS.value]).user
    client.force_login(clerk)
    assert client.get("/accounts/sso/organization/").status_code == 403
    assert client.post("/accounts/sso/organization/", {"allow_provisioning": "on"}).status_code == 403
    assert not SsoOrganizationSetting.objects.exists()
