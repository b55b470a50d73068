"""Benchmark: build the demo world into a fresh database and print how long it took.

    .venv/bin/python bench/demo_build.py --database postgres --members 1000000
    .venv/bin/python bench/demo_build.py --database sqlite --members 100000
    .venv/bin/python bench/demo_build.py --database postgres --members 1000000 --keep --name portico_bench_1m

Creates the database (PostgreSQL: CREATE DATABASE portico_bench_...; SQLite: a file in a temporary
directory), migrates it with `portico migrate`, times `portico demo-data` in a subprocess, prints members,
seconds, members per second and the row count of every table it filled, and drops the database unless
--keep is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTICO = str(Path(sys.executable).with_name("portico"))
BENCH_PREFIX = "portico_bench_"


def _pg_admin(server: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def pg_create(server: str, name: str) -> str:
    """Create the database (dropping a previous benchmark database of the same name) and return its URL."""
    if not name.startswith(BENCH_PREFIX):
        sys.exit(f"refusing to use {name!r}: benchmark databases are named {BENCH_PREFIX}...")
    with _pg_admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def pg_drop(server: str, name: str) -> None:
    with _pg_admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_size(server: str, name: str) -> str:
    with _pg_admin(server) as admin:
        row = admin.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name]).fetchone()
    return str(row[0]) if row else "?"


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(args, env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def row_counts(env: dict[str, str]) -> list[tuple[str, str, int]]:
    """Rows per table of every model the demo world fills, counted through Django in this process."""
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.db import connections

    counts = []
    for label in ("plans", "providers", "members", "accounts", "demo"):
        for model in apps.get_app_config(label).get_models():
            count = model._default_manager.count()
            if count:
                counts.append((model._meta.label, model._meta.db_table, count))
    connections.close_all()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=dt.datetime.now().astimezone().date().isoformat())
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--name", help="database name (PostgreSQL) or file path (SQLite)")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portico-bench-"))
    if options.database == "postgres":
        name = options.name or f"{BENCH_PREFIX}{os.getpid()}"
        url = pg_create(options.server, name)
    else:
        path = Path(options.name) if options.name else workdir / "bench.sqlite3"
        path.unlink(missing_ok=True)
        name = str(path)
        url = f"sqlite:///{path.resolve()}"
    env = {**os.environ, "DATABASE_URL": url, "PORTICO_VAR": str(workdir / "var"), "PYTHONUNBUFFERED": "1"}
    try:
        print(f"database: {options.database} {name}")
        migrate_seconds = run([PORTICO, "migrate", "-v0"], env)
        print(f"migrate: {migrate_seconds:.1f} s")
        command = [PORTICO, "demo-data", "--members", str(options.members), "--seed", str(options.seed),
                   "--as-of", options.as_of]  # fmt: skip
        print("$ " + " ".join(["portico", *command[1:]]))
        seconds = run(command, env)
        counts = row_counts(env)
        print()
        print(f"database        {options.database} ({name})")
        print(f"members         {options.members:,}")
        print(f"seconds         {seconds:.1f}  (portico demo-data, wall clock, including start-up)")
        print(f"members/second  {options.members / seconds:,.0f}")
        if options.database == "postgres":
            print(f"database size   {pg_size(options.server, name)}")
        else:
            print(f"database size   {Path(name).stat().st_size / 2**20:,.0f} MB")
        print()
        width = max(len(label) for label, _table, _count in counts)
        for label, table, count in counts:
            print(f"  {label.ljust(width)}  {table.ljust(32)}  {count:>12,}")
    finally:
        if options.keep:
            print(f"\nkept: {url}")
        elif options.database == "postgres":
            pg_drop(options.server, name)
        else:
            Path(name).unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
