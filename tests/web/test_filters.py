from decimal import Decimal

import pytest

from portico.web.templatetags.portico import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2000"), "$2,000.00"),
        (Decimal("15.5"), "$15.50"),
        (0, "$0.00"),
        (Decimal("-3.2"), "-$3.20"),
        (None, ""),
    ],
)
def test_money_shows_dollars_and_cents(value, shown):
    assert money(value) == shown
