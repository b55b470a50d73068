"""Where the tests find the official code files: the shared fixtures folder beside the project, never copied in."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _shared_data() -> Path:
    """The shared data folder: $PORTICO_SHARED_DATA, else ``shared/data`` beside this checkout, else beside the
    checkout it was cloned from (a clean clone in a temporary folder still finds the project's data)."""
    if os.environ.get("PORTICO_SHARED_DATA"):
        return Path(os.environ["PORTICO_SHARED_DATA"])
    candidates = [REPO.parent / "shared" / "data"]
    try:
        origin = subprocess.run(
            ["git", "-C", str(REPO), "remote", "get-url", "origin"],  # noqa: S607 - git from PATH, as make does
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        origin = ""
    if origin and Path(origin).is_dir():
        candidates.append(Path(origin).resolve().parent / "shared" / "data")
    return next((path for path in candidates if path.is_dir()), candidates[0])


CODESETS = _shared_data() / "codesets"


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
