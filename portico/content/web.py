"""Small helpers the content pages share: error links for the error summary, a safe return address, parsing."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def error_links(errors: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary: each message links to its field."""
    return [(f"id_{key}", message) for key, messages in errors.items() for message in messages]


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


def parse_local_datetime(value: str) -> dt.datetime | None:
    """A ``datetime-local`` value (``2026-05-01T08:00``) in the plan's time zone, or None."""
    try:
        naive = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return naive
    return timezone.make_aware(naive)


def local_input_value(value: dt.datetime | None) -> str:
    """The ``datetime-local`` input value for an aware datetime."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def parse_int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None
