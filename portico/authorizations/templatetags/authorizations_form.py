"""Template helpers for the prior-authorization form."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def item(mapping: Any, key: str) -> Any:
    """``row.values|item:field``: a dictionary's value for a key held in a variable."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
