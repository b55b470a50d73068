"""Training and website feedback in the demo world: the shipped modules, completions in every state for the demo
personas and the network's practitioners, and a few feedback items. Deterministic for a given ``as_of``.

States the personas show (relative to ``as_of``): Dana (clinicadmin) is done; Rosa (frontdesk) joined 120 days
ago and her fraud, waste and abuse training is overdue; Sam (bhclinic) joined 75 days ago and it is due soon;
Marcus (coordinator) did the Model of Care last year and owes this year's. At Thimbleberry, Dana has recorded
in-person Model of Care sessions for some practitioners; others did it last year only, the rest are overdue.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from portico.accounts.models import Membership, User
from portico.content.feedback import WebsiteFeedback
from portico.content.training import CompletionMethod, TrainingCompletion, TrainingModule
from portico.content.training_services import CERTIFICATE_ALPHABET, training_catalog_install
from portico.providers.models import Affiliation

# persona -> days before as_of they joined their organization (administrators keep theirs: the quarterly
# attestation counts from an administrator's first access).
JOINED_DAYS_AGO = {"frontdesk": 120, "bhclinic": 75, "coordinator": 730, "biller": 400}

FEEDBACK = (
    # days ago, page, rating, comment
    (85, "/eligibility/", 4, "Quick answer, but I had to scroll to find the PCP phone number."),
    (60, "/prior-auth/", 2, "I could not tell whether Summit or the plan reviews 93306 before May."),
    (41, "/codes/", 3, ""),
    (33, "/rosters/", 5, "The PDF roster is exactly what our front desk needed."),
    (20, "/authorizations/new/", 2, "The attachment upload refused a scanned TIFF."),
    (12, "/training/", 5, "The Model of Care module was short and clear."),
    (6, "/eligibility/", 1, "Search said not found for a member who has coverage. Entered the wrong birth date?"),
    (2, "/accounts/login/", 4, ""),
)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def training_demo_create(*, organization_ids: dict[str, int], as_of: dt.date) -> int:
    """Install the modules and write the demo completions and feedback; returns the completions written."""
    rng = random.Random(f"portico-demo-training-{as_of.isoformat()}")

    def number() -> str:
        return "TR-" + "-".join("".join(rng.choice(CERTIFICATE_ALPHABET) for _ in range(4)) for _ in range(3))

    training_catalog_install()
    modules = {m.slug: m for m in TrainingModule.objects.all()}
    fwa, moc, tutorial = modules["fraud-waste-abuse"], modules["model-of-care"], modules["portal-tutorial"]
    this_year = max(dt.date(as_of.year, 1, 1), as_of - dt.timedelta(days=20))
    last_year = dt.date(as_of.year - 1, 6, 15)

    users = {u.username: u for u in User.objects.filter(username__in=["clinicadmin", *JOINED_DAYS_AGO])}
    for username, days in JOINED_DAYS_AGO.items():
        if username in users:
            Membership.objects.filter(user=users[username]).update(created_at=_aware(as_of - dt.timedelta(days=days)))

    rows: list[TrainingCompletion] = []

    def person(username: str, module: TrainingModule, on: dt.date, method: str, score: int | None = None) -> None:
        if username in users:
            rows.append(
                TrainingCompletion(
                    module=module,
                    user=users[username],
                    completed_on=on,
                    method=method,
                    score_percent=score,
                    certificate_number=number(),
                )
            )

    person("clinicadmin", fwa, this_year, CompletionMethod.QUIZ, 100)
    person("clinicadmin", moc, this_year, CompletionMethod.QUIZ, 80)
    person("clinicadmin", tutorial, this_year, CompletionMethod.ATTESTATION)
    person("coordinator", fwa, as_of - dt.timedelta(days=700), CompletionMethod.QUIZ, 75)
    person("coordinator", moc, last_year, CompletionMethod.QUIZ, 100)
    person("biller", fwa, as_of - dt.timedelta(days=380), CompletionMethod.QUIZ, 100)

    # Practitioners: a third recorded this year (in-person sessions), a third last year only, a third never.
    thimbleberry = organization_ids.get("thimbleberry")
    admin = users.get("clinicadmin")
    seen: set[tuple[int, int]] = set()
    for organization_id, practitioner_id in (
        Affiliation.objects.filter(end__isnull=True).order_by("location__organization_id", "practitioner_id")
        .values_list("location__organization_id", "practitioner_id")
    ):  # fmt: skip
        if (organization_id, practitioner_id) in seen:
            continue
        seen.add((organization_id, practitioner_id))
        bucket = practitioner_id % 3
        if bucket == 2:
            continue
        rows.append(
            TrainingCompletion(
                module=moc,
                practitioner_id=practitioner_id,
                organization_id=organization_id,
                completed_on=this_year if bucket == 0 else last_year,
                method=CompletionMethod.RECORDED,
                recorded_by=admin if organization_id == thimbleberry else None,
                note="In-person Model of Care session" if bucket == 0 else "Cascadia Health webinar",
                certificate_number=number(),
            )
        )
    TrainingCompletion.objects.bulk_create(rows, batch_size=500)

    for days, page, rating, comment in FEEDBACK:
        row = WebsiteFeedback.objects.create(page=page, rating=rating, comment=comment, language="en")
        WebsiteFeedback.objects.filter(pk=row.pk).update(created_at=_aware(as_of - dt.timedelta(days=days), 11))
    handled = WebsiteFeedback.objects.filter(page="/rosters/").first()
    if handled is not None:
        WebsiteFeedback.objects.filter(pk=handled.pk).update(
            handled_at=_aware(as_of - dt.timedelta(days=30)), handled_note="Shared with the roster team."
        )
    return len(rows)
