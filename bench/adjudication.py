"""Adjudication speed: claim lines adjudicated and stored per second on one core, in-process.

Makes a scratch database (PostgreSQL by default, named ``portico_bench_<pid>`` and dropped afterwards, as
bench/demo_build.py does; or SQLite in a temporary folder), migrates it, builds a small world with the test
factories (one line of business and benefit plan with an office-visit copay and a deductible, one contracted
clinic, ``--members`` covered members, an in-network flat fee schedule, the NCCI excerpts of ../shared/data if
there), writes ``--claims`` received claims of three lines each straight into the tables (submit is not what is
measured), then runs ``claims_adjudicate`` on them in batches of ``--batch`` claims, one transaction per batch,
as ``portico claims adjudicate`` does (``--batch 1``: one claim per transaction, as the task after each submit
does). A tenth of the claims repeat an earlier one (exact duplicates, denied). Prints lines per second of wall
time, per CPU second of this process, and per CPU second of this process and its PostgreSQL backend together
(read from /proc: the database's share of the work counts against the core too), and the load average.
Target: ≥ 1,000 lines/s per core.

    .venv/bin/python bench/adjudication.py [--database postgres|sqlite] [--claims 2000] [--members 500] [--batch 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_build import BENCH_PREFIX, pg_create, pg_drop  # noqa: E402

CODES = {"99213": ("80.00", "125.00"), "99214": ("110.00", "180.00"), "87880": ("20.00", "35.00")}


def build(n_claims: int, n_members: int) -> list[int]:
    from django.utils import timezone

    from portico.accounts.models import User
    from portico.claims.models import Claim, ClaimLine, ClaimStatus
    from portico.members.models import Member
    from portico.plans.models import BenefitPlan
    from portico.pricing.models import FeeSchedule, NetworkStatus
    from portico.pricing.services import RateInput, fee_schedule_version_create, fee_schedule_version_publish
    from portico.providers.models import NetworkParticipation, ProviderOrganization
    from tests import factories

    plan = cast(BenefitPlan, factories.BenefitPlanFactory(name="Bench Plan"))
    factories.BenefitFactory(benefit_plan=plan, service_type="30", network="in", deductible_individual=Decimal(250))
    factories.BenefitFactory(benefit_plan=plan, service_type="98", network="in", copay=Decimal(15))
    organization = cast(ProviderOrganization, factories.OrganizationFactory())
    NetworkParticipation.objects.create(
        organization=organization, line_of_business=plan.line_of_business, contracted=True, start=dt.date(2020, 1, 1)
    )
    schedule = FeeSchedule.objects.create(name="Bench", slug="bench", network_status=NetworkStatus.IN)
    version = fee_schedule_version_create(
        schedule=schedule,
        effective_start=dt.date(2020, 1, 1),
        effective_end=None,
        rates=[RateInput(code=c, modifier="", rate=Decimal(r), description=c) for c, (r, _ch) in CODES.items()],
    )
    fee_schedule_version_publish(version=version)
    ncci = ROOT.parent / "shared" / "data" / "codesets" / "ncci"
    if ncci.is_dir():  # the NCCI rule then reads its tables as in production (CMS's excerpts)
        from portico.codes.ncci_loading import mue_file_load, ptp_file_load

        for path in sorted(ncci.glob("ccipra-*")):
            ptp_file_load(path=path)
        for path in sorted(ncci.glob("MCR_MUE_*")):
            mue_file_load(path=path)
    user = cast(User, factories.UserFactory())
    members = [cast(Member, factories.MemberFactory()) for _ in range(n_members)]
    for member in members:
        factories.CoverageFactory(member=member, benefit_plan=plan, start=dt.date(2020, 1, 1))
    rng = random.Random(7)
    now = timezone.now()
    base = timezone.localdate(now) - dt.timedelta(days=200)
    claims: list[Claim] = []
    shapes: list[tuple[int, int]] = []
    for i in range(n_claims):
        if i % 10 == 9 and shapes:
            shape = shapes[rng.randrange(len(shapes))]  # an exact duplicate of an earlier claim
        else:
            shape = (rng.randrange(n_members), rng.randrange(180))
            shapes.append(shape)
        member, day = members[shape[0]], base + dt.timedelta(days=shape[1])
        claims.append(
            Claim(
                organization=organization, status=ClaimStatus.RECEIVED, member=member,
                member_id_given=member.member_number, line_of_business=plan.line_of_business, billing_npi="1234567893",
                billing_tin="123456789", total_charge=Decimal("340.00"), first_service_date=day,
                last_service_date=day, created_by=user, submitted_by=user, submitted_at=now, icn=f"B{i:012d}",
                diagnoses=["J029"],
            )
        )  # fmt: skip
    Claim.objects.bulk_create(claims, batch_size=1000)
    made = list(Claim.objects.order_by("pk").values_list("pk", "first_service_date"))
    ClaimLine.objects.bulk_create(
        [
            ClaimLine(
                claim_id=pk,
                number=n,
                service_from=day,
                place_of_service="11",
                code=code,
                units=Decimal(1),
                charge=Decimal(CODES[code][1]),
                diagnosis_pointers=[1],
            )
            for pk, day in made
            for n, code in enumerate(CODES, start=1)
        ],
        batch_size=3000,
    )
    return [pk for pk, _day in made]


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend process (None on SQLite, which runs in
    this process, or when /proc can't be read)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--batch", type=int, default=0, help="claims per transaction (default: the pipeline's)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="portico-bench-adjudication-"))
    name = f"{BENCH_PREFIX}{os.getpid()}"
    url = pg_create(args.server, name) if args.database == "postgres" else f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["PORTICO_VAR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from portico.claims.adjudication.pipeline import BATCH_SIZE, claims_adjudicate
        from portico.claims.models import ClaimLine

        ids = build(args.claims, args.members)
        size = args.batch or BATCH_SIZE
        backend = backend_cpu()
        started = time.perf_counter()
        cpu = time.process_time()
        if os.environ.get("BENCH_PROFILE"):  # BENCH_PROFILE_SORT=tottime BENCH_PROFILE_LINES=60 to see more
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
        for start in range(0, len(ids), size):
            claims_adjudicate(claim_ids=ids[start : start + size])
        if os.environ.get("BENCH_PROFILE"):
            profile.disable()
            stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "35")))
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        after = backend_cpu()
        db_seconds = after - backend if after is not None and backend is not None else 0.0
        lines = ClaimLine.objects.count()
        statuses = {s: ClaimLine.objects.filter(status=s).count() for s in ("paid", "denied", "pended", "pending")}
        print(f"database        {args.database}")
        print(f"claims          {len(ids):,} ({lines:,} lines), {size} per transaction")
        print(f"line outcomes   {statuses}")
        print(
            f"seconds         {seconds:.2f} wall, {cpu_seconds:.2f} CPU (this process), "
            f"{db_seconds:.2f} CPU (its database backend)"
        )
        print(f"claims/second   {len(ids) / seconds:,.0f}")
        print(f"lines/second    {lines / seconds:,.0f} wall, {lines / cpu_seconds:,.0f} per CPU second of this process")
        print(
            f"lines/core-s    {lines / (cpu_seconds + db_seconds):,.0f} per CPU second of this process and its backend"
        )
        print(f"load average    {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    finally:
        from django.db import connections

        connections.close_all()
        if args.database == "postgres":
            pg_drop(args.server, name)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
