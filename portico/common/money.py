"""Money as people read it: dollars with cents and thousands separators, the sign before the dollar sign."""

from __future__ import annotations

from decimal import Decimal


def money_text(value: Decimal | int | float | str | None) -> str:
    """$1,234.50 and -$30.00 (a recovery); "" for None or an empty value."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"
