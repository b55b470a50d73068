"""Two submits of the same form at the same moment make one request (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from portico.authorizations.models import AuthorizationRequest
from portico.authorizations.services import SubmitResult, authorization_draft_save, authorization_submit
from tests.authorizations.support import AuthWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serializes writers; this race needs PostgreSQL"
    ),
]


def race(target, count: int = 2) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_concurrent_submits_with_one_key_make_one_request(auth: AuthWorld) -> None:
    results = race(lambda: authorization_submit(actor=auth.actor(), data=auth.payload(), idempotency_key="race"))
    assert all(isinstance(r, SubmitResult) for r in results), results
    assert {r.request.number for r in results} == {AuthorizationRequest.objects.get().number}  # type: ignore[union-attr]
    assert sorted(r.created for r in results) == [False, True]  # type: ignore[union-attr]


def test_two_concurrent_submits_of_one_draft_submit_it_once(auth: AuthWorld) -> None:
    draft = authorization_draft_save(actor=auth.actor(), data={"member_id": auth.world.member_a.member_number})
    results = race(lambda: authorization_submit(actor=auth.actor(), data=auth.payload(), request_id=draft.pk))
    assert all(isinstance(r, SubmitResult) for r in results), results
    assert AuthorizationRequest.objects.count() == 1
    assert sorted(r.created for r in results) == [False, True]  # type: ignore[union-attr]
    assert AuthorizationRequest.objects.get().lines.count() == 1
