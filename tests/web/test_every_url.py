"""Every URL, enumerated: none can be reached without signing in, and none shows another organization's data.

A new URL fails these tests until it is listed below with what it guards — so none can skip the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portico.common.models import AccessEvent

pytestmark = [pytest.mark.django_db]

# Reachable without signing in, on purpose.
PUBLIC = {
    "accounts:login",
    # Forgotten password: asked for and finished without signing in (tests/accounts/test_passwords.py).
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # A clinic registers before it has any account; an invitation link is opened before signing in.
    "registration:register",
    "registration:submitted",
    "accounts:invitation",
    "web:healthz",
    "set_language",
    "api:openapi-json",
    "api:openapi-view",
    # The CMS-0057-F prior-authorization metrics: aggregates only, published for anyone (tests/authorizations).
    "pa_metrics:report",
    "pa_metrics:report_csv",
    # The privacy statement and terms of use, for anyone; the idle warning's "how long is left?" (answers a
    # stranger only that they are not signed in).
    "privacy_statement",
    "accounts:session_status",
    # SAML single sign-on: the hub and a browser not yet signed in reach these; each checks a signed message or
    # only starts one (tests/accounts/test_sso.py). Off (404) when SSO is not configured.
    "accounts:sso_metadata",
    "accounts:sso_login",
    "accounts:sso_acs",
    "accounts:sso_sls",
    "accounts:sso_logout",
    # Alerts & updates and the document library: public by design (tests/content). Providers-only documents send
    # a stranger to sign in; subscription links carry a signed token; nothing here shows member data.
    "updates:list",
    "updates:detail",
    "updates:feed",
    "updates:subscribe",
    "updates:confirm",
    "updates:unsubscribe",
    "documents:library",
    "documents:detail",
    "documents:download",
    # Website feedback: anyone may send it from any page, signed in or not (rate-limited per address); the public
    # check of a training certificate's number (tests/content/test_feedback.py, test_training.py).
    "feedback:submit",
    "training:verify",
    # The public provider directory, and "Join our network": the private link of an application is its key
    # (tests/providers/test_public_directory.py, test_applications.py).
    "directory:search",
    "directory:practitioner",
    "directory:location",
    "join:start",
    "join:application",
    "join:document_add",
    "join:answer",
    # Fee schedules: a public (non-contracted) schedule is for anyone; a contracted one only for its organization
    # and plan staff, "not found" for anyone else (tests/pricing/test_pages.py).
    "fee_schedules:list",
    "fee_schedules:detail",
    "fee_schedules:csv",
    "fee_schedules:pdf",
    "fee_schedules:rate",
}
# Admin pages guard themselves (Django admin login); the API answers 401 without a token (tested below).
SELF_GUARDED_PREFIXES = ("admin:", "api:")


def named_routes() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns, namespace=""):  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}{p.name}", p

    yield from walk(get_resolver().url_patterns)


def object_urls(world) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """For each route that takes an object, a URL naming another organization's object (B's)."""
    b = world.member_b.pk
    return {
        "members:member": [f"/eligibility/members/{b}/"],
        "members:member_print": [f"/eligibility/members/{b}/print/"],
        "members:batch_detail": ["/eligibility/batch/999999/"],
        "members:batch_csv": ["/eligibility/batch/999999.csv"],
        "rosters:roster": [
            f"/rosters/?location_id={world.location_b.pk}",
            f"/rosters/?practitioner_id={world.member_b.pcp_assignments.get().practitioner_id}",
        ],
        "rosters:export_csv": [f"/rosters/export.csv?location_id={world.location_b.pk}"],
        "rosters:export_pdf": [f"/rosters/export.pdf?location_id={world.location_b.pk}"],
    }


PAGES_WITHOUT_ARGS = {
    "web:home": "/",
    "accounts:logout": "/accounts/logout/",
    "accounts:switch_organization": "/accounts/organization/",
    "accounts:profile": "/accounts/profile/",
    "members:search": "/eligibility/",
    "members:batch": "/eligibility/batch/",
    "members:batch_template": "/eligibility/batch/template.csv",
    "members:member": "/eligibility/members/1/",
    "members:member_print": "/eligibility/members/1/print/",
    "members:batch_detail": "/eligibility/batch/1/",
    "members:batch_csv": "/eligibility/batch/1.csv",
    "privacy:events": "/privacy/events/",
    "privacy:events_csv": "/privacy/events.csv",
    "rosters:roster": "/rosters/",
    "rosters:export_csv": "/rosters/export.csv",
    "rosters:export_pdf": "/rosters/export.pdf",
}


def guarded_routes() -> list[str]:
    return sorted(
        name for name, _p in named_routes() if name not in PUBLIC and not name.startswith(SELF_GUARDED_PREFIXES)
    )


def url_for(name: str) -> str:
    from tests.web import url_samples

    return url_samples.SAMPLES.get(name) or PAGES_WITHOUT_ARGS[name]


def test_every_route_has_a_sample_url_here():
    from tests.web import url_samples

    missing = [n for n in guarded_routes() if n not in PAGES_WITHOUT_ARGS and n not in url_samples.SAMPLES]
    assert missing == [], f"add these routes to tests/web/url_samples.py: {missing}"


@pytest.mark.parametrize("name", guarded_routes())
def test_every_page_sends_a_stranger_to_sign_in(name, client):
    url = url_for(name)
    response = client.get(url) if name != "accounts:logout" else client.post(url)
    if name == "accounts:logout":
        assert response.status_code == 302  # signing out when signed out just lands on sign-in
        return
    assert response.status_code == 302, url
    assert response["Location"].startswith("/accounts/login/"), url


def test_every_api_operation_requires_a_token(client):
    from portico.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            concrete = path.replace("{", "").replace("}", "")
            response = getattr(client, method)(concrete, content_type="application/json")
            assert response.status_code == 401, f"{method.upper()} {path}"


def test_another_organizations_objects_are_not_found_everywhere_and_each_attempt_is_recorded(world, client_a):
    for name, urls in object_urls(world).items():
        for url in urls:
            before = AccessEvent.objects.count()
            response = client_a.get(url)
            assert response.status_code == 404, f"{name} {url} answered {response.status_code}"
            body = response.content.decode()
            assert world.member_b.last_name not in body
            if name.startswith(("members:member", "rosters:")):
                assert AccessEvent.objects.count() > before, f"{name}: the denied attempt was not recorded"


def test_a_member_who_does_not_exist_looks_the_same_as_one_out_of_scope(world, client_a):
    out_of_scope = client_a.get(f"/eligibility/members/{world.member_b.pk}/")
    nonexistent = client_a.get("/eligibility/members/987654321/")
    assert out_of_scope.status_code == nonexistent.status_code == 404

    def without_csrf(body: bytes) -> str:
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
        text = re.sub(r'name="next" value="[^"]+"', "", text)  # the language switch returns to this page
        return re.sub(r'name="page" value="[^"]+"', "", text)  # so does the feedback control

    assert without_csrf(out_of_scope.content) == without_csrf(nonexistent.content)
