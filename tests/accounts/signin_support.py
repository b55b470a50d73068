"""Helpers for sign-in tests: what a person's authenticator app would show, and a full direct sign-in."""

from __future__ import annotations

import base64
import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.accounts.models import User


def code_for_secret(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for a base32 setup key (spaces allowed)."""
    raw = secret.replace(" ", "").upper()
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def fresh_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this time step's, or the next one's when this one was already used."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t >= totp.t():
        totp.time += device.step
    if device.last_t >= totp.t():  # both used (two sign-ins in one step): wait for the next step
        time.sleep(device.step - time.time() % device.step + 0.1)
        totp.time = time.time() + device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def password_sign_in(client: Client, username: str, password: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def stopped_by_mfa(client: Client, url: str = "/eligibility/") -> bool:
    """Whether the sign-in gate sends this client to two-step verification (a later step, such as the terms, may
    still come after it)."""
    response = client.get(url)
    return response.status_code == 302 and response["Location"].startswith("/accounts/mfa/")
