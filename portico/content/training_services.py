"""Writes of training: installing the catalog, passing a quiz, attesting, an administrator recording a
practitioner's completion, and the reminder run."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portico.accounts.models import Membership, ProviderRole, User
from portico.common.errors import NotFound, ValidationFailed
from portico.content import training_catalog
from portico.content.training import (
    CompletionMethod,
    QuizChoice,
    QuizQuestion,
    ReminderKind,
    TrainingCompletion,
    TrainingModule,
    TrainingReminder,
    TrainingRequirement,
    TrainingSection,
)
from portico.content.training_queries import PERSON, PRACTITIONER, SubjectStanding, _load, _standings
from portico.content.training_rules import TrainingState
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from portico.plans.models import LineOfBusiness
from portico.providers.queries import practitioner_of

CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed back
NOTE_MAX = 200
EARLIEST_COMPLETION = dt.date(2000, 1, 1)

DUE_SOON_TEXT = gettext_noop("Training due by %(due)s: %(module)s.")
OVERDUE_TEXT = gettext_noop("Training overdue (due %(due)s): %(module)s.")
PRACTITIONERS_DUE_SOON_TEXT = gettext_noop("%(count)s practitioner(s) must complete %(module)s by %(due)s.")
PRACTITIONERS_OVERDUE_TEXT = gettext_noop("%(count)s practitioner(s) are overdue for %(module)s (due %(due)s).")


def certificate_number_new() -> str:
    """TR-XXXX-XXXX-XXXX: about 60 random bits, so numbers cannot be guessed from one another."""
    groups = ["".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "TR-" + "-".join(groups)


@transaction.atomic
def training_catalog_install() -> list[TrainingModule]:
    """Create or refresh the shipped modules (text and quiz, by slug). A module's requirements are created only
    when it has none, so the plan's own edits to who and when are kept. Model of Care's requirement goes to
    each line of business whose product is a D-SNP."""
    installed = []
    for position, spec in enumerate(training_catalog.MODULES, start=1):
        module, _created = TrainingModule.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "topic": spec.topic,
                "summary": spec.summary,
                "minutes": spec.minutes,
                "completion_check": spec.completion_check,
                "pass_percent": spec.pass_percent,
                "attestation_text": spec.attestation_text,
                "position": position,
            },
        )
        module.sections.all().delete()
        TrainingSection.objects.bulk_create(
            TrainingSection(module=module, position=n, heading=heading, body=body)
            for n, (heading, body) in enumerate(spec.sections, start=1)
        )
        module.questions.all().delete()
        for n, question in enumerate(spec.questions, start=1):
            row = QuizQuestion.objects.create(module=module, position=n, text=question.text)
            QuizChoice.objects.bulk_create(
                QuizChoice(question=row, position=c, text=text, is_correct=(c - 1 == question.correct))
                for c, text in enumerate(question.choices, start=1)
            )
        if not module.requirements.exists():
            for need in spec.requirements:
                lobs: list[LineOfBusiness | None] = [None]
                if need.line_of_business_product:
                    lobs = list(LineOfBusiness.objects.filter(product__icontains=need.line_of_business_product))
                for lob in lobs:
                    TrainingRequirement.objects.create(
                        module=module,
                        audience=need.audience,
                        line_of_business=lob,
                        frequency=need.frequency,
                        due_month=need.due_month,
                        due_day=need.due_day,
                        days_for_newcomers=need.days_for_newcomers,
                        includes_practitioners=need.includes_practitioners,
                        effective_start=need.effective_start,
                    )
        installed.append(module)
    return installed


def _module(module_id: int) -> TrainingModule:
    module = TrainingModule.objects.filter(pk=module_id, is_published=True).first()
    if module is None:
        raise NotFound(_("Training module not found."))
    return module


def _complete(
    *,
    module: TrainingModule,
    user: User | None,
    practitioner_id: int | None = None,
    organization_id: int | None,
    completed_on: dt.date,
    method: CompletionMethod,
    score: int | None = None,
    recorded_by: User | None = None,
    note: str = "",
) -> TrainingCompletion:
    return TrainingCompletion.objects.create(
        module=module,
        user=user,
        practitioner_id=practitioner_id,
        organization_id=organization_id,
        completed_on=completed_on,
        method=method,
        score_percent=score,
        recorded_by=recorded_by,
        note=note,
        certificate_number=certificate_number_new(),
    )


@dataclass(frozen=True)
class QuizOutcome:
    passed: bool
    score_percent: int
    correct: int
    total: int
    wrong_question_ids: frozenset[int]
    completion: TrainingCompletion | None


@transaction.atomic
def training_quiz_submit(
    *, user: User, module_id: int, answers: Mapping[str, str], organization_id: int | None
) -> QuizOutcome:
    """Mark the person's answers (``question_<id>`` → choice id). Every question must be answered with one of its
    own choices, else ValidationFailed names each one. A pass (at least the module's pass mark) records the
    completion, dated today, with a certificate number; a fail records nothing and may be tried again."""
    module = _module(module_id)
    if not module.is_quiz:
        raise ValidationFailed({"quiz": [_("This module is completed by attestation, not a quiz.")]})
    questions = list(module.questions.prefetch_related("choices").order_by("position"))
    errors: dict[str, list[str]] = {}
    wrong: set[int] = set()
    for number, question in enumerate(questions, start=1):
        key = f"question_{question.pk}"
        raw = str(answers.get(key) or "").strip()
        chosen = next((c for c in question.choices.all() if str(c.pk) == raw), None)
        if chosen is None:
            errors[key] = [_("Choose an answer to question %(number)s.") % {"number": number}]
        elif not chosen.is_correct:
            wrong.add(question.pk)
    if errors:
        raise ValidationFailed(errors)
    total = len(questions)
    correct = total - len(wrong)
    score = round(100 * correct / total) if total else 0
    passed = score >= module.pass_percent
    completion = None
    if passed:
        completion = _complete(
            module=module,
            user=user,
            organization_id=organization_id,
            completed_on=timezone.localdate(),
            method=CompletionMethod.QUIZ,
            score=score,
        )
    return QuizOutcome(
        passed=passed,
        score_percent=score,
        correct=correct,
        total=total,
        wrong_question_ids=frozenset(wrong),
        completion=completion,
    )


@transaction.atomic
def training_attest(*, user: User, module_id: int, attested: bool, organization_id: int | None) -> TrainingCompletion:
    """The person attests they read the module; it records the completion, dated today."""
    module = _module(module_id)
    if module.is_quiz:
        raise ValidationFailed({"attest": [_("This module is completed by passing its quiz.")]})
    if not attested:
        raise ValidationFailed({"attest": [_("Tick the box to attest that you read the module.")]})
    return _complete(
        module=module,
        user=user,
        organization_id=organization_id,
        completed_on=timezone.localdate(),
        method=CompletionMethod.ATTESTATION,
    )


@transaction.atomic
def training_practitioner_record(
    *,
    actor: User,
    organization_id: int,
    practitioner_id: str,
    module_id: str,
    completed_on: str,
    note: str = "",
) -> TrainingCompletion:
    """An administrator of the organization records that one of its practitioners completed a module (training
    done in person, say) on a date. Each bad field is named; a practitioner of another organization is refused
    the same way as one that does not exist."""
    errors: dict[str, list[str]] = {}
    module = None
    if not str(module_id).strip().isdigit():
        errors["module"] = [_("Choose the training module.")]
    else:
        module = TrainingModule.objects.filter(pk=int(module_id), is_published=True).first()
        if module is None:
            errors["module"] = [_("Choose the training module.")]
    practitioner = None
    if not str(practitioner_id).strip().isdigit():
        errors["practitioner"] = [_("Choose one of your organization's practitioners.")]
    else:
        try:
            practitioner = practitioner_of(organization_id=organization_id, practitioner_id=int(practitioner_id))
        except NotFound:
            errors["practitioner"] = [_("Choose one of your organization's practitioners.")]
    on = None
    try:
        on = dt.date.fromisoformat((completed_on or "").strip())
    except ValueError:
        errors["completed_on"] = [_("Enter the date the training was completed, as YYYY-MM-DD.")]
    if on is not None and on > timezone.localdate():
        errors["completed_on"] = [_("The completion date cannot be in the future.")]
    elif on is not None and on < EARLIEST_COMPLETION:
        errors["completed_on"] = [_("Enter a completion date in 2000 or later.")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Keep the note to %(max)s characters.") % {"max": NOTE_MAX}]
    if not errors and on is not None:
        duplicate = TrainingCompletion.objects.filter(module=module, practitioner=practitioner, completed_on=on)
        if duplicate.exists():
            errors["completed_on"] = [_("This completion is already recorded for that date.")]
    if errors:
        raise ValidationFailed(errors)
    assert module is not None
    assert practitioner is not None
    assert on is not None
    return _complete(
        module=module,
        user=None,
        practitioner_id=practitioner.pk,
        organization_id=organization_id,
        completed_on=on,
        method=CompletionMethod.RECORDED,
        recorded_by=actor,
        note=note,
    )


@dataclass(frozen=True)
class ReminderResult:
    people: int
    administrators: int


def _remind(
    *,
    recipient: User,
    row: SubjectStanding,
    kind: ReminderKind,
    about_practitioners: bool,
    count: int = 1,
) -> bool:
    due = row.standing.due_on
    assert due is not None
    already = TrainingReminder.objects.filter(
        module=row.module, recipient=recipient, about_practitioners=about_practitioners, due_on=due, kind=kind
    )
    if about_practitioners:
        already = already.filter(organization_id=row.organization_id)
    if already.exists():
        return False
    _reminder, created = TrainingReminder.objects.get_or_create(
        module=row.module,
        recipient=recipient,
        organization_id=row.organization_id,
        about_practitioners=about_practitioners,
        due_on=due,
        kind=kind,
    )
    if not created:
        return False
    if about_practitioners:
        text = PRACTITIONERS_OVERDUE_TEXT if kind == ReminderKind.OVERDUE else PRACTITIONERS_DUE_SOON_TEXT
        link = reverse("training:organization")
    else:
        text = OVERDUE_TEXT if kind == ReminderKind.OVERDUE else DUE_SOON_TEXT
        link = reverse("training:module", args=[row.module.slug])
    notification_send(
        recipients=[recipient],
        topic=NotificationTopic.TRAINING,
        message=text,
        params={"module": row.module.title, "due": due.isoformat(), "count": count},
        link=link,
        organization_id=row.organization_id,
    )
    return True


def training_reminders_send(*, today: dt.date | None = None) -> ReminderResult:
    """Remind each person whose training is due soon or overdue, and each organization administrator whose
    practitioners are; once per recipient, module, due date and kind, so it can run as often as wanted."""
    today = today or timezone.localdate()
    rows = _standings(_load(organization_ids=None, today=today), today=today)
    users = {u.pk: u for u in User.objects.filter(pk__in={r.subject_id for r in rows if r.kind == PERSON})}
    people = administrators = 0
    late_practitioners: dict[tuple[int, int, ReminderKind], list[SubjectStanding]] = {}
    with transaction.atomic():
        for row in rows:
            if row.standing.state not in (TrainingState.DUE_SOON, TrainingState.OVERDUE):
                continue
            kind = ReminderKind.OVERDUE if row.standing.state == TrainingState.OVERDUE else ReminderKind.DUE_SOON
            if row.kind == PRACTITIONER:
                late_practitioners.setdefault((row.organization_id, row.module.pk, kind), []).append(row)
            elif row.subject_id in users:
                people += _remind(recipient=users[row.subject_id], row=row, kind=kind, about_practitioners=False)
        if late_practitioners:
            admins: dict[int, list[User]] = {}
            organization_ids = {org for org, _m, _k in late_practitioners}
            for membership in Membership.objects.select_related("user").filter(
                organization_id__in=organization_ids, is_active=True, user__is_active=True
            ):
                if ProviderRole.ADMINISTRATOR.value in (membership.roles or []):
                    admins.setdefault(membership.organization_id, []).append(membership.user)
            for (org_id, _module_id, group_kind), group in sorted(late_practitioners.items()):
                earliest = min(group, key=lambda r: r.standing.due_on or today)
                for admin in admins.get(org_id, []):
                    administrators += _remind(
                        recipient=admin, row=earliest, kind=group_kind, about_practitioners=True, count=len(group)
                    )
    return ReminderResult(people=people, administrators=administrators)
