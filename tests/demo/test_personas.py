"""The named demo users and the `portico personas` command."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.demo.personas import DEMO_PASSWORD, PERSONAS

pytestmark = [pytest.mark.django_db]


def roles_at(user: User) -> dict[str, set[str]]:
    return {m.organization.legal_name: set(m.roles) for m in Membership.objects.filter(user=user)}


def test_every_persona_signs_in_with_the_demo_password(demo_world):
    for persona in PERSONAS:
        user = User.objects.get(username=persona.username)
        assert user.check_password(DEMO_PASSWORD)


def test_provider_personas_hold_the_right_roles(demo_world):
    assert roles_at(User.objects.get(username="frontdesk")) == {
        "Thimbleberry Family Medicine, P.C.": {ProviderRole.ELIGIBILITY}
    }
    assert roles_at(User.objects.get(username="coordinator")) == {
        "Basalt Ridge Heart & Vascular, LLC": {
            ProviderRole.AUTHORIZATIONS,
            ProviderRole.ELIGIBILITY,
            ProviderRole.MESSAGING,
        }
    }
    assert roles_at(User.objects.get(username="clinicadmin")) == {
        "Thimbleberry Family Medicine, P.C.": {ProviderRole.ADMINISTRATOR}
    }
    assert list(roles_at(User.objects.get(username="bhclinic"))) == ["Quiet Harbor Counseling Collective"]


def test_the_biller_works_for_the_billing_service_and_both_its_clients(demo_world):
    roles = roles_at(User.objects.get(username="biller"))
    assert sorted(roles) == [
        "Ledgerline Billing Partners, LLC",
        "Salal Street Family Clinic, LLC",
        "Thimbleberry Family Medicine, P.C.",
    ]
    assert all(r == {ProviderRole.CLAIMS, ProviderRole.PAYMENTS, ProviderRole.ELIGIBILITY} for r in roles.values())


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("umnurse", StaffRole.UM_REVIEWER),
        ("examiner", StaffRole.CLAIMS_EXAMINER),
        ("provrel", StaffRole.PROVIDER_RELATIONS),
        ("editor", StaffRole.CONTENT_EDITOR),
        ("privacy", StaffRole.PRIVACY_OFFICER),
        ("planadmin", StaffRole.ADMINISTRATOR),
        ("carecoord", StaffRole.CARE_COORDINATOR),
    ],
)
def test_plan_staff_hold_their_staff_role_and_no_memberships(demo_world, username, role):
    user = User.objects.get(username=username)
    assert user.staff_roles == [role.value]
    assert not Membership.objects.filter(user=user).exists()
    assert user.is_superuser == (username == "planadmin")
    assert user.is_staff == (username == "planadmin")


def test_the_personas_command_lists_every_persona(demo_world, capsys):
    call_command("personas")
    out = capsys.readouterr().out
    for persona in PERSONAS:
        assert persona.username in out
    assert DEMO_PASSWORD in out
    assert "Ledgerline Billing Partners, LLC; Salal Street Family Clinic, LLC" in out
