"""The demo requests in fresh databases: the same whenever the loader runs, and made by whichever of
`portico demo-data` and `portico codes demo` runs second."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from portico.authorizations.demo import STORIES, authorization_demo_ensure, authorization_demo_load
from portico.authorizations.models import AuthorizationRequest
from portico.demo.build import demo_world_build
from tests.demo.conftest import AS_OF, FAST_HASHER, SEED
from tests.demo.test_authorization_demo import codes_create

pytestmark = [pytest.mark.django_db]

ZONE = ZoneInfo("America/Los_Angeles")


def snapshot(*, run_at: dt.datetime) -> list[tuple]:
    """Build a small world, load the requests with the real clock at ``run_at``, read them, roll it all back."""
    with time_machine.travel(run_at, tick=True), transaction.atomic(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        demo_world_build(seed=SEED, members=30, as_of=AS_OF)
        codes_create()
        authorization_demo_load(as_of=AS_OF)
        rows = list(AuthorizationRequest.objects.order_by("pk"))
        first = rows[0].pk
        seen = []
        for row in rows:
            lines = [
                (x.number, x.code, x.route, x.status, x.start, x.end, x.due_at, x.decided_units, x.decided_at,
                 x.extended_at, x.appealed_at)
                for x in row.lines.order_by("number")
            ]  # fmt: skip
            events = [  # the "submitted" event's note is the number, whose id part PostgreSQL does not roll back
                (kind, at, by, "" if kind == "submitted" else note)
                for kind, at, by, note in row.events.order_by("at", "pk").values_list(
                    "kind", "at", "by__username", "note"
                )
            ]
            number = row.number and row.number.rsplit("-", 1)[0] + f"-{int(row.number.rsplit('-', 1)[1]) - first}"
            seen.append(
                (number, row.organization.legal_name, row.member_id and row.member.member_number, row.status,
                 row.urgency, row.created_at, row.submitted_at, lines, events,
                 sorted(row.letters.values_list("created_at", flat=True)))
            )  # fmt: skip
        transaction.set_rollback(True)
    return seen


def test_the_same_as_of_date_gives_the_same_requests_whenever_the_loader_runs():
    first = snapshot(run_at=dt.datetime(2026, 3, 18, 8, 5, tzinfo=ZONE))
    later = snapshot(run_at=dt.datetime(2026, 7, 2, 23, 40, tzinfo=ZONE))
    assert first == later
    assert [row[0] for row in first][:3] == ["PA-2026-0", "PA-2026-1", "PA-2026-2"]


def test_demo_data_makes_the_requests_when_the_codes_are_already_loaded(capsys):
    call_command("demo_data", "--members", "20", "--seed", "3", "--as-of", "2026-06-10")
    assert "waiting for the code sets" in capsys.readouterr().out
    assert not AuthorizationRequest.objects.exists()
    codes_create()
    assert authorization_demo_ensure() == f"Prior-authorization demo requests: {len(STORIES)} made, as of 2026-06-10."
    assert AuthorizationRequest.objects.count() == len(STORIES)


def test_without_a_demo_world_the_hook_says_nothing_and_makes_nothing():
    codes_create()
    assert authorization_demo_ensure() == ""
    assert not AuthorizationRequest.objects.exists()
