"""Eligibility inquiry over HTTP against gunicorn, beside the framework's ceiling on the same stack.

For each database given (PostgreSQL with the 1,000,000-member demo world, SQLite with 100,000), it starts
gunicorn on a free loopback port, then drives three endpoints in turn with the same closed-loop load
(``--concurrency`` connections, ``--seconds`` each):

- ``GET /healthz``            — a plain Django view: the ceiling of Django + gunicorn on this machine;
- ``GET /api/v1/ping``        — the same API stack as eligibility (ninja + bearer-token lookup), doing nothing;
- ``POST /api/v1/eligibility`` — a real inquiry for a random demo member (match, access grant, audit event,
  coverage, PCP, other insurance, benefits, accumulators).

It prints p50/p95/p99 latency and throughput for each, and the eligibility/ping throughput ratio. On Linux it
also prints the CPU time each request costs, counted from /proc: the gunicorn workers, the database's server
processes serving them (PostgreSQL) and the load-generating clients, all on the same cores. On a machine shared
with other work, throughput moves with what else runs; the CPU a request costs moves much less, and on
saturated cores the throughput ratio follows the inverse ratio of CPU per request.

    .venv/bin/python bench/eligibility_http.py \
        --postgres postgresql://postgres@127.0.0.1:5432/portico_bench_1m \
        --sqlite var/bench-100k.sqlite3

Build the databases first with bench/demo_build.py (``--keep``). Requests go to 127.0.0.1 only, are
bounded in count and time, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
MAX_REQUESTS_PER_CLIENT = 200_000
KINDS = ("healthz", "ping", "eligibility")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sample_members(database_url: str, count: int) -> list[tuple[str, str]]:
    sql = (
        "SELECT member_number, birth_date FROM members_member m "
        "WHERE EXISTS (SELECT 1 FROM members_coverage c WHERE c.member_id = m.id) "
        "ORDER BY id LIMIT %d OFFSET %d"
    )
    rows: list[tuple[str, str]] = []
    rng = random.Random(7)
    if database_url.startswith("sqlite:"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        total = conn.execute("SELECT max(id) FROM members_member").fetchone()[0]
        for _ in range(count // 50):
            rows += conn.execute(sql % (50, rng.randrange(max(1, total - 50)))).fetchall()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(database_url) as conn:
            total = conn.execute("SELECT max(id) FROM members_member").fetchone()[0]
            for _ in range(count // 50):
                rows += [(m, d.isoformat()) for m, d in conn.execute(sql % (50, rng.randrange(max(1, total - 50))))]
    return [(m, str(d)) for m, d in rows]


def count_members(database_url: str) -> int:
    if database_url.startswith("sqlite:"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        n = conn.execute("SELECT count(*) FROM members_member").fetchone()[0]
        conn.close()
        return int(n)
    import psycopg

    with psycopg.connect(database_url) as conn:
        return int(conn.execute("SELECT count(*) FROM members_member").fetchone()[0])


def client_worker(
    port: int, kind: str, token: str, members: list[tuple[str, str]], seconds: float, seed: int, out: mp.Queue
) -> None:  # type: ignore[type-arg]
    rng = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS_PER_CLIENT:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        try:
            if kind == "healthz":
                conn.request("GET", "/healthz")
            elif kind == "ping":
                conn.request("GET", "/api/v1/ping", headers=headers)
            else:
                member_id, birth_date = rng.choice(members)
                body = json.dumps({"member_id": member_id, "birth_date": birth_date, "service_types": ["30", "98"]})
                conn.request("POST", "/api/v1/eligibility", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            if response.status != 200 or (kind == "eligibility" and b'"status":"not_found"' in payload):
                errors += 1
        except OSError:
            errors += 1
        finally:
            conn.close()
        latencies.append(time.perf_counter() - started)
    times = os.times()
    out.put((latencies, errors, times.user + times.system))


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc; 0 for a process that is gone)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time every process on the machine has used so far (Linux /proc/stat; 0 elsewhere)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait (guest time is within user)
    return busy / os.sysconf("SC_CLK_TCK")


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == parent:
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


def server_pids(database_url: str, gunicorn: subprocess.Popen[bytes]) -> list[int]:
    """The gunicorn master and workers, and (PostgreSQL) the server processes of this database's connections."""
    pids = [gunicorn.pid, *children_of(gunicorn.pid)]
    if not database_url.startswith("sqlite:"):
        import psycopg

        with psycopg.connect(database_url) as conn:
            pids += [
                int(pid)
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
    return pids


def drive(
    port: int,
    kind: str,
    token: str,
    members: list[tuple[str, str]],
    seconds: float,
    concurrency: int,
    server: list[int] | None = None,
) -> tuple[list[float], int, float, float, float]:
    """Closed-loop load for ``seconds``: the latencies, the error count, the elapsed time, the CPU seconds
    used by the clients and the ``server`` processes, and those used by everything else on the machine."""
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    procs = [
        mp.Process(target=client_worker, args=(port, kind, token, members, seconds, i, queue))
        for i in range(concurrency)
    ]
    server_before = cpu_seconds(server or [])
    machine_before = machine_cpu_seconds()
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(server or []) - server_before + sum(c for _, _, c in results)
    others = max(0.0, machine_cpu_seconds() - machine_before - cpu)
    return [x for lats, _, _ in results for x in lats], sum(e for _, e, _ in results), elapsed, cpu, others


def summarize(latencies: list[float], errors: int, elapsed: float, cpu: float) -> dict[str, float]:
    q = statistics.quantiles(sorted(latencies), n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "cpu_ms": cpu / len(latencies) * 1000,
    }


def load_average() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def start_gunicorn(database_url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "PORTICO_ELIGIBILITY_THROTTLE_COUNT": "1000000000",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "DB_CONN_MAX_AGE": "600",
    }
    env.pop("GUNICORN_ACCESSLOG", None)
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "portico.wsgi",
            "-c",
            str(ROOT / "portico" / "gunicorn.conf.py"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def create_token(database_url: str, username: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(
        [str(BIN / "portico"), "createtoken", username, "--name", "benchmark"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="DATABASE_URL of a PostgreSQL database with the demo world")
    parser.add_argument("--sqlite", help="path of an SQLite database file with the demo world")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per endpoint per round")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--user", default="frontdesk")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of every endpoint")
    parser.add_argument("--warmup", type=float, default=8, help="seconds of eligibility load before measuring")
    args = parser.parse_args()
    targets = []
    if args.postgres:
        targets.append(("PostgreSQL", args.postgres))
    if args.sqlite:
        targets.append(("SQLite", f"sqlite:///{Path(args.sqlite).resolve()}"))
    if not targets:
        parser.error("give --postgres and/or --sqlite")
    print(
        f"machine: {os.cpu_count()} cores; gunicorn {args.workers} sync workers; "
        f"{args.concurrency} concurrent clients; {args.rounds} rounds of {args.seconds:.0f} s per endpoint",
        flush=True,
    )
    header = (
        f"{'database':<11} {'members':>9} {'endpoint':<12} {'requests':>8} {'errors':>6} {'req/s':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU ms':>7}"
    )
    lines = []
    for label, url in targets:
        members = count_members(url)
        sample = sample_members(url, 2000)
        token = create_token(url, args.user)
        port = free_port()
        server = start_gunicorn(url, port, args.workers)
        try:
            # Warm up: each worker's connections, prepared statements and reference cache, as in steady state.
            drive(port, "eligibility", token, sample, args.warmup, args.concurrency)
            server_processes = server_pids(url, server)
            # Rounds interleave the endpoints, so drift on a shared machine falls on all of them alike.
            pooled: dict[str, tuple[list[float], int, float, float]] = {k: ([], 0, 0.0, 0.0) for k in KINDS}
            round_ratios = []
            loads = [load_average()]
            measured = others = 0.0
            for _round in range(args.rounds):
                rps = {}
                for kind in KINDS:
                    lats, errs, elapsed, cpu, other = drive(
                        port, kind, token, sample, args.seconds, args.concurrency, server_processes
                    )
                    measured += elapsed
                    others += other
                    rps[kind] = len(lats) / elapsed
                    so_far = pooled[kind]
                    pooled[kind] = (so_far[0] + lats, so_far[1] + errs, so_far[2] + elapsed, so_far[3] + cpu)
                round_ratios.append(rps["eligibility"] / rps["ping"])
                loads.append(load_average())
            results = {}
            for kind in KINDS:
                results[kind] = r = summarize(*pooled[kind])
                lines.append(
                    f"{label:<11} {members:>9,} {kind:<12} {r['requests']:>8} {r['errors']:>6} "
                    f"{r['rps']:>8.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f} {r['cpu_ms']:>7.2f}"
                )
                print(lines[-1], flush=True)
            ratio = results["eligibility"]["rps"] / results["ping"]["rps"]
            lines.append(
                f"{label}: eligibility throughput is {ratio:.0%} of the API ping's "
                f"({results['eligibility']['rps'] / results['healthz']['rps']:.0%} of /healthz); "
                f"per round: {', '.join(f'{x:.0%}' for x in round_ratios)}; "
                f"CPU per request, ping's / eligibility's: "
                f"{results['ping']['cpu_ms'] / results['eligibility']['cpu_ms']:.0%}"
            )
            print(lines[-1], flush=True)
            lines.append(
                f"{label}: other processes used {others / measured / (os.cpu_count() or 1):.0%} of the machine's CPU "
                f"during the rounds; {'; '.join(loads)} (before the rounds, then after each)"
            )
            print(lines[-1], flush=True)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print()
    print(header)
    for line in lines:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
