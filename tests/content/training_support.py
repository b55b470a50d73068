"""A small network for training tests: an organization serving the D-SNP (and a CCO) and one serving only the
CCO, each with people and practitioners, and the shipped modules installed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portico.accounts.models import Membership, ProviderRole, User
from portico.content.training import TrainingModule
from portico.content.training_services import training_catalog_install
from portico.plans.models import LineOfBusiness, ProgramKind
from portico.providers.models import NetworkParticipation, Practitioner, ProviderOrganization
from tests import factories

PACIFIC = ZoneInfo("America/Los_Angeles")


@dataclass
class TrainingWorld:
    dsnp: LineOfBusiness
    cco: LineOfBusiness
    org_dsnp: ProviderOrganization
    org_cco: ProviderOrganization
    admin: User  # administrator at the D-SNP organization
    clerk: User  # front desk at the D-SNP organization
    outsider: User  # front desk at the CCO-only organization
    outsider_admin: User  # administrator at the CCO-only organization
    practitioner: Practitioner  # at the D-SNP organization
    other_practitioner: Practitioner  # at the CCO-only organization
    fwa: TrainingModule
    moc: TrainingModule
    quality: TrainingModule
    tutorial: TrainingModule


def _member(org: ProviderOrganization, roles: list[str], joined: dt.date, first: str, last: str) -> User:
    membership = factories.MembershipFactory(
        organization=org, roles=roles, user__first_name=first, user__last_name=last
    )
    joined_at = dt.datetime.combine(joined, dt.time(9, 0), tzinfo=PACIFIC)
    Membership.objects.filter(pk=membership.pk).update(created_at=joined_at)
    return membership.user


def training_world_build(*, joined: dt.date = dt.date(2025, 1, 10)) -> TrainingWorld:
    dsnp = factories.LineOfBusinessFactory(
        code="TDSNP", name="Test Advantage Dual", program=ProgramKind.MEDICARE_ADVANTAGE, product="HMO D-SNP"
    )
    cco = factories.LineOfBusinessFactory(code="TCCO", name="Test Coast CCO")
    location_dsnp = factories.LocationFactory(
        name="Dual Care Clinic", organization__legal_name="Dual Care Clinic, P.C."
    )
    location_cco = factories.LocationFactory(name="Coast Kids Clinic", organization__legal_name="Coast Kids Clinic LLC")
    org_dsnp, org_cco = location_dsnp.organization, location_cco.organization
    for org, lobs in ((org_dsnp, (dsnp, cco)), (org_cco, (cco,))):
        for lob in lobs:
            NetworkParticipation.objects.create(organization=org, line_of_business=lob, start=dt.date(2020, 1, 1))
    practitioner = factories.PractitionerFactory(first_name="Ada", last_name="Okoro", credentials="MD")
    factories.AffiliationFactory(practitioner=practitioner, location=location_dsnp, start=dt.date(2019, 3, 1))
    other = factories.PractitionerFactory(first_name="Ben", last_name="Salas", credentials="NP")
    factories.AffiliationFactory(practitioner=other, location=location_cco, start=dt.date(2019, 3, 1))
    admin_role, clerk_role = [ProviderRole.ADMINISTRATOR.value], [ProviderRole.ELIGIBILITY.value]
    training_catalog_install()
    modules = {m.slug: m for m in TrainingModule.objects.all()}
    return TrainingWorld(
        dsnp=dsnp,
        cco=cco,
        org_dsnp=org_dsnp,
        org_cco=org_cco,
        admin=_member(org_dsnp, admin_role, joined, "Dana", "Whit"),
        clerk=_member(org_dsnp, clerk_role, joined, "Rosa", "Del"),
        outsider=_member(org_cco, clerk_role, joined, "Omar", "Out"),
        outsider_admin=_member(org_cco, admin_role, joined, "Olga", "Other"),
        practitioner=practitioner,
        other_practitioner=other,
        fwa=modules["fraud-waste-abuse"],
        moc=modules["model-of-care"],
        quality=modules["quality-metrics"],
        tutorial=modules["portal-tutorial"],
    )


def right_answers(module: TrainingModule) -> dict[str, str]:
    return {
        f"question_{q.pk}": str(next(c.pk for c in q.choices.all() if c.is_correct)) for q in module.questions.all()
    }


def wrong_answers(module: TrainingModule) -> dict[str, str]:
    return {
        f"question_{q.pk}": str(next(c.pk for c in q.choices.all() if not c.is_correct)) for q in module.questions.all()
    }
