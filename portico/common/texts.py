"""Messages stored untranslated and shown later, in the reader's language.

An engine that explains itself stores its message as the untranslated text (marked with ``gettext_noop``) and
the values it names; the page, the API or the remittance translates and fills it in when it shows it. Two
conventions among the values:

- ``_dates`` names the values that are ISO dates (``2026-06-01``): they are shown in the reader's short date
  format, so a Spanish reader sees ``01/06/2026``.
- ``_texts`` names the values that are themselves stored messages (the pricer's reason inside the pend
  reason): each is translated and filled in from the same values before the outer message is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext

DATES = "_dates"
TEXTS = "_texts"


def day_text(day: dt.date) -> str:
    """A date as the reader writes it (the active language's short date format)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def _names(params: Mapping[str, object], marker: str) -> list[str]:
    return [name for name in str(params.get(marker, "")).split(",") if name]


def _values(params: Mapping[str, object]) -> dict[str, object]:
    values = {k: v for k, v in params.items() if k not in (DATES, TEXTS)}
    for name in _names(params, DATES):
        raw = values.get(name)
        if isinstance(raw, str) and raw:
            with contextlib.suppress(ValueError):  # not a date after all: shown as stored
                values[name] = day_text(dt.date.fromisoformat(raw))
    return values


def _fill(template: str, values: Mapping[str, object]) -> str:
    translated = gettext(template)
    try:
        return translated % values if values else translated
    except (KeyError, TypeError, ValueError):
        return template


def text_fill(template: str, params: Mapping[str, object] | None = None) -> str:
    """Translate a stored message and fill in its values (dates in the reader's format, nested messages
    translated too); a message that doesn't fit its values is shown as stored rather than failing the page."""
    if not template:  # nothing stored (gettext("") would answer the catalog's header)
        return ""
    params = params or {}
    values = _values(params)
    for name in _names(params, TEXTS):
        inner = values.get(name)
        if isinstance(inner, str) and inner:
            values[name] = _fill(inner, values)
    return _fill(template, values)


def with_dates(params: Mapping[str, object], *names: str) -> dict[str, str]:
    """``params`` as stored strings, with ``names`` marked as ISO dates (dates are given as ``date`` objects)."""
    stored = {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in params.items()}
    return _marked(stored, DATES, names)


def embed(name: str, template: str, params: Mapping[str, str]) -> dict[str, str]:
    """The values to store for a message that names another stored message as ``name`` (with its own values)."""
    stored = {**params, name: template}
    return _marked(stored, TEXTS, [name])


def _marked(params: dict[str, str], marker: str, names: Iterable[str]) -> dict[str, str]:
    merged = [*_names(params, marker), *(n for n in names if n not in _names(params, marker))]
    if merged:
        params[marker] = ",".join(merged)
    return params
