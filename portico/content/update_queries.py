"""Reads for provider updates: the public list (search, category), one update, the feed's latest, editors' list."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from portico.common.errors import NotFound
from portico.content.updates import ProviderUpdate, UpdateStatus

FEED_SIZE = 20


def updates_published() -> QuerySet[ProviderUpdate]:
    return ProviderUpdate.objects.filter(status=UpdateStatus.PUBLISHED).order_by("-published_at", "-pk")


def updates_search(*, q: str = "", category: str = "") -> QuerySet[ProviderUpdate]:
    """Published updates, newest first, whose title, summary or text hold every word of ``q``, in ``category``."""
    rows = updates_published()
    for word in q.split()[:8]:
        rows = rows.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
    if category:
        rows = rows.filter(category=category)
    return rows


def update_for_reader(*, slug: str, editor: bool = False) -> ProviderUpdate:
    """A published update (an editor also sees drafts, to preview them); NotFound otherwise."""
    update = ProviderUpdate.objects.filter(slug=slug).first()
    if update is None or (not update.is_published and not editor):
        raise NotFound(_("Update not found."))
    return update


def updates_latest(limit: int = FEED_SIZE) -> list[ProviderUpdate]:
    return list(updates_published()[:limit])


def updates_for_editors() -> QuerySet[ProviderUpdate]:
    return ProviderUpdate.objects.order_by("status", "-published_at", "-created_at")
