"""Who may sign in, and who administers which organization: the checks the people pages and services share."""

from __future__ import annotations

from typing import Any

from portico.accounts.models import Membership, ProviderRole


def person_may_sign_in(user: Any) -> bool:
    """False only for a provider person who has memberships and all of them are disabled. Plan staff, superusers
    and people with no membership at all (an invitation not yet accepted, say) are not concerned."""
    if user is None or getattr(user, "is_superuser", False) or getattr(user, "staff_roles", None):
        return True
    states = list(Membership.objects.filter(user_id=user.pk).values_list("is_active", flat=True)[:50])
    return not states or any(states)


def is_administrator(membership: Membership | None) -> bool:
    return (
        membership is not None and membership.is_active and ProviderRole.ADMINISTRATOR.value in (membership.roles or [])
    )
