"""Document files: what the library accepts (checked by content, never by name), and private storage.

PDF (the attachments' own check, ``authorizations.attachments``), and for fee schedules and code lists CSV (UTF-8
text with commas, no NUL byte), Excel workbooks (.xlsx) and Word documents (.docx) — both ZIP packages, told
apart by their parts. Files live under ``VAR_DIR/private/documents`` with random names.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from portico.authorizations.attachments import _clean_name, detect_content_type, max_bytes
from portico.common.errors import ValidationFailed

PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", CSV: ".csv", XLSX: ".xlsx", DOCX: ".docx"}
FORMAT_LABELS = {PDF: "PDF", CSV: "CSV", XLSX: "Excel", DOCX: "Word"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def _office_kind(content: bytes) -> str | None:
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def _is_csv(name: str, content: bytes) -> bool:
    if not name.lower().endswith(".csv") or b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    first = text.split("\n", 1)[0]
    return "," in first


def document_file_check(*, name: str, content: bytes, field: str = "file") -> CheckedFile:
    """The file checked: not empty, not too big, a PDF, CSV, Excel or Word file by its content. Raises
    ValidationFailed naming ``field`` and the file."""
    clean = _clean_name(name or "document")
    limit = max_bytes()
    if not content:
        raise ValidationFailed({field: [_("%(name)s is empty.") % {"name": clean}]})
    if len(content) > limit:
        raise ValidationFailed(
            {
                field: [
                    _("%(name)s is larger than %(size)s MB.")
                    % {"name": clean, "size": settings.PORTICO["ATTACHMENT_MAX_MB"]}
                ]
            }
        )
    kind = detect_content_type(content)
    if kind != PDF:
        kind = _office_kind(content) or (CSV if _is_csv(clean, content) else None)
    if kind is None:
        raise ValidationFailed(
            {
                field: [
                    _(
                        "%(name)s is not a PDF, CSV, Excel (.xlsx) or Word (.docx) file "
                        "(checked by its content, not its name)."
                    )
                    % {"name": clean}
                ]
            }
        )
    return CheckedFile(name=clean, content=content, content_type=kind, sha256=hashlib.sha256(content).hexdigest())


def document_dir() -> Path:
    return Path(settings.VAR_DIR) / "private" / "documents"


def document_path(stored_name: str) -> Path:
    return document_dir() / stored_name


def document_file_write(content: bytes) -> str:
    """Write the bytes under a new random name; return the name."""
    folder = document_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = secrets.token_hex(20)
    with document_path(stored_name).open("xb") as handle:
        handle.write(content)
    return stored_name


def document_file_discard(stored_name: str) -> None:
    document_path(stored_name).unlink(missing_ok=True)
