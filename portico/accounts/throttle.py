"""The direct sign-in throttle: repeated failures (a wrong password, a wrong two-step code) make direct sign-in
wait, per account and per address, without locking a real person out for long.

* Per account: after ``SIGN_IN_ACCOUNT_FAILURES`` (5) failures, each less than ``SIGN_IN_FAILURE_WINDOW_SECONDS``
  (15 minutes) after the one before, the account's direct sign-in waits ``SIGN_IN_FIRST_WAIT_SECONDS`` (1
  minute); every further failure after a wait doubles it (2, 4, 8 ... minutes) up to
  ``SIGN_IN_LONGEST_WAIT_SECONDS`` (15 minutes). Never a lock that needs the help desk: the longest wait is
  short, single sign-on is not affected, and a success forgets the account's failures.
* Per address: the same, with a larger budget (``SIGN_IN_ADDRESS_FAILURES``, 30), since a clinic's staff share
  one address; it slows down one machine trying many accounts.
* During a wait nothing is checked: a right password is refused exactly like a wrong one.

Counts live in Django's cache (Redis when ``REDIS_URL`` is set, shared by every worker; the file cache on one
machine), through the cache API only. Usernames are hashed in keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


class Stage(StrEnum):
    PASSWORD = "password"  # noqa: S105 - a label, not a secret
    MFA = "mfa"


class Scope(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Wait:
    """Direct sign-in must wait ``seconds`` more (until ``until``), because of ``scope``'s failures."""

    scope: Scope
    seconds: int
    until: dt.datetime

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def _setting(name: str) -> int:
    return int(settings.PORTICO[name])


def _keys(stage: Stage, scope: Scope, subject: str) -> tuple[str, str, str]:
    if scope is Scope.ACCOUNT:
        subject = hashlib.sha256(subject.strip().casefold().encode()).hexdigest()[:32]
    base = f"signin:{stage.value}:{scope.value}:{subject}"
    return f"{base}:failures", f"{base}:level", f"{base}:until"


def _subjects(username: str, address: str | None) -> list[tuple[Scope, str, int]]:
    subjects = []
    if username.strip():
        subjects.append((Scope.ACCOUNT, username, _setting("SIGN_IN_ACCOUNT_FAILURES")))
    if address:
        subjects.append((Scope.ADDRESS, address, _setting("SIGN_IN_ADDRESS_FAILURES")))
    return subjects


def signin_wait(*, stage: Stage, username: str, address: str | None) -> Wait | None:
    """The wait in force for this account or address, if any (the longer one when both)."""
    now = time.time()
    waits = []
    for scope, subject, _limit in _subjects(username, address):
        _failures, _level, until_key = _keys(stage, scope, subject)
        until = cache.get(until_key)
        if until is not None and float(until) > now:
            waits.append(_wait(scope, float(until), now))
    return max(waits, key=lambda w: w.seconds, default=None)


def signin_failure_record(*, stage: Stage, username: str, address: str | None) -> Wait | None:
    """Count one failure for the account and the address; return the wait it starts, if it starts one."""
    window = _setting("SIGN_IN_FAILURE_WINDOW_SECONDS")
    first = _setting("SIGN_IN_FIRST_WAIT_SECONDS")
    longest = max(first, _setting("SIGN_IN_LONGEST_WAIT_SECONDS"))
    now = time.time()
    started = []
    for scope, subject, limit in _subjects(username, address):
        if limit <= 0:
            continue
        failures_key, level_key, until_key = _keys(stage, scope, subject)
        count = _incr(failures_key, window)
        if count < limit:
            continue
        level = _incr(level_key, window + longest)
        seconds = min(first * 2 ** min(level - 1, 20), longest)
        cache.set(until_key, now + seconds, timeout=seconds)
        # The next failure after this wait starts the next, longer wait at once.
        cache.set(failures_key, limit - 1, timeout=window + seconds)
        started.append(_wait(scope, now + seconds, now))
    return max(started, key=lambda w: w.seconds, default=None)


def signin_success_record(*, stage: Stage, username: str) -> None:
    """A success forgets the account's failures (never the address's: one good account must not reset it)."""
    failures_key, level_key, _until = _keys(stage, Scope.ACCOUNT, username)
    cache.delete_many([failures_key, level_key])


def _incr(key: str, timeout: int) -> int:
    """Add one; the count is forgotten ``timeout`` seconds after its last change (on every cache backend)."""
    try:
        count = int(cache.incr(key))
    except ValueError:
        # add() loses only if another worker created the counter in between; then count on it.
        count = 1 if cache.add(key, 1, timeout=timeout) else int(cache.incr(key))
    cache.touch(key, timeout)
    return count


def _wait(scope: Scope, until: float, now: float) -> Wait:
    return Wait(
        scope=scope,
        seconds=max(1, int(until - now + 0.999)),
        until=dt.datetime.fromtimestamp(until, tz=dt.UTC).astimezone(timezone.get_current_timezone()),
    )
