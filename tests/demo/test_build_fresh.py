"""Building into an empty database: determinism across builds, and the command's own output."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from portico.demo.build import DemoWorldError, demo_world_build
from portico.members.models import Coverage, Member, PcpAssignment
from tests.demo.conftest import AS_OF, SEED

pytestmark = [pytest.mark.django_db]


def snapshot(seed: int) -> list[tuple]:
    """Build a world, read what a person would see (not database ids), and roll it all back."""
    with transaction.atomic():
        demo_world_build(seed=seed, members=300, as_of=AS_OF)
        members = list(
            Member.objects.order_by("member_number").values_list(
                "member_number", "first_name", "last_name", "birth_date", "medicaid_id", "mbi", "address_line1"
            )
        )
        coverages = list(
            Coverage.objects.order_by("member__member_number", "start").values_list(
                "member__member_number",
                "line_of_business__code",
                "benefit_plan__code",
                "start",
                "end",
                "termination_reason",
            )
        )
        pcps = list(
            PcpAssignment.objects.order_by("member__member_number", "start").values_list(
                "member__member_number", "practitioner__npi", "location__name", "start", "end"
            )
        )
        transaction.set_rollback(True)
    return members + coverages + pcps


def test_the_same_seed_gives_the_same_world_and_another_seed_a_different_one():
    first, again, other = snapshot(SEED), snapshot(SEED), snapshot(SEED + 1)
    assert first == again
    assert first != other
    # The well-known members are the same whatever the seed.
    assert [row for row in first if str(row[0]) < "CH2"][:8] == [row for row in other if str(row[0]) < "CH2"][:8]


def test_the_command_builds_and_reports_progress(capsys):
    call_command("demo_data", "--members", "50", "--seed", "3", "--as-of", "2026-01-05")
    out = capsys.readouterr().out
    assert "(100.0%)" in out
    assert "All data is synthetic" in out
    assert Member.objects.count() == 50


def test_the_personas_command_says_when_the_demo_world_is_not_loaded():
    with pytest.raises(CommandError, match="not loaded"):
        call_command("personas")


@pytest.mark.parametrize(
    ("members", "as_of", "message"),
    [(5, AS_OF, "at least 8 members"), (100, AS_OF.replace(year=2019), "on or after 2021-01-01")],
)
def test_out_of_range_arguments_are_refused_before_anything_is_written(members, as_of, message):
    with pytest.raises(DemoWorldError, match=message):
        demo_world_build(seed=SEED, members=members, as_of=as_of)
    assert not Member.objects.exists()
