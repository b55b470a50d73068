"""Searching the code sets as people type: by code (prefix, with or without the ICD dot) or by words.

Ranking: the exact code, then codes starting with what was typed, then word matches (every word, as a prefix,
in any order and case); billable codes before headers in each tier, and among word matches the shortest text
first. Word matches use SQLite FTS5 or a PostgreSQL full-text table (migration 0002), both numbered in that
order so that a query reads only the rows it returns; each tier is one indexed, limited query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from enum import StrEnum

from django.db import connections, transaction
from django.utils import timezone

from portico.codes.checks import CheckStatus, code_status
from portico.codes.formats.base import normalize_code
from portico.codes.models import Code, CodeSystem

DEFAULT_LIMIT = 25
MAX_QUERY_LENGTH = 100
# Typed like a code: up to eight characters with a digit (R07.9, E11, 0450), or up to three letters (J, GT).
_CODE_LIKE = re.compile(r"^(?=[A-Za-z.]*[0-9])[A-Za-z0-9][A-Za-z0-9.]{0,7}$|^[A-Za-z]{1,3}$")
# What a result shows; the rest of a code's columns stay in the database.
SHOWN = ("id", "system", "code", "display", "short_description", "long_description", "effective", "terminated",
         "billable", "replaced_by")  # fmt: skip
_SHOWN_SQL = ", ".join(f"c.{column}" for column in SHOWN)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class MatchKind(StrEnum):
    EXACT = "exact"
    PREFIX = "prefix"
    WORDS = "words"


@dataclasses.dataclass(frozen=True, slots=True)
class SearchHit:
    code: Code
    match: MatchKind
    status: CheckStatus
    status_message: str

    @property
    def system_label(self) -> str:
        return str(CodeSystem(self.code.system).label)


def _words(q: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(q)][:8]


# Word matches per database. What was typed only ever travels as a parameter.
_SQLITE_WORDS = (
    "SELECT {columns} FROM (SELECT code_id, rowid AS rank FROM codes_code_fts WHERE codes_code_fts MATCH %s "
    "ORDER BY rowid LIMIT %s) f JOIN codes_code c ON c.id = f.code_id ORDER BY f.rank"
).replace("{columns}", _SHOWN_SQL)
# codes_code_search is written in rank order in one statement and never updated, so every plan PostgreSQL may
# choose (a sequential scan that stops early for a common word, a GIN bitmap scan for a rare one, the
# system + rank index) meets matches best first: the inner LIMIT stops the scan, the outer ORDER BY makes the
# order exact whatever the plan.
_POSTGRES_WORDS = (
    "SELECT {columns} FROM (SELECT code_id, search_rank FROM codes_code_search "
    "WHERE document @@ to_tsquery('simple', %s) {system} LIMIT %s) s "
    "JOIN codes_code c ON c.id = s.code_id ORDER BY s.search_rank LIMIT %s"
)
_POSTGRES_SQL = {
    True: _POSTGRES_WORDS.replace("{system}", "AND system = %s").replace("{columns}", _SHOWN_SQL),
    False: _POSTGRES_WORDS.replace("{system}", "").replace("{columns}", _SHOWN_SQL),
}

_BITMAP_ONLY = "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
_PLANNER_DEFAULTS = "RESET enable_seqscan; RESET enable_indexscan"

_REFRESH = {
    "postgresql": [
        "TRUNCATE codes_code_search",
        "DROP INDEX IF EXISTS codes_code_search_document",
        "INSERT INTO codes_code_search (search_rank, code_id, system, document) "
        "SELECT ROW_NUMBER() OVER (ORDER BY billable DESC, length(search_text), system, code), "
        "id, system, to_tsvector('simple', search_text) FROM codes_code ORDER BY 1",
        # Built after the rows, in one pass, with no pending list for searches to wade through.
        "CREATE INDEX codes_code_search_document ON codes_code_search USING gin (document) WITH (fastupdate = off)",
        "ANALYZE codes_code_search",
    ],
    "sqlite": [
        "DELETE FROM codes_code_fts",
        "INSERT INTO codes_code_fts(rowid, search_text, system, code_id) "
        "SELECT ROW_NUMBER() OVER (ORDER BY billable DESC, length(search_text), system, code), "
        "search_text, system, id FROM codes_code",
    ],
}


def _word_matches(*, words: list[str], system: str | None, limit: int, using: str) -> list[Code]:
    rows = Code.objects.using(using)
    if connections[using].vendor != "postgresql":
        query = " ".join(f'"{word}"*' for word in words)
        if system:
            query = f'search_text : ({query}) AND system : "{system}"'
        return list(rows.raw(_SQLITE_WORDS, [query, limit]))
    query = " & ".join(f"{word}:*" for word in words)
    if not system:
        return list(rows.raw(_POSTGRES_SQL[False], [query, limit * 4, limit]))
    # Within one system the best-ranked rows are scattered through the table; the planner, misjudging how many
    # rows a word prefix matches, would read them in rank order and filter. The GIN and system indexes together
    # find them at once (measured: 24 ms against 10 ms for a common prefix in HCPCS).
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(_BITMAP_ONLY)
        try:
            return list(rows.raw(_POSTGRES_SQL[True], [query, system, limit * 4, limit]))
        finally:
            cursor.execute(_PLANNER_DEFAULTS)


def search_index_refresh(*, using: str = "default") -> None:
    """Renumber the search rank after codes change: refill SQLite's FTS5 table or PostgreSQL's search table."""
    connection = connections[using]
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    with connection.cursor() as cursor:
        for statement in _REFRESH[vendor]:
            cursor.execute(statement)


# The exact code, then billable codes starting with it, then header codes starting with it: one statement,
# each part read in order from its own index and limited.
_CODES_SQL = (
    "SELECT * FROM (SELECT 0 AS tier, {columns} FROM codes_code c WHERE c.code = %s {system}) exact "
    "UNION ALL SELECT * FROM (SELECT 1 AS tier, {columns} FROM codes_code c "
    "WHERE c.billable = %s AND c.code > %s AND c.code < %s {system} ORDER BY c.code LIMIT %s) billable "
    "UNION ALL SELECT * FROM (SELECT 2 AS tier, {columns} FROM codes_code c "
    "WHERE c.billable = %s AND c.code > %s AND c.code < %s {system} ORDER BY c.code LIMIT %s) header"
).replace("{columns}", _SHOWN_SQL)
_CODES = {
    True: _CODES_SQL.replace("{system}", "AND c.system = %s"),
    False: _CODES_SQL.replace("{system}", ""),
}


def _code_matches(*, code: str, system: str | None, limit: int, using: str) -> tuple[list[Code], list[Code]]:
    last = code + "~"  # after every code that starts with ``code`` (codes are upper-case letters and digits)
    filtered = [system] if system else []
    params = [code, *filtered, True, code, last, *filtered, limit, False, code, last, *filtered, limit]
    rows = list(Code.objects.using(using).raw(_CODES[bool(system)], params))
    tier = {row.pk: getattr(row, "tier", 0) for row in rows}  # the statement's own column, set on each row
    exact = sorted((row for row in rows if tier[row.pk] == 0), key=lambda row: (not row.billable, row.system))
    prefix = sorted((row for row in rows if tier[row.pk] > 0), key=lambda row: (tier[row.pk], row.code))
    return exact, prefix[:limit]


def codes_search(
    *, q: str, system: str | None = None, day: dt.date | None = None, limit: int = DEFAULT_LIMIT, using: str = "default"
) -> list[SearchHit]:
    """The best ``limit`` codes for what was typed, each with its validity on ``day`` (today by default)."""
    text = q.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    day = day or timezone.localdate()
    if system and system not in CodeSystem.values:
        system = None
    hits: list[tuple[Code, MatchKind]] = []
    code_like = _CODE_LIKE.match(text) is not None
    if code_like:
        exact, prefix = _code_matches(code=normalize_code(text), system=system, limit=limit, using=using)
        hits += [(row, MatchKind.EXACT) for row in exact]
        hits += [(row, MatchKind.PREFIX) for row in prefix]
    words = _words(text)
    # A single token with a digit is a code being typed; words need at least one letter to mean anything.
    if words and len(hits) < limit and not (code_like and any(ch.isdigit() for ch in text)):
        seen = {row.pk for row, _ in hits}
        for row in _word_matches(words=words, system=system, limit=limit, using=using):
            if row.pk not in seen and len(hits) < limit:
                hits.append((row, MatchKind.WORDS))
    result = []
    valid_message: dict[str, str] = {}  # the same words for every valid code of a system: format them once
    for row, kind in hits[:limit]:
        if row.billable and row.valid_on(day) and row.system in valid_message:
            status, message = CheckStatus.VALID, valid_message[row.system]
        else:
            status, message = code_status(row, day)
            if status == CheckStatus.VALID:
                valid_message[row.system] = message
        result.append(SearchHit(code=row, match=kind, status=status, status_message=message))
    return result
