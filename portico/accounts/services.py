"""Writes for people and their credentials."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from portico.accounts.models import ApiToken, Membership, SecurityEvent, SecurityEventKind, User
from portico.common.errors import NotFound, ValidationFailed

TOKEN_PREFIX = "ptk_"  # noqa: S105 - a public prefix, not a secret


def security_event_record(
    *,
    kind: SecurityEventKind,
    user: User | None = None,
    username: str = "",
    organization_id: int | None = None,
    actor: User | None = None,
    ip_address: str | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Record a security event (sign-in, failure, MFA, SSO, roles, tokens...). ``detail`` must hold no secret
    and no PHI: say what happened, not what was typed."""
    return SecurityEvent.objects.create(
        kind=SecurityEventKind(kind).value,
        user_id=user.pk if user is not None else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        organization_id=organization_id,
        actor_id=actor.pk if actor is not None and actor != user else None,
        ip_address=ip_address or None,
        detail=detail[:400],
    )


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


TOKEN_DAYS_CHOICES = (30, 90, 180, 365)
TOKEN_DAYS_DEFAULT = 90


@transaction.atomic
def api_token_create(
    *, user: User, organization_id: int, name: str, days: int = TOKEN_DAYS_DEFAULT
) -> tuple[ApiToken, str]:
    """Create a token acting for one of the user's organizations, with the user's roles there, for ``days`` days
    (30, 90, 180 or 365); returns it and the secret, shown once. Only the secret's SHA-256 is kept."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": [_("Give the token a name, such as the system that will use it.")]})
    if days not in TOKEN_DAYS_CHOICES:
        raise ValidationFailed(
            {"days": [_("Choose how long the token works: %(choices)s days.") % {"choices": "30, 90, 180, 365"}]}
        )
    if not Membership.objects.filter(user=user, organization_id=organization_id, is_active=True).exists():
        raise ValidationFailed({"organization": [_("You are not a member of that organization.")]})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        organization_id=organization_id,
        name=name[:80],
        prefix=raw[:12],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    security_event_record(
        kind=SecurityEventKind.TOKEN_CREATED, user=user, organization_id=organization_id, detail=f"{token}"
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("Token not found."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(
            kind=SecurityEventKind.TOKEN_REVOKED, user=user, organization_id=token.organization_id, detail=f"{token}"
        )
    return token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token for ``raw`` (not revoked, not expired, its person active and still a member of its
    organization), or None; ``token.membership_roles`` are the person's roles there now, read in the same query.
    Touches ``last_used_at`` at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    # One query: the token, its user, and that the user still belongs to the token's organization.
    still_member = Membership.objects.filter(
        user_id=OuterRef("user_id"), organization_id=OuterRef("organization_id"), is_active=True
    )
    token = (
        ApiToken.objects.select_related("user")
        .annotate(membership_roles=Subquery(still_member.values("roles")[:1], output_field=JSONField()))
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True, expires_at__gt=timezone.now())
        .filter(Exists(still_member))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
