import pytest

from tests.authorizations.review_support import reviewers  # noqa: F401  (fixture)
from tests.authorizations.support import auth, private_files, token_a, token_b  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _suite_clock(suite_clock: None) -> None:
    """Dates of service here are in 2026; see tests/conftest.py SUITE_TODAY."""
