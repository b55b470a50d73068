"""The gunicorn hooks keep a worker's long-lived objects out of Python's full collections (portico/gunicorn.conf.py):
frozen when the worker has started, and again after a few early requests, never on every request."""

from __future__ import annotations

import gc
import runpy
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = runpy.run_path(str(Path(__file__).resolve().parent.parent / "portico" / "gunicorn.conf.py"))


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_started_worker_has_frozen_what_it_loaded() -> None:
    assert gc.get_freeze_count() == 0
    CONF["post_worker_init"](SimpleNamespace(nr=0))
    assert gc.get_freeze_count() > 10_000  # Django, the URL map and every view module


def test_it_freezes_again_after_early_requests_only() -> None:
    for nr in (2, 11, 999):
        CONF["post_request"](SimpleNamespace(nr=nr), None, None, None)
        assert gc.get_freeze_count() == 0
    CONF["post_request"](SimpleNamespace(nr=10), None, None, None)
    assert gc.get_freeze_count() > 0


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8123")
    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "portico" / "gunicorn.conf.py"))
    assert (conf["workers"], conf["bind"], conf["timeout"]) == (3, "127.0.0.1:8123", 60)
