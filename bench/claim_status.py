"""Benchmark: claim status (the provider's claim list and detail, page and API) with millions of claims in
PostgreSQL. The claim is "p95 <= 150 ms with 10,000,000 claims".

    .venv/bin/python bench/claim_status.py                          # 10,000,000 claims, measured, dropped
    .venv/bin/python bench/claim_status.py --claims 200000 --keep   # a small one, kept
    .venv/bin/python bench/claim_status.py --reuse portico_bench_claims_10m   # measure an existing one again

1. Creates a scratch database (``portico_bench_...``), migrates it, builds a small world with the test factories
   (a health plan, ``--organizations`` provider organizations each with a user holding the Claims role,
   ``--members`` members with coverage), then generates ``--claims`` claims server-side with
   ``INSERT ... SELECT generate_series`` in batches: 1-4 lines each, mostly finalized with paid and denied lines
   and their adjustments, some pended, some drafts, corrected and voided pairs, received over three years; one
   big hospital system has 15% of the claims, the other organizations follow a steep curve down to a few
   thousand. Then VACUUM ANALYZE. Foreign-key triggers are off while loading (session_replication_role), the
   rows are made to satisfy them.
2. Starts gunicorn on a loopback port and requests, one at a time, for the big organization's user and for a
   small one's: the list (first page, each filter, a later page), the claim detail page, and the API list and
   detail — ``--requests`` each after ``--warmup``, rounds interleaved. Prints p50/p95/p99 per case and whether
   p95 <= ``--target`` ms, with the load average.
3. Drops the database unless ``--keep`` (or ``--reuse``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_build import BENCH_PREFIX, pg_create, pg_drop, pg_size
from eligibility_http import create_token, free_port, load_average, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent
PORTICO = str(Path(sys.executable).with_name("portico"))
BATCH = 500_000
BIG_SHARE = 0.15  # the hospital system's share of all claims
YEARS = 3
PASSWORD = "bench-claims-not-secret"  # noqa: S105 (scratch database; the sessions are made directly)


FIRST_NAMES = "(ARRAY['Alex', 'Jordan', 'Sam', 'Riley', 'Casey', 'Morgan', 'Avery', 'Quinn'])"


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# ---- the world ----------------------------------------------------------------------------------------------


def django_setup(url: str, var: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PORTICO_VAR", str(var))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
    import django

    django.setup()


def build_world(organizations: int, members: int) -> dict[str, Any]:
    """Organizations with a Claims user each (factories), and members with coverage (one factory-made member
    copied by SQL)."""
    from django.conf import settings
    from django.db import connection, transaction

    # The bench users never sign in with a password (their sessions are made directly): hash it cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from portico.accounts.models import ProviderRole
    from tests import factories

    with transaction.atomic():
        benefit_plan = factories.BenefitPlanFactory(
            name="North Coast CCO Plan", line_of_business__name="North Coast CCO"
        )
        orgs, users = [], []
        for n in range(organizations):
            name = "Cascade Regional Health System" if n == 0 else f"Bench Clinic {n:03d}"
            org = factories.OrganizationFactory(legal_name=name)
            membership = factories.MembershipFactory(
                organization=org,
                user__username=f"bench{n:03d}",
                user__password=PASSWORD,
                roles=[ProviderRole.CLAIMS.value, ProviderRole.ELIGIBILITY.value],
            )
            orgs.append(org)
            users.append(membership.user)
        template = factories.MemberFactory(member_number="CH499999999", medicaid_id="OR499999999")
        factories.CoverageFactory(member=template, benefit_plan=benefit_plan, start=dt.date(2020, 1, 1))
    from portico.members.models import Coverage, Member

    def columns(model: Any, overrides: dict[str, str]) -> tuple[str, str]:
        names, values = [], []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            names.append(f'"{field.column}"')
            values.append(overrides.get(field.column, f't."{field.column}"'))
        return ", ".join(names), ", ".join(values)

    member_cols, member_vals = columns(
        Member,
        {
            "member_number": "'CH' || (500000000 + k)",
            "medicaid_id": "'OR' || (500000000 + k)",
            "first_name": f"{FIRST_NAMES}[1 + k %% 8]",
            "first_name_key": f"lower({FIRST_NAMES}[1 + k %% 8])",
            "last_name": "'Benchmember' || k",
            "last_name_key": "'benchmember' || k",
            "birth_date": "DATE '1940-01-01' + (k::bigint * 7919 %% 29000)::int",
        },
    )
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO members_member ({member_cols}) SELECT {member_vals} "  # noqa: S608 (columns from models)
            "FROM members_member t, generate_series(0, %s - 1) k WHERE t.id = %s",
            [members, template.pk],
        )
        cur.execute("SELECT min(id), max(id), count(*) FROM members_member WHERE member_number LIKE 'CH5%%'")
        first, last, count = cur.fetchone()
        assert last - first + 1 == count == members, "bulk members are not contiguous"
        coverage_cols, coverage_vals = columns(Coverage, {"member_id": "m.id"})
        cur.execute(
            f"INSERT INTO members_coverage ({coverage_cols}) SELECT {coverage_vals} "  # noqa: S608
            "FROM members_coverage t, members_member m WHERE t.member_id = %s AND m.id BETWEEN %s AND %s",
            [template.pk, first, last],
        )
    return {
        "orgs": [o.pk for o in orgs],
        "tins": [o.tin for o in orgs],
        "npis": [o.group_npi for o in orgs],
        "users": [u.pk for u in users],
        "lob": benefit_plan.line_of_business_id,
        "member0": first,
        "members": members,
    }


# ---- the claims ---------------------------------------------------------------------------------------------

# u(x, seed): a uniform number in [0, 1) from x, repeatable (PostgreSQL's own integer hash).
U = "((hashint8extended({x}, {seed}) & 2147483647)::float8 / 2147483648.0)"


def u(x: str, seed: int) -> str:
    return U.format(x=x, seed=seed)


CLAIMS_TEMPLATE = """
WITH base AS (
  SELECT i, i / 2 AS p,
         i::float8 / %(n)s AS age,
         {u_org} AS u_org, {u_status} AS u_status, {u_member} AS u_member, {u_pair_member} AS u_pair_member,
         {u_pair} AS u_pair, {u_kind} AS u_kind, {u_charge} AS u_charge, {u_days} AS u_days, {u_misc} AS u_misc
  FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) i
), shaped AS (
  SELECT b.*,
         (b.p > 0 AND b.u_pair < 0.03) AS pair,
         CASE WHEN b.u_org < %(big)s THEN 1
              ELSE 2 + least(%(norgs)s - 2, floor((%(norgs)s - 1) * power((b.u_org - %(big)s) / (1 - %(big)s), 2))::int)
         END AS org,
         %(start)s::timestamptz + (b.age * %(span)s + (b.u_misc - 0.5) * 0.001) * interval '1 second' AS created
  FROM base b
), claims AS (
  SELECT s.*,
         CASE WHEN s.pair AND s.i %% 2 = 0 THEN CASE WHEN s.u_pair < 0.0225 THEN 'replaced' ELSE 'voided' END
              WHEN s.u_status < 0.015 AND NOT s.pair THEN 'draft'
              WHEN s.age > 0.997 AND s.u_status < 0.6 THEN 'received'
              WHEN s.age > 0.997 AND s.u_status < 0.8 THEN 'in_process'
              WHEN s.age > 0.95 AND s.u_status < 0.12 THEN 'pended'
              WHEN s.u_status < 0.02 THEN 'pended'
              ELSE 'finalized' END AS status,
         CASE WHEN s.pair AND s.i %% 2 = 1 THEN CASE WHEN s.u_pair < 0.0225 THEN '7' ELSE '8' END ELSE '1' END
           AS frequency,
         %(member0)s + floor((CASE WHEN s.pair THEN s.u_pair_member ELSE s.u_member END) * %(nmembers)s)::bigint
           AS member_k,
         CASE WHEN s.u_kind < 0.15 THEN 'institutional' ELSE 'professional' END AS kind
  FROM shaped s
)
INSERT INTO claims_claim (
  id, organization_id, icn, kind, frequency, replaces_id, status, billing_tin, billing_npi, billing_taxonomy,
  rendering_practitioner_id, service_location_id, member_id, member_id_given, birth_date_given, line_of_business_id,
  patient_account_number, total_charge, diagnoses, prior_authorization_number, authorization_id,
  first_service_date, last_service_date, type_of_bill, admission_date, admission_type, admission_source,
  discharge_date, discharge_status, occurrence_codes, value_codes, condition_codes, idempotency_key,
  created_by_id, created_at, updated_at, submitted_by_id, submitted_at, remitted_on, remittance_number
)
SELECT
  c.i,
  (%(orgs)s::bigint[])[c.org],
  CASE WHEN c.status = 'draft' THEN NULL
       ELSE to_char((c.created + interval '3 minutes') AT TIME ZONE %(tz)s, 'YYDDD') || lpad(c.i::text, 8, '0') END,
  c.kind, c.frequency,
  CASE WHEN c.frequency <> '1' THEN c.i - 1 END,
  c.status,
  (%(tins)s::text[])[c.org], (%(npis)s::text[])[c.org], '207Q00000X',
  NULL, NULL,
  CASE WHEN c.status = 'draft' AND c.u_misc < 0.5 THEN NULL ELSE c.member_k END,
  'CH' || (500000000 + c.member_k - %(member0)s),
  DATE '1940-01-01' + ((c.member_k - %(member0)s) * 7919 %% 29000)::int,
  %(lob)s,
  'ACCT-' || (1000000 + CASE WHEN c.pair THEN c.p * 2 ELSE c.i END),
  CASE WHEN c.kind = 'institutional' THEN round((800 + 30000 * power(c.u_charge, 3))::numeric, 2)
       ELSE round((60 + 900 * power(c.u_charge, 2))::numeric, 2) END,
  (ARRAY['["J02.9", "E11.9"]', '["I10"]', '["Z00.129"]', '["M17.11", "I10"]', '["E11.9"]']::jsonb[])[1 + (c.i %% 5)],
  '', NULL,
  ((c.created AT TIME ZONE %(tz)s)::date - floor(c.u_days * 40)::int),
  ((c.created AT TIME ZONE %(tz)s)::date - floor(c.u_days * 40)::int)
     + CASE WHEN c.kind = 'institutional' THEN floor(c.u_misc * 5)::int ELSE 0 END,
  CASE WHEN c.kind = 'institutional' THEN '0131' ELSE '' END,
  NULL, '', '', NULL, '',
  '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, NULL,
  (%(users)s::bigint[])[c.org],
  c.created,
  c.created + CASE WHEN c.status IN ('finalized', 'replaced', 'voided') THEN interval '9 days'
                   ELSE interval '3 minutes' END,
  CASE WHEN c.status = 'draft' THEN NULL ELSE (%(users)s::bigint[])[c.org] END,
  CASE WHEN c.status = 'draft' THEN NULL ELSE c.created + interval '3 minutes' END,
  -- finalized claims (not voids) on the remittance of the weekly run after they were finalized
  CASE WHEN c.status = 'finalized' AND c.frequency <> '8' AND c.created < %(now)s::timestamptz - interval '14 days'
       THEN (c.created AT TIME ZONE %(tz)s)::date + 10 END,
  CASE WHEN c.status = 'finalized' AND c.frequency <> '8' AND c.created < %(now)s::timestamptz - interval '14 days'
       THEN to_char((c.created AT TIME ZONE %(tz)s)::date + 10, 'YYYYMMDD') || lpad(c.org::text, 5, '0')
       ELSE '' END
FROM claims c
"""
CLAIMS_SQL = CLAIMS_TEMPLATE.format(
    u_org=u("i / 2", 1),
    u_status=u("i", 2),
    u_member=u("i", 3),
    u_pair_member=u("i / 2", 4),
    u_pair=u("i / 2", 5),
    u_kind=u("i", 6),
    u_charge=u("i", 7),
    u_days=u("i", 8),
    u_misc=u("i", 9),
)

# Lines: 1-4 per claim (20/35/35/10%), the charge split evenly; adjudicated by the claim's status.
NLINES = "(CASE WHEN {u} < 0.2 THEN 1 WHEN {u} < 0.55 THEN 2 WHEN {u} < 0.9 THEN 3 ELSE 4 END)".format(u=u("c.id", 10))

LINES_SQL = """
INSERT INTO claims_claimline (
  claim_id, number, service_from, service_to, place_of_service, revenue_code, code, modifiers, units, charge,
  ndc, ndc_unit, ndc_quantity, diagnosis_pointers, status, allowed, paid, member_responsibility,
  pend_rule, pend_reason, pend_params
)
SELECT
  l.claim_id, l.number, l.service_from, l.service_to, l.place_of_service, l.revenue_code, l.code, '[]'::jsonb, 1,
  l.charge, '', '', NULL, '[1]'::jsonb, l.status,
  CASE WHEN l.status = 'paid' THEN round(l.charge * 0.62, 2) END,
  CASE WHEN l.status = 'paid' THEN round(l.charge * 0.62, 2) - l.copay END,
  CASE WHEN l.status = 'paid' THEN l.copay WHEN l.status = 'denied' THEN 0 END,
  CASE WHEN l.status = 'pended' THEN 'fee_schedule' ELSE '' END,
  CASE WHEN l.status = 'pended' THEN 'No fee schedule prices this service; a claims examiner prices it.' ELSE '' END,
  '{{}}'::jsonb
FROM (
  SELECT c.id AS claim_id, n AS number, c.first_service_date AS service_from, c.last_service_date AS service_to,
         CASE WHEN c.kind = 'professional' THEN '11' ELSE '' END AS place_of_service,
         CASE WHEN c.kind = 'institutional' THEN (ARRAY['0450', '0300', '0250', '0636'])[n] ELSE '' END
           AS revenue_code,
         CASE WHEN c.kind = 'professional' THEN (ARRAY['99213', '87880', '99214', 'J1100'])[n] ELSE '' END AS code,
         CASE WHEN n < {nlines} THEN round(c.total_charge / {nlines}, 2)
              ELSE c.total_charge - round(c.total_charge / {nlines}, 2) * ({nlines} - 1) END AS charge,
         CASE WHEN n = 1 AND c.total_charge > 200 AND c.id %% 3 = 0 THEN 15.00 ELSE 0 END AS copay,
         CASE WHEN c.status IN ('finalized', 'replaced', 'voided')
                THEN CASE WHEN {u_line} < 0.12 THEN 'denied' ELSE 'paid' END
              WHEN c.status = 'pended' THEN CASE WHEN n = 1 THEN 'pended' ELSE 'paid' END
              ELSE 'pending' END AS status
  FROM claims_claim c, generate_series(1, {nlines}) n
  WHERE c.id BETWEEN %(lo)s AND %(hi)s
) l
""".format(nlines=NLINES, u_line=u("c.id * 8 + n", 11))  # noqa: S608 (this file's own fragments)

ADJUSTMENTS_SQL = """
INSERT INTO claims_claimadjustment (line_id, "group", reason, remark, amount, explanation, provider_action, rule,
                                    params, created_at)
SELECT a.line_id, a.grp, a.reason, a.remark, a.amount, a.explanation, a.action, a.rule, '{}'::jsonb,
       %(now)s::timestamptz
FROM (
  SELECT l.id AS line_id, 'CO' AS grp, '45' AS reason, '' AS remark, l.charge - l.allowed AS amount,
         'The charge is more than the fee schedule allows; the difference is not billable to the member.'
           AS explanation, '' AS action, 'pricing' AS rule, l.claim_id
  FROM claims_claimline l WHERE l.id BETWEEN %(line_lo)s AND %(line_hi)s AND l.status = 'paid'
  UNION ALL
  SELECT l.id, 'PR', '3', '', l.member_responsibility, 'The member pays the copay for this visit.', '',
         'cost_share', l.claim_id
  FROM claims_claimline l
  WHERE l.id BETWEEN %(line_lo)s AND %(line_hi)s AND l.status = 'paid' AND l.member_responsibility > 0
  UNION ALL
  SELECT l.id, 'CO', (ARRAY['197', '16', '18', '29'])[1 + l.id %% 4], (ARRAY['N54', 'M51', '', 'N211'])[1 + l.id %% 4],
         l.charge, 'The line was denied; the reason code says why.',
         'Correct the claim and send it again, or appeal within 60 days.', 'edits', l.claim_id
  FROM claims_claimline l WHERE l.id BETWEEN %(line_lo)s AND %(line_hi)s AND l.status = 'denied'
) a
"""

EVENTS_SQL = """
INSERT INTO claims_claimevent (claim_id, kind, at, by_id, status, related_id, note, params)
SELECT e.*, '{}'::jsonb FROM (
SELECT c.id, 'created', c.created_at, c.created_by_id, '', NULL::bigint, ''
FROM claims_claim c WHERE c.id BETWEEN %(lo)s AND %(hi)s AND c.status = 'draft'
UNION ALL
SELECT c.id, 'received', c.submitted_at, c.submitted_by_id, 'received', NULL::bigint, c.icn
FROM claims_claim c WHERE c.id BETWEEN %(lo)s AND %(hi)s AND c.status <> 'draft'
UNION ALL
SELECT c.id, 'adjudicated', c.updated_at, NULL::bigint,
       CASE WHEN c.status = 'pended' THEN 'pended' ELSE 'finalized' END, NULL::bigint, ''
FROM claims_claim c WHERE c.id BETWEEN %(lo)s AND %(hi)s AND c.status IN ('finalized', 'pended', 'replaced', 'voided')
UNION ALL
SELECT c.replaces_id, CASE WHEN c.frequency = '7' THEN 'corrected_by' ELSE 'voided_by' END, c.submitted_at,
       c.submitted_by_id, CASE WHEN c.frequency = '7' THEN 'replaced' ELSE 'voided' END, c.id, c.icn
FROM claims_claim c WHERE c.id BETWEEN %(lo)s AND %(hi)s AND c.frequency <> '1'
) e
"""


LOADED = ("claims_claim", "claims_claimline", "claims_claimadjustment", "claims_claimevent")


def drop_indexes(conn: Any) -> list[str]:
    """Drop the loaded tables' secondary indexes and unique constraints (rebuilt after loading, several times
    faster than keeping ~25 indexes up to date row by row); return the statements that rebuild them."""
    rebuild: list[str] = []
    for table in LOADED:
        for name, definition in conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'u'",
            [table],
        ).fetchall():
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
            [table],
        ).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    return rebuild


def generate_claims(url: str, world: dict[str, Any], claims: int) -> dict[str, float]:
    import psycopg
    from django.conf import settings

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    end = now - dt.timedelta(days=1)
    start = end - dt.timedelta(days=365 * YEARS)
    params: dict[str, Any] = {
        "n": claims,
        "big": BIG_SHARE,
        "norgs": len(world["orgs"]),
        "orgs": world["orgs"],
        "tins": world["tins"],
        "npis": world["npis"],
        "users": world["users"],
        "lob": world["lob"],
        "member0": world["member0"],
        "nmembers": world["members"],
        "start": start,
        "span": (end - start).total_seconds(),
        "tz": settings.TIME_ZONE,
        "now": now,
    }
    timings = {"claims": 0.0, "lines": 0.0, "adjustments": 0.0, "events": 0.0}
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # no FK triggers while loading (rows made to fit)
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET work_mem = '256MB'")
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET max_parallel_maintenance_workers = 2")
        rebuild = drop_indexes(conn)
        for lo in range(1, claims + 1, BATCH):
            hi = min(claims, lo + BATCH - 1)
            batch = {**params, "lo": lo, "hi": hi}
            batch["line_lo"] = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM claims_claimline").fetchone()[0]
            for table, sql in (
                ("claims", CLAIMS_SQL),
                ("lines", LINES_SQL),
                ("adjustments", ADJUSTMENTS_SQL),
                ("events", EVENTS_SQL),
            ):
                t = time.monotonic()
                if table == "adjustments":
                    batch["line_hi"] = conn.execute("SELECT coalesce(max(id), 0) FROM claims_claimline").fetchone()[0]
                with conn.transaction():
                    conn.execute(sql, batch)  # type: ignore[arg-type]
                timings[table] += time.monotonic() - t
            elapsed = time.monotonic() - started
            step(
                f"claims {hi:>11,} / {claims:,}  {elapsed:7.0f} s  ({hi / elapsed:,.0f} claims/s; "
                + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
                + ")"
            )
        for table in ("claims_claim", "claims_claimline", "claims_claimadjustment", "claims_claimevent"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (table names above)
                f"coalesce((SELECT max(id) FROM {table}), 1))"
            )
        t = time.monotonic()
        for statement in rebuild:
            conn.execute(statement)
        timings["indexes"] = time.monotonic() - t
        step(f"{len(rebuild)} indexes rebuilt in {timings['indexes']:.0f} s")
        t = time.monotonic()
        conn.execute("VACUUM (ANALYZE)")
        timings["vacuum analyze"] = time.monotonic() - t
    timings["total"] = time.monotonic() - started
    return timings


# ---- measuring ----------------------------------------------------------------------------------------------


@dataclass
class Subject:
    label: str
    username: str
    organization_id: int
    claims: int
    icn: str  # a finalized claim with lines and adjustments
    member: str
    account: str
    service: tuple[str, str]
    received: tuple[str, str]
    amounts: tuple[str, str]


def pick_subject(url: str, label: str, organization_id: int) -> Subject:
    """Filter values that find something in this organization's claims, from about a year ago."""
    import psycopg

    with psycopg.connect(url) as conn:
        claims = conn.execute("SELECT count(*) FROM claims_claim WHERE organization_id = %s", [organization_id])
        count = claims.fetchone()[0]  # type: ignore[index]
        username = conn.execute(
            "SELECT u.username FROM accounts_membership m JOIN accounts_user u ON u.id = m.user_id "
            "WHERE m.organization_id = %s ORDER BY u.id LIMIT 1",
            [organization_id],
        ).fetchone()[0]  # type: ignore[index]
        row = conn.execute(
            "SELECT c.icn, c.member_id_given, c.patient_account_number, c.first_service_date, c.submitted_at "
            "FROM claims_claim c WHERE c.organization_id = %s AND c.status = 'finalized' "
            "AND c.created_at < now() - interval '1 year' ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
            [organization_id],
        ).fetchone()
        assert row is not None, f"no finalized claim a year old in organization {organization_id}"
        icn, member, account, dos, received = row
    day = dos
    got = received.date()
    return Subject(
        label=label,
        username=username,
        organization_id=organization_id,
        claims=count,
        icn=icn,
        member=member,
        account=account,
        service=((day - dt.timedelta(days=30)).isoformat(), day.isoformat()),
        received=((got - dt.timedelta(days=30)).isoformat(), got.isoformat()),
        amounts=("500", "750"),
    )


def session_cookie(username: str) -> str:
    """A signed-in session (every sign-in step passed), as the tests make one."""
    from django.test import Client

    from portico.accounts.gate import gate_mark_all
    from portico.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    gate_mark_all(session, user)
    session.save()
    return str(session.session_key)


def cases(s: Subject) -> list[tuple[str, str, str]]:
    """(case, kind, path): kind "page" sends the session cookie, "api" the bearer token."""

    def page(**query: str) -> str:
        return "/claims/" + ("?" + urlencode(query) if query else "")

    def api(**query: str) -> str:
        return "/api/v1/claims" + ("?" + urlencode(query) if query else "")

    return [
        ("list", "page", page()),
        ("list status=pended", "page", page(status="pended")),
        ("list member id", "page", page(member_id=s.member)),
        ("list ICN", "page", page(icn=s.icn)),
        ("list patient account", "page", page(patient_account_number=s.account)),
        ("list dates of service 30 d", "page", page(service_from=s.service[0], service_to=s.service[1])),
        ("list received 30 d", "page", page(received_from=s.received[0], received_to=s.received[1])),
        ("list charge 500-750", "page", page(amount_min=s.amounts[0], amount_max=s.amounts[1])),
        ("list page 40", "page", page(page="40")),
        ("detail", "page", f"/claims/{s.icn}/"),
        ("API list", "api", api()),
        ("API list finalized >= $5000", "api", api(status="finalized", amount_min="5000")),
        ("API list page 20", "api", api(offset="1000", limit="50")),
        ("API detail", "api", f"/api/v1/claims/{s.icn}"),
    ]


def request(port: int, path: str, headers: dict[str, str]) -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed, response.status, len(body)


def measure(url: str, subjects: list[Subject], requests: int, warmup: int, rounds: int, target: float) -> list[str]:
    tokens = {s.username: create_token(url, s.username) for s in subjects}
    cookies = {s.username: session_cookie(s.username) for s in subjects}
    port = free_port()
    server = start_gunicorn(url, port, workers=2)
    out: list[str] = []
    try:
        plan: list[tuple[Subject, str, str, dict[str, str]]] = []
        for s in subjects:
            for name, kind, path in cases(s):
                headers = (
                    {"Authorization": f"Bearer {tokens[s.username]}"}
                    if kind == "api"
                    else {"Cookie": f"sessionid={cookies[s.username]}"}
                )
                plan.append((s, name, path, headers))
        # Warm up and check every case answers 200 before timing anything.
        for s, name, path, headers in plan:
            for _ in range(warmup):
                _t, status, _size = request(port, path, headers)
                if status != 200:
                    raise SystemExit(f"{s.label} {name}: {path} answered {status}")
        loads = [load_average()]
        timings: dict[tuple[str, str], list[float]] = {(s.label, name): [] for s, name, _p, _h in plan}
        per_round = max(1, requests // rounds)
        for _ in range(rounds):
            for s, name, path, headers in plan:
                for _ in range(per_round):
                    elapsed, status, _size = request(port, path, headers)
                    if status != 200:
                        raise SystemExit(f"{s.label} {name}: {path} answered {status}")
                    timings[(s.label, name)].append(elapsed)
            loads.append(load_average())
        header = (
            f"{'organization':<26} {'case':<28} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  p95<={target:.0f}"
        )
        out.append(header)
        for (label, name), values in timings.items():
            q = statistics.quantiles(sorted(values), n=100)
            ok = "yes" if q[94] * 1000 <= target else "NO"
            out.append(
                f"{label:<26} {name:<28} {len(values):>5} {q[49] * 1000:>7.1f} {q[94] * 1000:>7.1f} "
                f"{q[98] * 1000:>7.1f}  {ok}"
            )
            print(out[-1], flush=True)
        out.append(f"{'; '.join(loads)} (before the rounds, then after each)")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return out


def table_sizes(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables "
            "WHERE relname LIKE 'claims_%%' OR relname IN ('members_member', 'common_accessevent') "
            "ORDER BY pg_total_relation_size(relid) DESC"
        ).fetchall()
    return [f"  {name:<28} {rows_:>12,} rows  {size:>9}" for name, rows_, size in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10_000_000)
    parser.add_argument("--organizations", type=int, default=300)
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per case first")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds of every case")
    parser.add_argument("--target", type=float, default=150.0, help="p95 target, ms")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--name", help=f"database name ({BENCH_PREFIX}...)")
    parser.add_argument("--reuse", metavar="NAME", help="measure this existing benchmark database, generate nothing")
    parser.add_argument("--generate-only", action="store_true", help="build the database, measure nothing")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    options = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="portico-bench-"))
    name = options.reuse or options.name or f"{BENCH_PREFIX}claims_{os.getpid()}"
    if not name.startswith(BENCH_PREFIX):
        sys.exit(f"refusing to use {name!r}: benchmark databases are named {BENCH_PREFIX}...")
    url = f"{options.server}/{name}"
    report: list[str] = [f"machine: {os.cpu_count()} cores, {load_average()}; database {name}"]
    try:
        if not options.reuse:
            pg_create(options.server, name)
            env = {**os.environ, "DATABASE_URL": url, "PORTICO_VAR": str(var)}
            t = time.monotonic()
            subprocess.run([PORTICO, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
            step(f"migrated in {time.monotonic() - t:.0f} s")
            django_setup(url, var)
            t = time.monotonic()
            world = build_world(options.organizations, options.members)
            seconds = time.monotonic() - t
            step(f"world: {options.organizations} organizations, {options.members:,} members, {seconds:.0f} s")
            timings = generate_claims(url, world, options.claims)
            report.append(
                f"generated {options.claims:,} claims in {timings['total']:.0f} s: "
                + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items() if k != "total")
            )
        else:
            # Apply any migration added since the database was built (new indexes are built here, with room).
            options_ = "-c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=2"
            env = {**os.environ, "DATABASE_URL": url, "PORTICO_VAR": str(var), "PGOPTIONS": options_}
            t = time.monotonic()
            subprocess.run([PORTICO, "migrate", "-v1"], env=env, cwd=ROOT, check=True)
            step(f"migrated in {time.monotonic() - t:.0f} s")
            django_setup(url, var)
        report.append(f"database size {pg_size(options.server, name)}")
        report += table_sizes(url)
        for line in report:
            print(line, flush=True)
        if options.generate_only:
            return
        import psycopg

        with psycopg.connect(url) as conn:
            sizes = conn.execute(
                "SELECT organization_id, count(*) FROM claims_claim GROUP BY organization_id ORDER BY 2 DESC"
            ).fetchall()
        big, small = sizes[0], sizes[-1]
        subjects = [
            pick_subject(url, f"big ({big[1]:,} claims)", big[0]),
            pick_subject(url, f"small ({small[1]:,} claims)", small[0]),
        ]
        report.append(
            f"organizations: {len(sizes)}, claims per organization from {small[1]:,} to {big[1]:,} "
            f"(median {sizes[len(sizes) // 2][1]:,})"
        )
        print(report[-1], flush=True)
        report += measure(url, subjects, options.requests, options.warmup, options.rounds, options.target)
        print()
        for line in report:
            print(line)
    finally:
        if options.keep or options.reuse:
            print(f"\nkept: {url}")
        else:
            pg_drop(options.server, name)


if __name__ == "__main__":
    main()
