"""Who may reach what: every URL route and every API operation, for every provider role, every plan-staff role
and a person acting for another organization — checked against the table below, so that a new endpoint cannot
slip past access control (it fails here until its row says who may use it).

"Allowed" means the role gate lets the person through (the page answers, or says the object is not found, or
refuses the input); "refused" means 403. Objects of another organization answer 404 (tests/web/test_every_url.py
and each domain's access tests); anonymous visitors are sent to sign in (test_every_url.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.accounts.services import api_token_create
from portico.authorizations.models import VendorReviewer
from portico.codes.models import ReviewVendor
from tests import factories
from tests.conftest import World
from tests.web.test_every_url import PUBLIC, SELF_GUARDED_PREFIXES, named_routes, url_for

pytestmark = pytest.mark.django_db

PROVIDER = {
    "eligibility": [ProviderRole.ELIGIBILITY],
    "claims": [ProviderRole.CLAIMS],
    "authorizations": [ProviderRole.AUTHORIZATIONS],
    "payments": [ProviderRole.PAYMENTS],
    "messaging": [ProviderRole.MESSAGING],
    "org_admin": [ProviderRole.ADMINISTRATOR],
}
STAFF = {
    "um_reviewer": [StaffRole.UM_REVIEWER],
    "vendor_reviewer": [StaffRole.UM_REVIEWER],  # and a VendorReviewer row
    "claims_examiner": [StaffRole.CLAIMS_EXAMINER],
    "provider_relations": [StaffRole.PROVIDER_RELATIONS],
    "content_editor": [StaffRole.CONTENT_EDITOR],
    "privacy_officer": [StaffRole.PRIVACY_OFFICER],
    "plan_admin": [StaffRole.ADMINISTRATOR],
    "care_coordinator": [StaffRole.CARE_COORDINATOR],
}
PERSONAS = [*PROVIDER, *STAFF]
EVERYONE = frozenset(PERSONAS)
PROVIDERS = frozenset(PROVIDER)
PLAN_STAFF = frozenset(STAFF)
REVIEWERS = frozenset({"um_reviewer", "vendor_reviewer"})


def providers_with(*roles: str) -> frozenset[str]:
    return frozenset({*roles, "org_admin"})


ELIGIBILITY = providers_with("eligibility")
AUTHORIZATIONS = providers_with("authorizations")
CLAIMS = providers_with("claims")
CHECKERS = providers_with("eligibility", "authorizations") | PLAN_STAFF
EDITORS = frozenset({"content_editor", "plan_admin"})

# Every guarded route: who gets through its role gate.
ROUTES: dict[str, frozenset[str]] = {
    "web:home": EVERYONE,
    "accounts:logout": EVERYONE,
    "accounts:switch_organization": EVERYONE,
    "accounts:profile": EVERYONE,
    "accounts:terms": EVERYONE,
    "accounts:session_keep_alive": EVERYONE,
    "members:search": ELIGIBILITY,
    "members:batch": ELIGIBILITY,
    "members:batch_template": ELIGIBILITY,
    "members:member": ELIGIBILITY,
    "members:member_print": ELIGIBILITY,
    "members:batch_detail": ELIGIBILITY,
    "members:batch_csv": ELIGIBILITY,
    "rosters:roster": ELIGIBILITY,
    "rosters:export_csv": ELIGIBILITY,
    "rosters:export_pdf": ELIGIBILITY,
    "privacy:events": frozenset({"privacy_officer"}),
    "privacy:events_csv": frozenset({"privacy_officer"}),
    "privacy:breach": frozenset({"privacy_officer"}),
    "privacy:security": frozenset({"privacy_officer"}),
    "privacy:security_csv": frozenset({"privacy_officer"}),
    "codes:search": EVERYONE,
    "codes:verify": EVERYONE,
    "codes:detail": EVERYONE,
    "codes:loads": frozenset({"plan_admin"}),
    "codelists:check": CHECKERS,
    "codelists:check_print": CHECKERS,
    "codelists:browse": EVERYONE,
    "codelists:export_csv": EVERYONE,
    "codelists:export_pdf": EVERYONE,
    "codelists:manage": EDITORS,
    "codelists:upload": EDITORS,
    "codelists:upload_template": EDITORS,
    "codelists:list_history": EDITORS,
    "codelists:version": EDITORS,
    "codelists:version_csv": EDITORS,
    "codelists:version_publish": EDITORS,
    "codelists:version_discard": EDITORS,
    "authorizations:list": AUTHORIZATIONS,
    "authorizations:new": AUTHORIZATIONS,
    "authorizations:detail": AUTHORIZATIONS,
    "authorizations:edit": AUTHORIZATIONS,
    "authorizations:attachment_add": AUTHORIZATIONS,
    "authorizations:attachment": AUTHORIZATIONS,
    "authorizations:confirmation": AUTHORIZATIONS,
    "authorizations:answer": AUTHORIZATIONS,
    "authorizations:appeal": AUTHORIZATIONS,
    "authorizations:letter": AUTHORIZATIONS,
    "claims:list": CLAIMS,
    "claims:new_professional": CLAIMS,
    "claims:new_institutional": CLAIMS,
    "claims:edit": CLAIMS,
    "claims:detail": CLAIMS,
    "claims:received": CLAIMS,
    "claims:print": CLAIMS,
    "claims:correct": CLAIMS,
    "claims:void": CLAIMS,
    "claims:attachment": CLAIMS,
    "claims:work": frozenset({"claims_examiner"}),
    "claims:work_claim": frozenset({"claims_examiner"}),
    "remittance:list": providers_with("payments"),
    "remittance:detail": providers_with("payments"),
    "remittance:print": providers_with("payments"),
    "remittance:pdf": providers_with("payments"),
    "payment_runs:list": frozenset({"claims_examiner", "plan_admin"}),
    "payment_runs:detail": frozenset({"claims_examiner", "plan_admin"}),
    "review:queue": REVIEWERS,
    "review:dashboard": REVIEWERS | {"plan_admin"},
    "review:request": REVIEWERS,
    "review:info_request": REVIEWERS,
    "review:attachment": REVIEWERS,
    "review:letter": REVIEWERS,
    "review:assign": REVIEWERS,
    "review:decide": REVIEWERS,
    "review:extend": REVIEWERS,
    "accounts:mfa": EVERYONE,
    "accounts:mfa_setup": EVERYONE,
    "accounts:mfa_recovery_codes": EVERYONE,
    "accounts:mfa_recovery_codes_download": EVERYONE,
    "accounts:mfa_recovery_codes_regenerate": EVERYONE,
    "accounts:password_change": EVERYONE,
    "accounts:sso_account": EVERYONE,
    "accounts:sso_link": EVERYONE,
    "accounts:sso_organization": providers_with(),
    "people:list": providers_with(),
    "people:csv": providers_with(),
    "people:attest": providers_with(),
    "people:invite": providers_with(),
    "people:person": providers_with(),
    "people:invitation_action": providers_with(),
    "provider_relations:registrations": frozenset({"provider_relations"}),
    "provider_relations:registration": frozenset({"provider_relations"}),
    "provider_relations:attestations": frozenset({"provider_relations"}),
    "messaging:inbox": EVERYONE,
    "messaging:settings": EVERYONE,
    "messaging:read_all": EVERYONE,
    "messaging:open": EVERYONE,
    # Dismissing an alert banner: anyone signed in; publishing content: content editors and plan administrators.
    "alerts:dismiss": EVERYONE,
    "publish:home": EDITORS,
    "publish:alerts": EDITORS,
    "publish:alert_new": EDITORS,
    "publish:alert": EDITORS,
    "publish:alert_end": EDITORS,
    "publish:updates": EDITORS,
    "publish:update_new": EDITORS,
    "publish:update": EDITORS,
    "publish:documents": EDITORS,
    "publish:document_new": EDITORS,
    "publish:version_upload": EDITORS,
    "publish:version": EDITORS,
    "publish:version_publish": EDITORS,
    "publish:version_discard": EDITORS,
    "threads:list": providers_with("messaging"),
    "threads:new": providers_with("messaging"),
    "threads:thread": providers_with("messaging"),
    "threads:reply": providers_with("messaging"),
    "threads:attachment": providers_with("messaging"),
    "threads:inbox": PLAN_STAFF,
    "threads:staff_thread": PLAN_STAFF,
    "threads:staff_reply": PLAN_STAFF,
    "threads:staff_assign": PLAN_STAFF,
    "threads:staff_status": PLAN_STAFF,
    "threads:staff_attachment": PLAN_STAFF,
    "threads:report": PLAN_STAFF,
    "contact:page": EVERYONE,
    "training:list": PROVIDERS,
    "training:module": PROVIDERS,
    "training:certificate": PROVIDERS,
    "training:organization": providers_with(),
    "training:record": providers_with(),
    "training:compliance": frozenset({"content_editor", "provider_relations", "plan_admin"}),
    "feedback:results": EDITORS,
    "feedback:handle": EDITORS,
    # Clinic information (directory data): the organization's administrators; directory changes, the 90-day
    # attestations and network applications: provider relations.
    "clinic:overview": providers_with(),
    "clinic:location_change": providers_with(),
    "clinic:practitioner_change": providers_with(),
    "clinic:change": providers_with(),
    "clinic:attest": providers_with(),
    "directory_staff:changes": frozenset({"provider_relations"}),
    "directory_staff:change": frozenset({"provider_relations"}),
    "directory_staff:attestations": frozenset({"provider_relations"}),
    "applications_staff:queue": frozenset({"provider_relations"}),
    "applications_staff:detail": frozenset({"provider_relations"}),
    "applications_staff:document": frozenset({"provider_relations"}),
    # Member resources: the Eligibility role (and administrators) send requests; care coordinators work them.
    "resources:list": ELIGIBILITY,
    "resources:new": ELIGIBILITY,
    "resources:form": ELIGIBILITY,
    "resources:detail": ELIGIBILITY,
    "resources:answer": ELIGIBILITY,
    "resources:withdraw": ELIGIBILITY,
    "resources:queue": frozenset({"care_coordinator"}),
    "resources:work": frozenset({"care_coordinator"}),
    "resources:assign": frozenset({"care_coordinator"}),
    "resources:ask": frozenset({"care_coordinator"}),
    "resources:decide": frozenset({"care_coordinator"}),
    "resources:note": frozenset({"care_coordinator"}),
}

# Every API operation (by operation id): which provider roles' tokens get through (tokens act for one
# organization, so plan staff have none).
API: dict[str, frozenset[str]] = {
    "portico_api_ping": PROVIDERS,
    "eligibility_check": ELIGIBILITY,
    "roster_get": ELIGIBILITY,
    "roster_choices": ELIGIBILITY,
    "portico_codes_api_search": PROVIDERS,
    "portico_codes_api_verify": PROVIDERS,
    "prior_auth_requirements": providers_with("eligibility", "authorizations"),
    "authorization_submit": AUTHORIZATIONS,
    "authorization_list": AUTHORIZATIONS,
    "authorization_get": AUTHORIZATIONS,
    "claim_submit": CLAIMS,
    "claim_list": CLAIMS,
    "claim_get": CLAIMS,
    "payment_list": providers_with("payments"),
    "payment_get": providers_with("payments"),
    "notification_list": PROVIDERS,
    "notification_read": PROVIDERS,
    "message_thread_list": providers_with("messaging"),
    "message_thread_start": providers_with("messaging"),
    "fee_schedule_list": PROVIDERS,
    "fee_schedule_rate": PROVIDERS,
    "member_resource_programs": ELIGIBILITY,
    "member_resource_list": ELIGIBILITY,
    "member_resource_submit": ELIGIBILITY,
    "member_resource_get": ELIGIBILITY,
}


@pytest.fixture
def people(world: World) -> dict[str, User]:
    found: dict[str, User] = {}
    for name, roles in PROVIDER.items():
        user = factories.UserFactory(username=f"p-{name}")
        Membership.objects.create(user=user, organization=world.org_a, roles=[r.value for r in roles])
        found[name] = user
    vendor = ReviewVendor.objects.create(name="Matrix Specialty Review", starts=dt.date(2026, 5, 1))
    for name, roles in STAFF.items():
        found[name] = factories.UserFactory(username=f"s-{name}", staff_roles=[r.value for r in roles])
    VendorReviewer.objects.create(user=found["vendor_reviewer"], vendor=vendor)
    return found


def guarded() -> list[str]:
    return sorted(n for n, _p in named_routes() if n not in PUBLIC and not n.startswith(SELF_GUARDED_PREFIXES))


def test_every_route_says_who_may_use_it() -> None:
    assert sorted(set(guarded()) - set(ROUTES)) == [], "add these routes to ROUTES with who may use them"
    assert sorted(set(ROUTES) - set(guarded())) == [], "these routes are gone: remove them from ROUTES"


def test_every_api_operation_says_who_may_use_it() -> None:
    from portico.api import api

    operations = {op["operationId"] for ops in api.get_openapi_schema()["paths"].values() for op in ops.values()}
    assert sorted(operations - set(API)) == [], "add these API operations to API with who may use them"
    assert sorted(set(API) - operations) == [], "these operations are gone: remove them from API"


def _gate(response: Any, route: str = "") -> str:
    assert response.status_code < 500, response.status_code
    if route == "accounts:logout":
        return "allowed" if response.status_code == 302 else "refused"  # signing out lands on sign-in
    if response.status_code == 403:
        return "refused"
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "refused"
    return "allowed"


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_route_lets_through_exactly_its_roles(route: str, people: dict[str, User]) -> None:
    url = url_for(route)
    got = {}
    for name, user in people.items():
        client = Client()
        client.force_login(user)
        response = client.post(url) if route == "accounts:logout" else client.get(url)
        got[name] = _gate(response, route)
    expected = {name: "allowed" if name in ROUTES[route] else "refused" for name in people}
    assert got == expected


def _api_call(client: Client, method: str, path: str, token: str) -> Any:
    concrete = path.replace("{", "").replace("}", "").replace("request_id", "1").replace("notification_id", "1")
    concrete = concrete.replace("payment_id", "1")
    return getattr(client, method)(concrete, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_api_operation_lets_through_exactly_its_roles(world: World, people: dict[str, User]) -> None:
    from portico.api import api

    tokens = {
        name: api_token_create(user=people[name], organization_id=world.org_a.pk, name="matrix")[1] for name in PROVIDER
    }
    client = Client()
    mismatches = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            op = operation["operationId"]
            for name, token in tokens.items():
                got = _gate(_api_call(client, method, path, token))
                want = "allowed" if name in API[op] else "refused"
                if got != want:
                    mismatches.append((op, name, got))
    assert mismatches == []
