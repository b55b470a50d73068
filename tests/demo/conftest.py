"""One demo world per test module, built inside a transaction that is rolled back when the module is done,
so the tests share the (slowest) build step and leave the test database empty for everyone else.

Tests that need an empty database to build into do not use ``demo_world``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from portico.demo.build import demo_world_build
from portico.demo.models import DemoBuild

AS_OF = dt.date(2026, 3, 18)
SEED = 7
MEMBERS = 2_000
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        build: DemoBuild = demo_world_build(seed=SEED, members=MEMBERS, as_of=AS_OF)
        yield build
        transaction.set_rollback(True)
