"""Which version of the privacy statement and terms is in force, who still has to accept it, and accepting it."""

from __future__ import annotations

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from portico.accounts.models import SecurityEventKind, User
from portico.accounts.services import security_event_record
from portico.accounts.terms.models import TermsAcceptance, TermsVersion

GATE_STEP = "terms"
# The id of the version in force is asked on every request (the gate compares it with the session's mark):
# kept a minute in the cache, and dropped when a plan administrator saves a version.
_CACHE_KEY = "portico:terms:current:{day}"
_CACHE_SECONDS = 60


def terms_current() -> TermsVersion | None:
    """The version in force today: the latest effective date on or before today."""
    return (
        TermsVersion.objects.filter(effective_date__lte=timezone.localdate()).order_by("-effective_date", "-id").first()
    )


def terms_current_id() -> int | None:
    key = _CACHE_KEY.format(day=timezone.localdate().isoformat())
    cached = cache.get(key)
    if cached is not None:
        return int(cached) or None
    version = terms_current()
    cache.set(key, version.pk if version else 0, _CACHE_SECONDS)
    return version.pk if version else None


def terms_cache_clear() -> None:
    cache.delete(_CACHE_KEY.format(day=timezone.localdate().isoformat()))


def terms_accepted(*, user: User, version_id: int) -> bool:
    return TermsAcceptance.objects.filter(user=user, version_id=version_id).exists()


def terms_needed(request: HttpRequest) -> bool:
    """The gate step is needed when a version is in force and the person has not accepted it."""
    version_id = terms_current_id()
    if version_id is None:
        return False
    return not terms_accepted(user=request.user, version_id=version_id)  # type: ignore[arg-type]


def terms_gate_mark(user: object) -> int | None:
    """What passing the step records in the session: the version's id, so a new version asks again."""
    return terms_current_id()


@transaction.atomic
def terms_accept(*, user: User, version: TermsVersion, ip_address: str | None = None) -> TermsAcceptance:
    """Record that the person accepted this version (once; accepting again keeps the first time) and the
    ``TERMS_ACCEPTED`` security event."""
    existing = TermsAcceptance.objects.filter(user=user, version=version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acceptance = TermsAcceptance.objects.create(user=user, version=version, ip_address=ip_address or None)
    except IntegrityError:  # the same person accepting in two tabs at once
        return TermsAcceptance.objects.get(user=user, version=version)
    security_event_record(
        kind=SecurityEventKind.TERMS_ACCEPTED,
        user=user,
        ip_address=ip_address,
        detail=f"Privacy statement and terms version {version.version}",
    )
    return acceptance
