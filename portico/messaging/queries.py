"""Reads of notifications: a person sees only their own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portico.accounts.models import ProviderRole, StaffRole, User
from portico.messaging.models import (
    ADMINISTRATOR_TOPICS,
    MESSAGING_TOPICS,
    PROVIDER_TOPICS,
    RESOURCE_TOPICS,
    REVIEWER_TOPICS,
    Notification,
    NotificationTopic,
)


def notifications_of(
    *, user: User, unread_only: bool = False, organization_id: int | None = None
) -> QuerySet[Notification]:
    """The person's notifications; with ``organization_id``, only those about that organization or about none."""
    rows = Notification.objects.filter(recipient=user)
    if organization_id is not None:
        rows = rows.filter(Q(organization_id=organization_id) | Q(organization_id__isnull=True))
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def offered_topics(*, user: User) -> list[NotificationTopic]:
    """The topics that concern this person: their organizations' requests, and review work if they review."""
    topics: list[NotificationTopic] = []
    if user.memberships.filter(is_active=True).exists():
        topics += PROVIDER_TOPICS
    active_roles = user.memberships.filter(is_active=True).values_list("roles", flat=True)
    if any(ProviderRole.ADMINISTRATOR.value in (roles or []) for roles in active_roles):
        topics += ADMINISTRATOR_TOPICS
    if user.has_staff_role(StaffRole.UM_REVIEWER):
        topics += REVIEWER_TOPICS
    messaging_role = any(
        role in (roles or []) for roles in active_roles for role in (ProviderRole.MESSAGING, ProviderRole.ADMINISTRATOR)
    )
    if messaging_role or (user.is_plan_staff and user.plan_teams.exists()):  # secure messages: see threads/
        topics += MESSAGING_TOPICS
    eligibility_role = any(
        role in (roles or [])
        for roles in active_roles
        for role in (ProviderRole.ELIGIBILITY, ProviderRole.ADMINISTRATOR)
    )
    if eligibility_role or user.has_staff_role(StaffRole.CARE_COORDINATOR):  # member resources: members/resources/
        topics += RESOURCE_TOPICS
    return topics
