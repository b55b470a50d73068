"""Two-step verification (django-otp): one TOTP authenticator per person, and ten one-time recovery codes.

Required after a direct sign-in with a password (the ``mfa`` gate step); a session opened through the hub's
single sign-on skips it (the hub verifies its own people). Services here enrol, verify, regenerate recovery
codes and reset (help desk); the pages are in ``mfa_views``.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.accounts.gate import AUTH_PASSWORD, auth_method
from portico.accounts.models import SecurityEventKind, User
from portico.accounts.services import security_event_record

DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code read from paper is typed right the first time.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


class CodeKind(StrEnum):
    TOTP = "totp"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class Verified:
    kind: CodeKind
    device: TOTPDevice | StaticDevice
    recovery_codes_left: int | None = None


def mfa_step_needed(request: HttpRequest) -> bool:
    """The gate's question: a password session needs two-step verification; a single sign-on session does not."""
    return auth_method(request) == AUTH_PASSWORD


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def mfa_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it by hand (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def secret_grouped(device: TOTPDevice) -> str:
    raw = secret_base32(device)
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` URI as a QR code, an SVG ``data:`` URI for an ``<img>`` (no script, no inline style)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff"))


@transaction.atomic
def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator this person is setting up (one at a time: a new visit keeps its secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def normalized_code(raw: str) -> str:
    return re.sub(r"[\s-]+", "", raw or "").lower()


@transaction.atomic
def mfa_enrolment_confirm(*, user: User, code: str, ip_address: str | None = None) -> list[str] | None:
    """Confirm the authenticator with its first code; returns the new recovery codes (shown once), or None when
    the code is wrong. Refused (None) if the person already has a confirmed authenticator."""
    if mfa_enrolled(user=user):
        return None
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=DEVICE_NAME)
        .order_by("pk")
        .first()
    )
    token = normalized_code(code)
    if device is None or not token.isdigit() or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _recovery_codes_replace(user=user)
    security_event_record(
        kind=SecurityEventKind.MFA_ENROLLED,
        user=user,
        ip_address=ip_address,
        detail=f"authenticator app set up; {len(codes)} recovery codes issued",
    )
    return codes


@transaction.atomic
def mfa_verify(*, user: User, code: str) -> Verified | None:
    """Check a six-digit code from the authenticator, or else a recovery code (used up by this). ``None`` when
    neither matches. Each code works once: django-otp keeps the last time step used."""
    token = normalized_code(code)
    if not token:
        return None
    if token.isdigit() and len(token) in (6, 8):
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(token):
                return Verified(kind=CodeKind.TOTP, device=device)
        return None
    for static in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if static.verify_token(token):
            return Verified(kind=CodeKind.RECOVERY, device=static, recovery_codes_left=static.token_set.count())
    return None


@transaction.atomic
def recovery_codes_regenerate(*, user: User, ip_address: str | None = None) -> list[str]:
    """New recovery codes replace the old ones (call after a fresh code from the authenticator)."""
    codes = _recovery_codes_replace(user=user)
    security_event_record(
        kind=SecurityEventKind.MFA_ENROLLED, user=user, ip_address=ip_address, detail="recovery codes replaced"
    )
    return codes


@transaction.atomic
def mfa_reset(*, user: User, actor: User | None = None, reason: str = "") -> int:
    """The help desk's reset: remove every authenticator and recovery code; the next direct sign-in sets up a new
    authenticator. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _by_model = model.objects.filter(user=user).delete()
        removed += count
    detail = "two-step verification reset by the help desk"
    if reason.strip():
        detail += f": {reason.strip()}"
    security_event_record(kind=SecurityEventKind.MFA_RESET, user=user, actor=actor, detail=detail)
    return removed


def format_recovery_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _recovery_codes_replace(*, user: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=static.pk).delete()
    static.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return [format_recovery_code(code) for code in codes]


def totp_key_hex_from_base32(secret: str) -> str:
    """A published base32 secret (the demo personas') as the hex key django-otp stores."""
    padded = secret.replace(" ", "").upper()
    padded += "=" * (-len(padded) % 8)
    try:
        return binascii.hexlify(base64.b32decode(padded)).decode()
    except binascii.Error as exc:
        raise ValueError("not a base32 secret") from exc
