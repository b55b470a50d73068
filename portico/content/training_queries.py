"""Reads of training: a person's own modules and standing, an organization's people and practitioners (for its
administrator), the network's compliance (for plan staff), and certificates, each scoped to who asks.

Standings are computed, not stored: from the requirements in effect, the organizations' lines of business, when
each person or practitioner started, and the completions (``training_rules.standing``). All loads are in bulk,
a fixed number of queries whatever the number of organizations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from portico.accounts.models import Membership, User
from portico.common.errors import NotFound
from portico.content.training import (
    RequirementAudience,
    TrainingCompletion,
    TrainingModule,
    TrainingRequirement,
)
from portico.content.training_rules import Standing, TrainingState, in_effect, most_urgent, standing
from portico.plans.models import LineOfBusiness
from portico.providers.models import Affiliation, NetworkParticipation, Practitioner, ProviderOrganization

PERSON = "person"
PRACTITIONER = "practitioner"


def modules_published() -> QuerySet[TrainingModule]:
    return TrainingModule.objects.filter(is_published=True).order_by("position", "title")


def module_get(*, slug: str) -> TrainingModule:
    module = (
        modules_published().prefetch_related("sections", "questions__choices", "requirements").filter(slug=slug).first()
    )
    if module is None:
        raise NotFound("Training module not found.")
    return module


def requirements_in_effect(*, today: dt.date) -> list[TrainingRequirement]:
    rows = TrainingRequirement.objects.select_related("module", "line_of_business").filter(module__is_published=True)
    return [r for r in rows if in_effect(r, today)]


@dataclass(frozen=True)
class SubjectStanding:
    """One person or practitioner of one organization, on one required module."""

    organization_id: int
    kind: str  # PERSON or PRACTITIONER
    subject_id: int
    name: str
    module: TrainingModule
    standing: Standing
    last_completed_on: dt.date | None


@dataclass
class _Loaded:
    requirements: list[TrainingRequirement]
    participations: dict[int, dict[int, dt.date]] = field(default_factory=dict)  # org -> lob -> start
    people: dict[int, list[tuple[int, str, dt.date]]] = field(default_factory=dict)  # org -> (user, name, start)
    practitioners: dict[int, list[tuple[int, str, dt.date]]] = field(default_factory=dict)
    user_done: dict[tuple[int, int], list[dt.date]] = field(default_factory=dict)  # (module, user) -> dates
    practitioner_done: dict[tuple[int, int], list[dt.date]] = field(default_factory=dict)


def _load(*, organization_ids: Iterable[int] | None, today: dt.date, user_id: int | None = None) -> _Loaded:
    """Everything the standings need, for the given organizations (None: all), in a fixed number of queries."""
    loaded = _Loaded(requirements=requirements_in_effect(today=today))
    if not loaded.requirements:
        return loaded
    org_filter = Q() if organization_ids is None else Q(organization_id__in=list(organization_ids))
    active = Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))
    for org_id, lob_id, start in NetworkParticipation.objects.filter(org_filter & active).values_list(
        "organization_id", "line_of_business_id", "start"
    ):
        lobs = loaded.participations.setdefault(org_id, {})
        lobs[lob_id] = min(start, lobs.get(lob_id, start))
    memberships = Membership.objects.filter(org_filter, is_active=True, user__is_active=True)
    if user_id is not None:
        memberships = memberships.filter(user_id=user_id)
    for org_id, uid, first, last, username, created in memberships.values_list(
        "organization_id", "user_id", "user__first_name", "user__last_name", "user__username", "created_at"
    ):
        name = f"{first} {last}".strip() or username
        loaded.people.setdefault(org_id, []).append((uid, name, timezone.localtime(created).date()))
    if user_id is None and any(r.includes_practitioners for r in loaded.requirements):
        location_org = Q() if organization_ids is None else Q(location__organization_id__in=list(organization_ids))
        starts: dict[tuple[int, int], dt.date] = {}
        names: dict[int, str] = {}
        for org_id, pid, start in Affiliation.objects.filter(location_org & active).values_list(
            "location__organization_id", "practitioner_id", "start"
        ):
            key = (org_id, pid)
            starts[key] = min(start, starts.get(key, start))
        for p in Practitioner.objects.filter(pk__in={pid for _o, pid in starts}).only(
            "first_name", "last_name", "credentials"
        ):
            names[p.pk] = p.display_name
        for (org_id, pid), start in starts.items():
            loaded.practitioners.setdefault(org_id, []).append((pid, names.get(pid, ""), start))
    module_ids = {r.module_id for r in loaded.requirements}
    user_ids = {uid for rows in loaded.people.values() for uid, _n, _s in rows}
    practitioner_ids = {pid for rows in loaded.practitioners.values() for pid, _n, _s in rows}
    done = TrainingCompletion.objects.filter(module_id__in=module_ids).filter(
        Q(user_id__in=user_ids) | Q(practitioner_id__in=practitioner_ids)
    )
    for module_id, uid, pid, on in done.values_list("module_id", "user_id", "practitioner_id", "completed_on"):
        if uid is not None:
            loaded.user_done.setdefault((module_id, uid), []).append(on)
        else:
            loaded.practitioner_done.setdefault((module_id, pid), []).append(on)
    return loaded


def _covered_since(requirement: TrainingRequirement, lobs: dict[int, dt.date]) -> dt.date | None:
    """Since when the requirement covers an organization with these lines of business (None: it does not)."""
    if requirement.audience == RequirementAudience.EVERYONE:
        return dt.date.min
    return lobs.get(requirement.line_of_business_id or 0)


def _standings(loaded: _Loaded, *, today: dt.date) -> list[SubjectStanding]:
    """Each subject's standing on each module required of them, one row per organization, module and subject
    (two requirements of one module for the same subject: the more urgent wins)."""
    found: dict[tuple[int, str, int, int], SubjectStanding] = {}
    org_ids = set(loaded.people) | set(loaded.practitioners)
    for requirement in loaded.requirements:
        for org_id in org_ids:
            since = _covered_since(requirement, loaded.participations.get(org_id, {}))
            if since is None:
                continue
            subjects = [(PERSON, row, loaded.user_done) for row in loaded.people.get(org_id, [])]
            if requirement.includes_practitioners:
                subjects += [
                    (PRACTITIONER, row, loaded.practitioner_done) for row in loaded.practitioners.get(org_id, [])
                ]
            for kind, (subject_id, name, start), done_map in subjects:
                dates = done_map.get((requirement.module_id, subject_id), [])
                result = standing(requirement, start=max(start, since), completions=dates, today=today)
                if result.state == TrainingState.OPTIONAL:
                    continue
                key = (org_id, kind, subject_id, requirement.module_id)
                row = SubjectStanding(
                    organization_id=org_id,
                    kind=kind,
                    subject_id=subject_id,
                    name=name,
                    module=requirement.module,
                    standing=result,
                    last_completed_on=max(dates) if dates else None,
                )
                previous = found.get(key)
                if previous is not None:
                    row = row if most_urgent(previous.standing, result) is result else previous
                found[key] = row
    return sorted(
        found.values(),
        key=lambda r: (r.module.position, r.module.title, r.kind != PERSON, r.name.lower(), r.subject_id),
    )


@dataclass(frozen=True)
class MyModule:
    module: TrainingModule
    required: bool
    standing: Standing
    completion: TrainingCompletion | None  # the latest one


def my_training(*, user: User, today: dt.date) -> list[MyModule]:
    """Every published module with the person's own standing: required ones (through any organization they act
    for) first by urgency, then the optional ones."""
    organization_ids = list(
        Membership.objects.filter(user=user, is_active=True).values_list("organization_id", flat=True)
    )
    loaded = _load(organization_ids=organization_ids, today=today, user_id=user.pk)
    mine: dict[int, Standing] = {}
    for row in _standings(loaded, today=today):
        if row.kind == PERSON and row.subject_id == user.pk:
            held = mine.get(row.module.pk)
            mine[row.module.pk] = row.standing if held is None else most_urgent(held, row.standing)
    latest: dict[int, TrainingCompletion] = {}
    for completion in TrainingCompletion.objects.filter(user=user).order_by("completed_on", "pk"):
        latest[completion.module_id] = completion
    rows = []
    for module in modules_published():
        held = mine.get(module.pk)
        if held is None:
            done = module.pk in latest
            held = Standing(TrainingState.DONE if done else TrainingState.OPTIONAL, None)
        rows.append(
            MyModule(module=module, required=module.pk in mine, standing=held, completion=latest.get(module.pk))
        )
    order = {TrainingState.OVERDUE: 0, TrainingState.DUE_SOON: 1, TrainingState.DUE: 2}
    return sorted(rows, key=lambda r: (not r.required, order.get(r.standing.state, 3), r.module.position))


def organization_training(*, organization_id: int, today: dt.date) -> list[SubjectStanding]:
    """The organization's people and practitioners on each module required of them (for its administrator)."""
    return _standings(_load(organization_ids=[organization_id], today=today), today=today)


@dataclass(frozen=True)
class RateRow:
    label: str
    required: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.required) if self.required else 0


@dataclass(frozen=True)
class OverdueOrganization:
    organization_id: int
    name: str
    overdue_people: int
    overdue_practitioners: int
    modules: list[str]

    @property
    def total(self) -> int:
        return self.overdue_people + self.overdue_practitioners


@dataclass(frozen=True)
class NetworkCompliance:
    modules: list[TrainingModule]
    lines_of_business: list[LineOfBusiness]
    by_module: list[RateRow]  # all organizations
    by_module_and_lob: dict[tuple[int, int], RateRow]  # (module id, lob id)
    overdue_organizations: list[OverdueOrganization]


def network_compliance(*, today: dt.date) -> NetworkCompliance:
    """Completion across the network: per module, per module and line of business (organizations serving that
    line), and the organizations with someone overdue, most overdue first. For plan staff."""
    loaded = _load(organization_ids=None, today=today)
    rows = _standings(loaded, today=today)
    modules = sorted({r.module for r in loaded.requirements}, key=lambda m: (m.position, m.title))
    lobs = list(LineOfBusiness.objects.order_by("name"))
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])  # (module, lob or 0) -> r, d, o
    overdue: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    overdue_modules: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        keys = [(row.module.pk, 0)] + [
            (row.module.pk, lob) for lob in loaded.participations.get(row.organization_id, {})
        ]
        for key in keys:
            counts[key][0] += 1
            counts[key][1] += row.standing.state == TrainingState.DONE
            counts[key][2] += row.standing.state == TrainingState.OVERDUE
        if row.standing.state == TrainingState.OVERDUE:
            overdue[row.organization_id][0 if row.kind == PERSON else 1] += 1
            overdue_modules[row.organization_id].add(row.module.title)
    names = dict(ProviderOrganization.objects.filter(pk__in=overdue).values_list("pk", "legal_name"))
    late = sorted(
        (
            OverdueOrganization(
                organization_id=org_id,
                name=names.get(org_id, ""),
                overdue_people=people,
                overdue_practitioners=practitioners,
                modules=sorted(overdue_modules[org_id]),
            )
            for org_id, (people, practitioners) in overdue.items()
        ),
        key=lambda o: (-o.total, o.name),
    )

    def rate(label: str, key: tuple[int, int]) -> RateRow:
        required, done, late_count = counts.get(key, [0, 0, 0])
        return RateRow(label=label, required=required, done=done, overdue=late_count)

    return NetworkCompliance(
        modules=modules,
        lines_of_business=lobs,
        by_module=[rate(m.title, (m.pk, 0)) for m in modules],
        by_module_and_lob={(m.pk, lob.pk): rate(lob.name, (m.pk, lob.pk)) for m in modules for lob in lobs},
        overdue_organizations=late,
    )


def certificate_for(*, user: User, completion_id: int, administrator_of: int | None) -> TrainingCompletion:
    """A completion whose certificate the person may download: their own, or (as administrator of the
    organization ``administrator_of``) one recorded for a practitioner of that organization. Anything else is
    not found."""
    rows = TrainingCompletion.objects.select_related("module", "user", "practitioner", "organization")
    scope = Q(user=user)
    if administrator_of is not None:
        scope |= Q(practitioner__isnull=False, organization_id=administrator_of)
    completion = rows.filter(scope, pk=completion_id).first()
    if completion is None:
        raise NotFound("Certificate not found.")
    return completion


def certificate_verify(*, number: str) -> TrainingCompletion | None:
    """The completion a certificate number belongs to, for the public check; None when no certificate has it."""
    cleaned = (number or "").strip().upper()
    if not cleaned:
        return None
    return (
        TrainingCompletion.objects.select_related("module", "user", "practitioner")
        .filter(certificate_number=cleaned)
        .first()
    )


def practitioner_completions(*, organization_id: int) -> QuerySet[TrainingCompletion]:
    """Completions recorded for the organization's practitioners, newest first (for its administrator)."""
    return TrainingCompletion.objects.select_related("module", "practitioner", "recorded_by").filter(
        organization_id=organization_id, practitioner__isnull=False
    )
