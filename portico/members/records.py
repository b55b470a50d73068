"""One read of everything an eligibility answer needs about a member: coverage, PCPs, other insurance and
accumulators — and, for an inquiry by ID, the member too — in a single UNION ALL statement.

This is the hottest read in Portico (every eligibility inquiry, every channel). On this 2-core machine the
ORM spends about 0.5 ms compiling each query and every statement is a round trip; one hand-written statement
keeps an inquiry inside its budget (see docs/performance.md). Nothing read here is shown before the caller has
decided and recorded the access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from portico.members.models import Accumulator, Coverage, Member, OtherInsurance, PcpAssignment

# Every branch has the same 18 columns: kind, id, member_id, d1, d2, i1, i2, t1..t9, n1, n2.
_MEMBER_BRANCH = """
SELECT 'm' AS kind, id, id AS member_id, birth_date AS d1, CAST(NULL AS date) AS d2, CAST(NULL AS bigint) AS i1,
       CAST(NULL AS bigint) AS i2, member_number AS t1, medicaid_id AS t2, mbi AS t3, first_name AS t4,
       last_name AS t5, last_name_key AS t6, sex AS t7, preferred_language AS t8, dual_status AS t9,
       CAST(NULL AS numeric(10, 2)) AS n1, CAST(NULL AS numeric(10, 2)) AS n2
  FROM {member} WHERE id IN (SELECT id FROM found)
UNION ALL
"""
_RECORD_BRANCHES = """
SELECT 'c' AS kind, id, member_id, start AS d1, "end" AS d2, benefit_plan_id AS i1, line_of_business_id AS i2,
       termination_reason AS t1, CAST(NULL AS varchar(120)) AS t2, CAST(NULL AS varchar(40)) AS t3,
       CAST(NULL AS varchar(40)) AS t4, CAST(NULL AS varchar(80)) AS t5, CAST(NULL AS varchar(80)) AS t6,
       CAST(NULL AS varchar(1)) AS t7, CAST(NULL AS varchar(40)) AS t8, CAST(NULL AS varchar(10)) AS t9,
       CAST(NULL AS numeric(10, 2)) AS n1, CAST(NULL AS numeric(10, 2)) AS n2
  FROM {coverage} WHERE {who}
UNION ALL
SELECT 'p', id, member_id, start, "end", practitioner_id, location_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL
  FROM {pcp} WHERE {who}
UNION ALL
SELECT 'o', id, member_id, start, "end", cob_order, NULL, subscriber_relationship, payer_name, policy_number,
       group_number, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM {other} WHERE {who}
UNION ALL
SELECT 'a', id, member_id, NULL, NULL, benefit_year, NULL, network, level, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, deductible_met, oop_met
  FROM {accumulator} WHERE {who}
"""
# The lookup by ID: each branch on its own index; two rows are enough to know it is ambiguous.
# Each identifier is compared through a sub-select, so PostgreSQL plans the statement without looking at the
# value and the prepared statement keeps one generic plan. Compared with the value itself, the generic plan
# looked dearer than every custom one (most members have no MBI, so the statistics see few distinct MBIs and
# guess many rows for "mbi = $n"): the statement was planned afresh on every inquiry, about 1 ms where running
# it takes 0.2 ms (docs/performance.md).
_FOUND_BY_ID = """
WITH found AS (
  SELECT id FROM {member} WHERE birth_date = %s AND member_number = (SELECT CAST(%s AS varchar))
  UNION SELECT id FROM {member} WHERE birth_date = %s AND medicaid_id = (SELECT CAST(%s AS varchar))
  UNION SELECT id FROM {member} WHERE birth_date = %s AND mbi = (SELECT CAST(%s AS varchar))
  LIMIT 2
)
"""


@dataclass
class MemberRecord:
    coverages: list[Coverage] = field(default_factory=list)
    pcp_assignments: list[PcpAssignment] = field(default_factory=list)
    other_insurance: list[OtherInsurance] = field(default_factory=list)
    accumulators: list[Accumulator] = field(default_factory=list)


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))  # SQLite hands dates back as text


def _end(value: object) -> dt.date | None:
    return None if value is None else as_date(value)


def _money(value: object) -> Decimal:
    return Decimal("0.00") if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _tables() -> dict[str, str]:
    return {
        "member": Member._meta.db_table,
        "coverage": Coverage._meta.db_table,
        "pcp": PcpAssignment._meta.db_table,
        "other": OtherInsurance._meta.db_table,
        "accumulator": Accumulator._meta.db_table,
    }


def member_record(*, member_id: int) -> MemberRecord:
    """Coverage (newest first), PCP assignments (newest first), other insurance and accumulators."""
    sql = _RECORD_BRANCHES.format(who="member_id = %s", **_tables())
    _members, records = _read(sql, [member_id] * 4)
    return records.get(member_id, MemberRecord())


def members_by_id_with_records(*, identifier: str, mbi: str, birth_date: dt.date) -> list[tuple[Member, MemberRecord]]:
    """The members (at most two) whose plan ID, Medicaid ID or MBI and birth date match, each with its record."""
    tables = _tables()
    sql = (
        _FOUND_BY_ID.format(**tables)
        + _MEMBER_BRANCH.format(**tables)
        + _RECORD_BRANCHES.format(who="member_id IN (SELECT id FROM found)", **tables)
    )
    members, records = _read(sql, [birth_date, identifier, birth_date, identifier, birth_date, mbi])
    return [(m, records.get(m.pk, MemberRecord())) for m in members]


def _read(sql: str, params: list[Any]) -> tuple[list[Member], dict[int, MemberRecord]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    members: list[Member] = []
    records: dict[int, MemberRecord] = {}
    for kind, pk, member_id, d1, d2, i1, i2, t1, t2, t3, t4, t5, t6, t7, t8, t9, n1, n2 in rows:
        record = records.setdefault(member_id, MemberRecord())
        if kind == "m":
            members.append(
                Member(
                    id=pk,
                    birth_date=as_date(d1),
                    member_number=t1,
                    medicaid_id=t2,
                    mbi=t3,
                    first_name=t4,
                    last_name=t5,
                    last_name_key=t6,
                    sex=t7,
                    preferred_language=t8,
                    dual_status=t9,
                )
            )
        elif kind == "c":
            record.coverages.append(
                Coverage(
                    id=pk,
                    member_id=member_id,
                    start=as_date(d1),
                    end=_end(d2),
                    benefit_plan_id=i1,
                    line_of_business_id=i2,
                    termination_reason=t1 or "",
                )
            )
        elif kind == "p":
            record.pcp_assignments.append(
                PcpAssignment(
                    id=pk, member_id=member_id, start=as_date(d1), end=_end(d2), practitioner_id=i1, location_id=i2
                )
            )
        elif kind == "o":
            record.other_insurance.append(
                OtherInsurance(
                    id=pk,
                    member_id=member_id,
                    start=as_date(d1),
                    end=_end(d2),
                    cob_order=i1,
                    subscriber_relationship=t1,
                    payer_name=t2,
                    policy_number=t3,
                    group_number=t4 or "",
                )
            )
        else:
            record.accumulators.append(
                Accumulator(
                    id=pk,
                    member_id=member_id,
                    benefit_year=i1,
                    network=t1,
                    level=t2,
                    deductible_met=_money(n1),
                    oop_met=_money(n2),
                )
            )
    for record in records.values():
        record.coverages.sort(key=lambda c: c.start, reverse=True)
        record.pcp_assignments.sort(key=lambda p: p.start, reverse=True)
    return members, records
