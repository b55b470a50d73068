"""Attachments: PDF and images, recognized by their content (never their name), kept outside the web root.

Files live under ``settings.VAR_DIR / "private" / "attachments"`` with random names; they are served only by the
access-checked download view, as downloads, with the detected content type.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from portico.common.errors import ValidationFailed

MAX_ATTACHMENTS = 20

# Magic bytes at the start of each accepted file kind, and the content type it is served with.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class Upload:
    """One file as received: the name the sender gave it, and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    content_type: str
    sha256: str


def max_bytes() -> int:
    return int(settings.PORTICO["ATTACHMENT_MAX_MB"]) * 1024 * 1024


def detect_content_type(content: bytes) -> str | None:
    """The content type the bytes are, from their signature; None for anything we do not accept."""
    return next((kind for magic, kind in SIGNATURES if content.startswith(magic)), None)


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip()
    return cleaned[:200] or "attachment"


def attachments_check(uploads: Sequence[Upload], *, field: str = "attachments") -> list[CheckedUpload]:
    """Each upload checked: not empty, not too big, a PDF or an image by its content. Raises ValidationFailed
    naming the field (``attachments``), one message per bad file."""
    problems: list[str] = []
    checked = []
    limit = max_bytes()
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationFailed({field: [_("Attach at most %(n)s files at a time.") % {"n": MAX_ATTACHMENTS}]})
    for upload in uploads:
        name = _clean_name(upload.name)
        if not upload.content:
            problems.append(_("%(name)s is empty.") % {"name": name})
            continue
        if len(upload.content) > limit:
            problems.append(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": name, "size": settings.PORTICO["ATTACHMENT_MAX_MB"]}
            )
            continue
        kind = detect_content_type(upload.content)
        if kind is None:
            problems.append(
                _("%(name)s is not a PDF, PNG, JPEG, TIFF or GIF file (checked by its content, not its name).")
                % {"name": name}
            )
            continue
        checked.append(
            CheckedUpload(
                name=name, content=upload.content, content_type=kind, sha256=hashlib.sha256(upload.content).hexdigest()
            )
        )
    if problems:
        raise ValidationFailed({field: problems})
    return checked


def attachment_dir() -> Path:
    return Path(settings.VAR_DIR) / "private" / "attachments"


def attachment_path(stored_name: str) -> Path:
    return attachment_dir() / stored_name


def attachment_write(content: bytes) -> str:
    """Write the bytes under a new random name; return the name."""
    folder = attachment_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_hex(20)
    with attachment_path(stored_name).open("xb") as handle:
        handle.write(content)
    return stored_name


def attachment_discard(stored_names: Sequence[str]) -> None:
    """Remove files whose rows were never committed."""
    for name in stored_names:
        attachment_path(name).unlink(missing_ok=True)
