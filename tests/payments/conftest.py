import pytest

from tests.payments.support import examiner, pay, pay_token_a  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _suite_clock(suite_clock: None) -> None:
    """Dates of service here are in 2026; see tests/conftest.py SUITE_TODAY."""
