"""Building the demo world: the one service behind ``portico demo-data``.

Order: the plan side, the providers and the personas in one transaction; then the members in chunks of
CHUNK_SIZE, each chunk generated in memory and written in its own transaction (bounded memory, and
PostgreSQL checks each chunk's foreign keys at its commit); then panel capacities, sequences and planner
statistics. A DemoBuild row records the parameters before anything else is written and the timing after,
so an interrupted build is recognizable.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from decimal import Decimal

from django.db import connections, transaction
from django.utils import timezone

from portico.accounts.models import Membership, User
from portico.codes.list_demo import code_lists_demo_load
from portico.common.errors import DomainError
from portico.demo.bulk import BulkWriter
from portico.demo.content import content_demo_create
from portico.demo.directory import demo_directory_create
from portico.demo.messaging import messaging_demo_create
from portico.demo.models import DemoBuild
from portico.demo.organizations import demo_registrations_create
from portico.demo.personas import personas_create
from portico.demo.population import (
    CHUNK_SIZE,
    TABLES,
    IdCounters,
    PopulationContext,
    PopulationGenerator,
    Rows,
    lob_ids_for,
)
from portico.demo.providers import panel_capacities_set, providers_create
from portico.demo.resources import resources_demo_create
from portico.demo.training import training_demo_create
from portico.demo.wellknown import WELL_KNOWN, wellknown_rows
from portico.demo.world import plan_world_create
from portico.members.models import Accumulator, Coverage, Member, OtherInsurance, PcpAssignment
from portico.plans.models import Benefit, BenefitPlan, LineOfBusiness
from portico.pricing.demo import fee_schedules_demo_load
from portico.providers.models import (
    Affiliation,
    BillingArrangement,
    NetworkParticipation,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)

MIN_MEMBERS = len(WELL_KNOWN)
EARLIEST_AS_OF = dt.date(2021, 1, 1)

Progress = Callable[[int, int, float], None]


class DemoWorldError(DomainError):
    code = "demo_world"


def demo_world_loaded(*, using: str = "default") -> DemoBuild | None:
    """The most recent demo build recorded in the database, finished or not."""
    return DemoBuild.objects.using(using).order_by("-started_at", "-pk").first()


def _describe(build: DemoBuild) -> str:
    state = "" if build.finished else " (it did not finish)"
    return (
        f"seed {build.seed}, {build.members:,} members, as of {build.as_of.isoformat()}, "
        f"started {timezone.localtime(build.started_at):%Y-%m-%d %H:%M}{state}"
    )


def demo_world_check_empty(*, using: str = "default") -> None:
    """Raise DemoWorldError unless the database can take a new demo world: no earlier demo build, no
    members and no demo organizations (the generator numbers members and keys rows itself)."""
    previous = demo_world_loaded(using=using)
    if previous is not None:
        raise DemoWorldError(
            f"This database already holds a demo world ({_describe(previous)}). A demo world is built into a "
            "fresh database: for SQLite delete the database file (var/portico.sqlite3 by default), for "
            "PostgreSQL drop and create the database; then run `portico migrate` and this command again."
        )
    if Member.objects.using(using).exists() or ProviderOrganization.objects.using(using).filter(is_demo=True).exists():
        raise DemoWorldError(
            "This database already holds members or demo organizations. Build the demo world into a fresh "
            "database (run `portico migrate` on an empty one first)."
        )


def demo_world_build(
    *, seed: int, members: int, as_of: dt.date, progress: Progress | None = None, using: str = "default"
) -> DemoBuild:
    """Build the whole demo world for (seed, members, as_of) into an empty database and record it.

    The same arguments always give the same world. Raises DemoWorldError if the database is not empty or
    the arguments are out of range."""
    if members < MIN_MEMBERS:
        raise DemoWorldError(f"A demo world has at least {MIN_MEMBERS} members (the well-known ones).")
    if as_of < EARLIEST_AS_OF:
        raise DemoWorldError(f"The as-of date must be on or after {EARLIEST_AS_OF.isoformat()}.")
    demo_world_check_empty(using=using)
    started = time.monotonic()
    record = DemoBuild.objects.using(using).create(seed=seed, members=members, as_of=as_of, started_at=timezone.now())
    writer = BulkWriter(using)

    with transaction.atomic(using=using):
        plan_ids = plan_world_create(current_year=as_of.year)
        provider_ids = providers_create(members=members, seed=seed, lob_ids=plan_ids.lob_ids)
        personas_create(organization_ids=provider_ids.organization_ids)
        demo_registrations_create(organization_ids=provider_ids.organization_ids, as_of=as_of)
        demo_directory_create(organization_ids=provider_ids.organization_ids, as_of=as_of, seed=seed)
        training_demo_create(organization_ids=provider_ids.organization_ids, as_of=as_of)
        code_lists_demo_load()  # the No-Auth and Summit lists: a few hundred rows, through the upload services
        content_demo_create(as_of=as_of)  # alerts, provider updates and documents (the seed pages' notices)
        fee_schedules_demo_load()  # the Non-contracted Behavioral Health Fee Schedule (pricing is its source)

    dsnp_plan_row = Benefit.objects.using(using).get(
        benefit_plan_id=plan_ids.benefit_plan_ids["CADSNP-HMO"],
        service_type="30",
        network="in",
        effective_start=dt.date(as_of.year, 1, 1),
    )
    context = PopulationContext(
        seed=seed,
        as_of=as_of,
        lobs=lob_ids_for(lob_ids=plan_ids.lob_ids, benefit_plan_ids=plan_ids.benefit_plan_ids),
        pcp_locations=provider_ids.pcp_locations,
        dsnp_deductible=str(dsnp_plan_row.deductible_individual or Decimal("0.00")),
        dsnp_oop_max=str(dsnp_plan_row.oop_max_individual or Decimal("0.00")),
    )
    ids = IdCounters(
        member=writer.max_id(Member) + 1,
        coverage=writer.max_id(Coverage) + 1,
        pcp=writer.max_id(PcpAssignment) + 1,
        other=writer.max_id(OtherInsurance) + 1,
        accumulator=writer.max_id(Accumulator) + 1,
    )
    counts: dict[str, int] = {}
    generator = PopulationGenerator(context, ids)
    random_members = members - len(WELL_KNOWN)
    wellknown = wellknown_rows(ctx=context, providers=provider_ids, ids=ids)
    done = 0
    for number in range(max(1, math.ceil(random_members / CHUNK_SIZE))):
        first = number * CHUNK_SIZE
        rows = generator.chunk(first, min(CHUNK_SIZE, random_members - first), number)
        if number == 0:
            rows = _concat(wellknown, rows)
        _write_chunk(writer, rows, counts, using)
        done += len(rows.members)
        if progress:
            progress(done, members, time.monotonic() - started)

    with transaction.atomic(using=using):
        panel_capacities_set(ids=provider_ids, assigned=context.panel_counts)
        messaging_demo_create(organization_ids=provider_ids.organization_ids, as_of=as_of)  # secure messages
        resources_demo_create(organization_ids=provider_ids.organization_ids, as_of=as_of)  # member resources
        writer.finish([model for model, _fields in TABLES])
        counts.update(_reference_counts(using))
        record.finished_at = timezone.now()
        record.seconds = round(time.monotonic() - started, 2)
        record.row_counts = counts
        record.save(using=using)
    return record


def _concat(first: Rows, second: Rows) -> Rows:
    return Rows(
        members=first.members + second.members,
        coverages=first.coverages + second.coverages,
        pcps=first.pcps + second.pcps,
        others=first.others + second.others,
        accumulators=first.accumulators + second.accumulators,
    )


def _write_chunk(writer: BulkWriter, rows: Rows, counts: dict[str, int], using: str) -> None:
    with transaction.atomic(using=using):
        if writer.vendor == "postgresql":
            # Losing the last chunks in a crash is harmless (the build is then unfinished); waiting for
            # each commit to reach the disk is not free.
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for model, fields, table_rows in rows.by_model():
            if table_rows:
                writer.write(model, fields, table_rows)
                label = model._meta.label
                counts[label] = counts.get(label, 0) + len(table_rows)


def _reference_counts(using: str) -> dict[str, int]:
    models = (
        LineOfBusiness, BenefitPlan, Benefit, ProviderOrganization, ServiceLocation, Practitioner,
        Affiliation, NetworkParticipation, BillingArrangement, User, Membership,
    )  # fmt: skip
    return {model._meta.label: model._default_manager.using(using).count() for model in models}
