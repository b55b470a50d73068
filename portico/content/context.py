"""What every page needs from the content app: the alert banners for the person (or visitor), computed only when
the page renders them."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest

from portico.content.alert_queries import alerts_shown

log = logging.getLogger(__name__)


def site_alerts(request: HttpRequest) -> dict[str, Any]:
    cached: list[list[Any]] = []

    def banners() -> list[Any]:
        if not cached:
            try:
                cached.append(alerts_shown(request))
            except DatabaseError:  # a banner must never take a page down (a database not migrated yet, say)
                log.warning("alert banners skipped: the database could not be read", exc_info=True)
                cached.append([])
        return cached[0]

    return {"site_alerts": banners}
