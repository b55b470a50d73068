"""The demo world's training and feedback: completions in every state for the personas, and feedback to read."""

from __future__ import annotations

import pytest

from portico.accounts.models import User
from portico.content.feedback import WebsiteFeedback
from portico.content.training_queries import my_training, network_compliance
from portico.content.training_rules import TrainingState
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.django_db


def _state(username: str, slug: str) -> TrainingState:
    user = User.objects.get(username=username)
    return next(r.standing.state for r in my_training(user=user, today=AS_OF) if r.module.slug == slug)


@pytest.mark.usefixtures("demo_world")
def test_the_personas_show_training_done_due_soon_and_overdue() -> None:
    assert _state("clinicadmin", "fraud-waste-abuse") == TrainingState.DONE
    assert _state("clinicadmin", "model-of-care") == TrainingState.DONE
    assert _state("frontdesk", "fraud-waste-abuse") == TrainingState.OVERDUE
    assert _state("bhclinic", "fraud-waste-abuse") == TrainingState.DUE_SOON
    assert _state("coordinator", "model-of-care") == TrainingState.DUE


@pytest.mark.usefixtures("demo_world")
def test_the_network_has_practitioners_done_and_overdue_and_feedback_to_read() -> None:
    report = network_compliance(today=AS_OF)
    moc = next(r for r in report.by_module if r.label.startswith("Model of Care"))
    assert 0 < moc.done < moc.required
    assert moc.overdue > 0
    assert report.overdue_organizations
    assert WebsiteFeedback.objects.count() >= 5
    assert WebsiteFeedback.objects.filter(handled_at__isnull=False).exists()
