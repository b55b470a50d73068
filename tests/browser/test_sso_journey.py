"""Single sign-on in a real browser: the hub (a real pysaml2 identity provider, served over HTTP on 127.0.0.1)
and the portal (Django's live server on localhost) are different sites, as in production, so the hub's POST
reaches the portal without the portal's SameSite=Lax session cookie."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portico.accounts.models import ProviderRole
from portico.accounts.sso.models import SsoIdentity, SsoOrganizationSetting
from tests import factories
from tests.accounts.saml_idp import HubIdP, HubUser, bind, key_and_certificate, serve
from tests.accounts.test_sso import TIN, sso_settings
from tests.browser.support import accept_terms, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub_online(settings, tmp_path, live_server) -> Iterator[HubIdP]:  # type: ignore[no-untyped-def]
    server = bind()
    idp = HubIdP(tmp_path / "hub", base_url=f"http://127.0.0.1:{server.server_port}")
    metadata_file = tmp_path / "hub-metadata.xml"
    metadata_file.write_text(idp.metadata)
    key, cert = key_and_certificate("Cascadia Health provider portal (browser test)")
    settings.PORTICO_BASE_URL = live_server.url
    settings.PORTICO_SSO = sso_settings(metadata_file, sp_key=key, sp_cert=cert)
    # What PORTICO_CSP_FORM_ACTION does in production: the Sign out and Link buttons post to the portal, which
    # sends the browser on to the hub, and the Content-Security-Policy's form-action must allow that.
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {**policy["DIRECTIVES"], "form-action": [*policy["DIRECTIVES"]["form-action"], idp.base_url]}
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    from django.test import Client

    idp.trust(Client().get("/accounts/sso/metadata/").content.decode())
    with serve(server, idp):
        yield idp


@pytest.fixture
def clinic(db):  # type: ignore[no-untyped-def]
    organization = factories.OrganizationFactory(legal_name="Alder Street Clinic", tin=TIN)
    SsoOrganizationSetting.objects.create(
        organization=organization, allow_provisioning=True, default_roles=[ProviderRole.ELIGIBILITY.value]
    )
    return organization


def sign_in_at_the_hub(page: Any, who: str) -> None:
    page.get_by_label("Person").select_option(who)
    page.get_by_role("button", name="Sign in at the hub").click()
    page.get_by_role("button", name="Continue to the portal").click()
    page.wait_for_load_state()
    if "/accounts/terms/" in page.url:
        accept_terms(page)


def test_a_clinic_nurse_signs_in_through_the_hub_lands_on_the_deep_link_and_signs_out_of_both(page, hub_online, clinic):
    hub_online.add_user(HubUser(name_id="nwph-7", email="rosa@alder.example", first_name="Rosa", tin=TIN))
    page.goto("/accounts/login/?next=/eligibility/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sign in with Northwest Provider Hub").click()
    assert page.url.startswith(hub_online.base_url)
    sign_in_at_the_hub(page, "nwph-7")
    page.wait_for_url("**/eligibility/")
    assert page.get_by_text("Acting for Alder Street Clinic").is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_text("You are signed out of the portal and of Northwest Provider Hub.").wait_for()
    assert "/accounts/login/" in page.url
    assert axe_violations(page) == []


def test_a_person_the_portal_cannot_sign_in_is_told_whom_to_ask(page, hub_online, clinic):
    SsoOrganizationSetting.objects.filter(organization=clinic).update(allow_provisioning=False)
    admin = factories.MembershipFactory(organization=clinic, roles=[ProviderRole.ADMINISTRATOR.value]).user
    admin.first_name, admin.last_name, admin.email = "Ada", "Alder", "ada@alder.example"
    admin.save()
    hub_online.add_user(HubUser(name_id="nwph-8", email="new@alder.example", tin=TIN))
    page.goto("/accounts/sso/login/")
    sign_in_at_the_hub(page, "nwph-8")
    page.get_by_role("heading", name="You are not signed in to the portal").wait_for()
    assert "ada@alder.example" in page.content()
    assert axe_violations(page) == []


def test_the_administrator_sets_the_organizations_hub_settings(page, hub_online, clinic):
    admin = factories.MembershipFactory(organization=clinic, roles=[ProviderRole.ADMINISTRATOR.value]).user
    SsoIdentity.objects.create(user=admin, issuer=hub_online.entity_id, name_id="nwph-admin")
    hub_online.add_user(HubUser(name_id="nwph-admin", email=admin.email, tin=TIN))
    page.goto("/accounts/sso/login/?next=/accounts/sso/")
    sign_in_at_the_hub(page, "nwph-admin")
    page.wait_for_url("**/accounts/sso/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Your organization's single sign-on settings").click()
    assert axe_violations(page) == []
    page.get_by_label("Claims").first.check()
    page.get_by_label("Also give the roles").check()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Choose which of the hub's role hints to honor").first.wait_for()
    assert axe_violations(page) == []
    page.locator("#honored-authorizations").check()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Single sign-on settings saved.").wait_for()
    setting = SsoOrganizationSetting.objects.get(organization=clinic)
    assert setting.honored_roles == ["authorizations"]
    assert "claims" in setting.default_roles
