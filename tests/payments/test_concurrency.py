"""Two payment runs at the same moment never pay one claim twice (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from portico.payments.models import Payment, PaymentClaim, PaymentRun
from portico.payments.services import payment_run_execute
from tests.payments.support import PAY_DAY, PayWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serializes writers; this race needs PostgreSQL"
    ),
]


def race(target, count: int = 2) -> list[object]:
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


def test_two_concurrent_runs_pay_each_claim_once(pay: PayWorld) -> None:
    claims = [pay.claim("a") for _ in range(5)] + [pay.claim("b") for _ in range(5)]
    results = race(lambda: payment_run_execute(as_of=PAY_DAY), count=3)
    assert all(isinstance(r, PaymentRun) for r in results), results
    runs = [r for r in results if isinstance(r, PaymentRun)]
    assert PaymentClaim.objects.count() == len(claims)
    assert sum(r.claim_count for r in runs) == len(claims)
    paid = {pc.claim_id for pc in PaymentClaim.objects.all()}
    assert paid == {c.pk for c in claims}
    total = sum(p.amount for p in Payment.objects.all())
    assert total == sum(r.total_amount for r in runs)
