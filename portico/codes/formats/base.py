"""What every code-file reader yields, and how it reports a malformed file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class CodeRecord:
    """One code as a file states it. ``code`` is normalized: upper case, no ICD dot, no spaces."""

    code: str
    display: str
    short_description: str
    long_description: str = ""
    effective: dt.date | None = None
    terminated: dt.date | None = None
    billable: bool = True
    parent: str = ""
    chapter: str = ""
    replaced_by: str = ""
    attributes: dict[str, Any] = dataclasses.field(default_factory=dict)
    system: str = ""  # set only by readers whose file holds two systems (HCPCS: procedures and modifiers)


@dataclasses.dataclass(frozen=True, slots=True)
class LineProblem:
    line: int  # 1-based line (or spreadsheet row) number in the file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class CodeFileError(Exception):
    """The file cannot be loaded; ``problems`` names each bad line. Nothing from the file is kept."""

    def __init__(self, problems: list[LineProblem] | str) -> None:
        self.problems = [LineProblem(0, problems)] if isinstance(problems, str) else problems
        shown = "; ".join(str(p) if p.line else p.message for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(shown + more)


@dataclasses.dataclass(slots=True)
class CodeFile:
    """What a reader returns: the records, the release it says it is, and whether it is a complete release.

    A complete release lists every code of the system; a code loaded earlier and missing from it is terminated
    the day before ``release_effective``.
    """

    records: Iterator[CodeRecord] | list[CodeRecord]
    release: str = ""
    release_effective: dt.date | None = None
    complete: bool = False


def normalize_code(text: str) -> str:
    """``f32.a`` → ``F32A``; `` 99213 `` → ``99213``."""
    return text.strip().upper().replace(".", "").replace(" ", "")
