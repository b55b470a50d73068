"""Reads about people: which organizations a user can act for."""

from __future__ import annotations

from django.db.models import QuerySet

from portico.accounts.models import ApiToken, Membership, User


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__legal_name")
    )


def membership_for(*, user: User, organization_id: int | None) -> Membership | None:
    if organization_id is None:
        return None
    return memberships_of(user=user).filter(organization_id=organization_id).first()


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("organization")
