"""API tokens: per person, bound to one organization and the person's roles there, expiring, revocable, stored
hashed, with last use shown; creation and revocation are security events."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from portico.accounts.models import ApiToken, Membership, ProviderRole, SecurityEvent, SecurityEventKind
from portico.accounts.services import api_token_create, api_token_revoke, hash_token
from portico.common.errors import ValidationFailed
from tests.conftest import World

pytestmark = pytest.mark.django_db


def ping(client: Client, raw: str) -> int:
    return client.get("/api/v1/ping", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_a_token_is_kept_only_as_its_hash_and_works_until_it_expires(world: World, client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system", days=30)
    assert raw not in {token.key_hash, token.prefix}
    assert token.key_hash == hash_token(raw)
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert token.expires_at == start + dt.timedelta(days=30)
    with time_machine.travel(start + dt.timedelta(days=29, hours=23), tick=False):
        assert ping(client, raw) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    with time_machine.travel(start + dt.timedelta(days=30, seconds=1), tick=False):
        assert ping(client, raw) == 401
        token.refresh_from_db()
        assert token.status == "expired"


def test_only_the_offered_lifetimes_are_accepted(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM", days=3650)
    assert "days" in refused.value.errors
    assert not ApiToken.objects.exists()


def test_a_revoked_token_or_a_disabled_membership_stops_the_token(world: World, client: Client) -> None:
    token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system")
    assert ping(client, raw) == 200
    Membership.objects.filter(user=world.user_a, organization=world.org_a).update(is_active=False)
    assert ping(client, raw) == 401
    Membership.objects.filter(user=world.user_a, organization=world.org_a).update(is_active=True)
    api_token_revoke(user=world.user_a, token_id=token.pk)
    assert ping(client, raw) == 401
    kinds = list(SecurityEvent.objects.filter(user_id=world.user_a.pk).values_list("kind", flat=True))
    assert sorted(kinds) == sorted([SecurityEventKind.TOKEN_CREATED, SecurityEventKind.TOKEN_REVOKED])
    assert all(raw not in e.detail for e in SecurityEvent.objects.all())


def test_a_token_acts_with_the_persons_roles_in_its_organization(world: World, client: Client) -> None:
    _token, raw = api_token_create(user=world.user_a, organization_id=world.org_a.pk, name="PM system")
    body = {"member_id": world.member_a.member_number, "birth_date": world.member_a.birth_date.isoformat()}
    allowed = client.post(
        "/api/v1/eligibility", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert allowed.status_code == 200
    Membership.objects.filter(user=world.user_a, organization=world.org_a).update(roles=[ProviderRole.CLAIMS.value])
    refused = client.post(
        "/api/v1/eligibility", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert refused.status_code == 403


def test_the_profile_page_makes_shows_and_revokes_tokens(world: World, client_a: Client) -> None:
    made = client_a.post("/accounts/profile/", {"action": "create", "name": "Front desk PMS", "days": "180"})
    assert made.status_code == 200
    page = made.content.decode()
    token = ApiToken.objects.get(name="Front desk PMS")
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=180)).date()
    assert "Copy this token now" in page
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in page  # shown in the plan's time zone
    refused = client_a.post("/accounts/profile/", {"action": "create", "name": "x", "days": "7"})
    assert refused.status_code == 400
    assert 'aria-describedby="token-days-error"' in refused.content.decode()
    client_a.post("/accounts/profile/", {"action": "revoke", "token": str(token.pk)})
    token.refresh_from_db()
    assert token.revoked_at is not None
