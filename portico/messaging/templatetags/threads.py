"""Template helpers of the secure-messaging pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``errors|get:"subject"``: a dictionary's value for a key (or a key held in a variable); empty if absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
