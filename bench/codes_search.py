"""Code search speed with all of ICD-10-CM and all of HCPCS loaded, on SQLite and on PostgreSQL.

For each database it makes sure the code sets are loaded (ICD-10-CM April 2026 from the installed package,
HCPCS from CMS's October 2025 file), then replays what people type — every prefix of a set of realistic
searches, as search-as-you-type sends them — in two ways:

- engine: ``codes_search`` called in-process (the query work alone);
- HTTP:   ``GET /api/v1/codes/search`` against gunicorn, one client sending one request after another.

It prints p50/p95/p99 latency for each. Target: p99 ≤ 20 ms.

    .venv/bin/python bench/codes_search.py \
        --postgres postgresql://postgres@127.0.0.1:5432/portico_bench_codes \
        --sqlite var/bench-codes.sqlite3 \
        --hcpcs ../shared/data/codesets/hcpcs/HCPC2025_OCT_ANWEB.xlsx
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eligibility_http import create_token, free_port, start_gunicorn  # noqa: E402

SEARCHES = [
    "pain chest", "chest pain unspecified", "diabetes type 2", "type 2 diabetes without complications",
    "knee mri", "R07.9", "r079", "E11.9", "E11", "J1100", "99213", "fracture femur", "depression",
    "major depressive disorder single episode", "hypertension", "essential hypertension", "asthma",
    "back pain", "low back pain", "dexamethasone", "wheelchair", "cpap", "S52.5", "S52.501A", "Z00.00",
    "covid", "pregnancy", "F32.A", "f32", "anxiety", "otitis media", "sprain ankle", "A0428", "E0601",
    "influenza", "pneumonia", "migraine", "obesity", "G0399", "T1017", "opioid dependence", "injection",
]  # fmt: skip


def typed(search: str) -> list[str]:
    """What search-as-you-type sends while a person types ``search``: every prefix of two characters or more."""
    return [search[:n] for n in range(2, len(search) + 1) if search[n - 1] != " "]


QUERIES = [q for search in SEARCHES for q in typed(search)]


def database_env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portico.settings"}


def prepare(url: str, hcpcs: Path) -> None:
    """Migrate, load ICD-10-CM and HCPCS (a no-op when already loaded), and make a benchmark user."""
    env = database_env(url)
    if url.startswith("postgresql://"):
        import psycopg

        name = urllib.parse.urlparse(url).path.lstrip("/")
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    run = {"env": env, "cwd": ROOT, "check": True}
    subprocess.run([str(BIN / "portico"), "migrate", "--noinput", "-v", "0"], **run)  # type: ignore[call-overload]
    script = (
        "from pathlib import Path\n"
        "from portico.codes.demo_sets import _load\n"
        "for line in _load('icd10cm', Path('package'), 'package'): print(line)\n"
        f"for line in _load('hcpcs', Path({str(hcpcs)!r}), 'xlsx'): print(line)\n"
        "from portico.accounts.models import User, Membership\n"
        "from portico.providers.models import ProviderOrganization\n"
        "user, _ = User.objects.get_or_create(username='bench-codes')\n"
        "org = ProviderOrganization.objects.first() or ProviderOrganization.objects.create("
        "legal_name='Benchmark Clinic (synthetic)', tin='123456789', kind='primary_care')\n"
        "Membership.objects.get_or_create(user=user, organization=org, defaults={'roles': ['eligibility']})\n"
    )
    subprocess.run([str(BIN / "portico"), "shell", "-c", script], **run)  # type: ignore[call-overload]


def engine_latencies(url: str, rounds: int) -> list[float]:
    script = (
        "import json, time, datetime as dt\n"
        "from portico.codes.search import codes_search\n"
        f"queries = {QUERIES!r}\n"
        "day = dt.date(2026, 6, 15)\n"
        "for q in queries: codes_search(q=q, day=day)\n"  # warm the connection and caches
        "out = []\n"
        f"for _ in range({rounds}):\n"
        "    for q in queries:\n"
        "        t = time.perf_counter(); codes_search(q=q, day=day); out.append(time.perf_counter() - t)\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [str(BIN / "portico"), "shell", "-c", script],
        env=database_env(url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    return [float(x) for x in json.loads(result.stdout.strip().splitlines()[-1])]


def http_latencies(url: str, rounds: int) -> list[float]:
    token = create_token(url, "bench-codes")
    port = free_port()
    server = start_gunicorn(url, port, 2)
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for warm in QUERIES:
            conn.request("GET", "/api/v1/codes/search?" + urllib.parse.urlencode({"q": warm}), headers=headers)
            conn.getresponse().read()
        for _ in range(rounds):
            for q in QUERIES:
                path = "/api/v1/codes/search?" + urllib.parse.urlencode({"q": q, "date": "2026-06-15"})
                started = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return latencies


def summary(label: str, kind: str, latencies: list[float]) -> str:
    q = statistics.quantiles(sorted(latencies), n=100)
    return (
        f"{label:<11} {kind:<7} {len(latencies):>7} {q[49] * 1000:>7.2f} {q[94] * 1000:>7.2f} "
        f"{q[98] * 1000:>7.2f} {max(latencies) * 1000:>7.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="DATABASE_URL of a PostgreSQL database (created if missing)")
    parser.add_argument("--sqlite", help="path of an SQLite database file (created if missing)")
    parser.add_argument(
        "--hcpcs", type=Path, default=ROOT.parent / "shared/data/codesets/hcpcs/HCPC2025_OCT_ANWEB.xlsx"
    )
    parser.add_argument("--rounds", type=int, default=5, help="times the whole query mix is replayed")
    args = parser.parse_args()
    targets = []
    if args.postgres:
        targets.append(("PostgreSQL", args.postgres))
    if args.sqlite:
        targets.append(("SQLite", f"sqlite:///{Path(args.sqlite).resolve()}"))
    if not targets:
        parser.error("give --postgres and/or --sqlite")
    if not args.hcpcs.is_file():
        parser.error(f"no HCPCS file at {args.hcpcs}")
    print(f"{len(QUERIES)} queries (every prefix of {len(SEARCHES)} searches), {args.rounds} rounds", flush=True)
    lines = []
    for label, url in targets:
        prepare(url, args.hcpcs)
        lines.append(summary(label, "engine", engine_latencies(url, args.rounds)))
        print(lines[-1], flush=True)
        lines.append(summary(label, "HTTP", http_latencies(url, args.rounds)))
        print(lines[-1], flush=True)
    print()
    print(f"{'database':<11} {'via':<7} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
