"""Where the tests find the official code files: the shared fixtures folder beside the project, never copied in."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

CODESETS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "codesets"


def codeset(relative: str) -> Path:
    """A file of the shared code-set folder; the test is skipped only when the whole folder is missing."""
    if not CODESETS.is_dir():
        pytest.skip(f"{CODESETS} is missing: the official code files are not in this checkout")
    return CODESETS / relative


def bundled_icd10cm_xml() -> Path:
    """The CMS tabular XML that simple-icd-10-cm ships, found without importing (and loading) the package."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "icd10c-tabular-April-1-2026.xml"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
