"""factory_boy factories for every app. Everything they make is synthetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from portico.accounts.models import Membership, ProviderRole, User
from portico.common.identifiers import npi_check_digit
from portico.members.models import Coverage, Member, OtherInsurance, PcpAssignment
from portico.plans.models import Benefit, BenefitPlan, HealthPlan, LineOfBusiness, ProgramKind
from portico.providers.models import (
    Affiliation,
    OrganizationKind,
    Practitioner,
    ProviderOrganization,
    ServiceLocation,
)


def letters(n: int) -> str:
    """A name-safe suffix for sequence number n (names hold letters only): 0 → A, 25 → Z, 26 → BA."""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(65 + r) + out
        if n == 0:
            return out


def _npi(n: int) -> str:
    first_nine = f"{100000000 + n:09d}"[-9:]
    return first_nine + npi_check_digit(first_nine)


class HealthPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthPlan
        django_get_or_create = ("payer_id",)

    name = "Cascadia Health"
    payer_id = "CASCADIA"


class LineOfBusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LineOfBusiness

    plan = factory.SubFactory(HealthPlanFactory)
    code = factory.Sequence(lambda n: f"LOB{n}")
    name = factory.Sequence(lambda n: f"Test CCO {n}")
    program = ProgramKind.MEDICAID
    product = "CCO"


class BenefitPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitPlan

    line_of_business = factory.SubFactory(LineOfBusinessFactory)
    code = factory.Sequence(lambda n: f"BP{n}")
    name = factory.Sequence(lambda n: f"Test benefit plan {n}")


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    benefit_plan = factory.SubFactory(BenefitPlanFactory)
    service_type = "30"
    network = "in"
    copay = Decimal("0.00")
    effective_start = dt.date(2020, 1, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderOrganization

    legal_name = factory.Sequence(lambda n: f"Test Clinic {n}")
    tin = factory.Sequence(lambda n: f"{910000000 + n}")
    group_npi = factory.Sequence(lambda n: _npi(500000 + n))
    kind = OrganizationKind.PRIMARY_CARE


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLocation

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Test Clinic Site {n}")
    npi = factory.Sequence(lambda n: _npi(600000 + n))
    address_line1 = "100 Main St"
    city = "Portland"
    state = "OR"
    postal_code = "97201"
    phone = "503-555-0100"


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    npi = factory.Sequence(lambda n: _npi(700000 + n))
    first_name = "Avery"
    last_name = factory.Sequence(lambda n: f"Testdoc{letters(n).lower()}")
    credentials = "MD"
    taxonomy_code = "207Q00000X"


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    practitioner = factory.SubFactory(PractitionerFactory)
    location = factory.SubFactory(LocationFactory)
    start = dt.date(2020, 1, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    member_number = factory.Sequence(lambda n: f"CH{100000000 + n}")
    medicaid_id = factory.Sequence(lambda n: f"OR{700000 + n}")
    first_name = "Jordan"
    last_name = factory.Sequence(lambda n: f"Testmember{letters(n).lower()}")
    birth_date = dt.date(1980, 5, 17)
    sex = "F"
    preferred_language = "English"
    is_synthetic = True


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    member = factory.SubFactory(MemberFactory)
    benefit_plan = factory.SubFactory(BenefitPlanFactory)
    line_of_business = factory.SelfAttribute("benefit_plan.line_of_business")
    start = dt.date(2024, 1, 1)
    end = None


class PcpAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PcpAssignment

    member = factory.SubFactory(MemberFactory)
    practitioner = factory.SubFactory(PractitionerFactory)
    location = factory.SubFactory(LocationFactory)
    start = dt.date(2024, 1, 1)


class OtherInsuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherInsurance

    member = factory.SubFactory(MemberFactory)
    payer_name = "Example Employer Health"
    policy_number = factory.Sequence(lambda n: f"POL{n:06d}")
    subscriber_relationship = "18"
    cob_order = 1
    start = dt.date(2024, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = "User"
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    roles = factory.LazyFunction(lambda: [ProviderRole.ELIGIBILITY.value])


# ---- authorizations ---------------------------------------------------------------------------------------


class AuthorizationRequestFactory(factory.django.DjangoModelFactory):
    """A request as a provider organization keeps it; a draft unless told otherwise."""

    class Meta:
        model = "authorizations.AuthorizationRequest"

    organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(UserFactory)
    diagnoses = factory.LazyFunction(lambda: ["M17.11"])


class AuthorizationLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "authorizations.AuthorizationLine"

    request = factory.SubFactory(AuthorizationRequestFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = "27447"
    units = 1
    start = dt.date(2026, 6, 1)
    end = dt.date(2026, 6, 1)
