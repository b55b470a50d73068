"""The demo world's alerts, updates and documents: the seed pages' data-breach notice and fee-schedule update, and
the Non-contracted Behavioral Health Fee Schedule effective 2025-06-01 with its superseded 2024 version."""

from __future__ import annotations

import datetime as dt

import pytest

from portico.content.alert_queries import alerts_for_audience
from portico.content.document_files import document_path
from portico.content.document_queries import version_rows
from portico.content.documents import Document
from portico.content.update_queries import updates_published
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_world")
def test_the_seed_alerts_are_live_for_everyone() -> None:
    now = dt.datetime.combine(AS_OF, dt.time(12, 0), tzinfo=dt.UTC)
    titles = [a.title for a in alerts_for_audience(organization_id=None, now=now)]
    assert titles[0] == "Members to be notified of recent data breach."  # urgent first
    assert "Provider document update: Non-contracted Behavioral Health Fee Schedule effective June 1, 2025." in titles


@pytest.mark.usefixtures("demo_world")
def test_the_fee_schedule_has_its_current_and_superseded_versions_with_synthetic_files() -> None:
    document = Document.objects.get(title="Non-contracted Behavioral Health Fee Schedule")
    rows = version_rows(document, day=AS_OF)
    assert [(r.state, r.version.effective_date) for r in rows] == [
        ("current", dt.date(2025, 6, 1)),
        ("superseded", dt.date(2024, 7, 1)),
    ]
    assert rows[1].superseded_on == dt.date(2025, 6, 1)
    assert document_path(rows[0].version.stored_name).read_bytes().startswith(b"%PDF-")
    assert b"Synthetic demonstration data" in document_path(rows[1].version.stored_name).read_bytes()


@pytest.mark.usefixtures("demo_world")
def test_there_are_updates_in_every_category() -> None:
    assert {u.category for u in updates_published()} == {
        "claims_billing", "prior_authorization", "pharmacy", "behavioral_health", "medicare", "network_news",
    }  # fmt: skip
