"""Training: who must take what and by when, quizzes and attestations, practitioners' completions recorded by the
administrator, certificates, reminders, and that nobody sees another organization's training."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import StaffRole
from portico.content.training import CompletionMethod, TrainingCompletion, TrainingReminder
from portico.content.training_queries import my_training, network_compliance, organization_training
from portico.content.training_rules import TrainingState
from portico.content.training_services import (
    training_practitioner_record,
    training_quiz_submit,
    training_reminders_send,
)
from portico.messaging.models import Notification, NotificationTopic
from tests import factories
from tests.content.training_support import PACIFIC, TrainingWorld, right_answers, training_world_build, wrong_answers

pytestmark = pytest.mark.django_db

MAY = dt.datetime(2026, 5, 15, 10, 0, tzinfo=PACIFIC)


@pytest.fixture
def tw() -> TrainingWorld:
    with time_machine.travel(MAY, tick=False):
        return training_world_build()


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _complete(tw: TrainingWorld, module, on: dt.date, user=None, practitioner=None) -> TrainingCompletion:  # type: ignore[no-untyped-def]
    return TrainingCompletion.objects.create(
        module=module,
        user=user,
        practitioner=practitioner,
        organization=tw.org_dsnp,
        completed_on=on,
        method=CompletionMethod.RECORDED if practitioner else CompletionMethod.QUIZ,
        certificate_number=f"TR-TEST-{TrainingCompletion.objects.count() + 1:04d}",
    )


def _mine(user, slug: str, today: dt.date):  # type: ignore[no-untyped-def]
    return next(r for r in my_training(user=user, today=today) if r.module.slug == slug)


# ---- due dates -------------------------------------------------------------------------------------------------


def test_model_of_care_is_required_every_year_only_of_organizations_serving_the_dsnp(tw: TrainingWorld) -> None:
    _complete(tw, tw.moc, dt.date(2025, 6, 1), user=tw.clerk)
    in_may = _mine(tw.clerk, "model-of-care", dt.date(2026, 5, 15))
    assert in_may.required
    assert in_may.standing.state == TrainingState.DUE
    assert in_may.standing.due_on == dt.date(2026, 12, 31)
    assert _mine(tw.clerk, "model-of-care", dt.date(2026, 12, 10)).standing.state == TrainingState.DUE_SOON
    overdue = _mine(tw.clerk, "model-of-care", dt.date(2027, 1, 4))
    assert overdue.standing.state == TrainingState.OVERDUE
    assert overdue.standing.due_on == dt.date(2026, 12, 31)

    outsider = _mine(tw.outsider, "model-of-care", dt.date(2026, 5, 15))
    assert not outsider.required
    assert outsider.standing.state == TrainingState.OPTIONAL


def test_a_year_of_model_of_care_missed_stays_overdue_until_done(tw: TrainingWorld) -> None:
    # Joined in January 2025, never took it: last year's (due 2025-12-31) is overdue in May 2026.
    mine = _mine(tw.admin, "model-of-care", dt.date(2026, 5, 15))
    assert mine.standing.state == TrainingState.OVERDUE
    assert mine.standing.due_on == dt.date(2025, 12, 31)
    _complete(tw, tw.moc, dt.date(2026, 5, 15), user=tw.admin)
    done = _mine(tw.admin, "model-of-care", dt.date(2026, 5, 15))
    assert done.standing.state == TrainingState.DONE
    assert done.standing.valid_until == dt.date(2027, 12, 31)


def test_a_newcomer_late_in_the_year_gets_the_newcomers_days_but_not_past_the_year(tw: TrainingWorld) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=PACIFIC), tick=False):
        newcomer = factories.MembershipFactory(organization=tw.org_dsnp).user
    mine = _mine(newcomer, "model-of-care", dt.date(2026, 11, 20))
    assert mine.standing.due_on == dt.date(2026, 12, 31)
    fwa = _mine(newcomer, "fraud-waste-abuse", dt.date(2026, 11, 20))
    assert fwa.standing.due_on == dt.date(2027, 2, 18)  # 90 days after joining


def test_a_once_only_module_is_due_ninety_days_after_joining_and_done_for_good(tw: TrainingWorld) -> None:
    # Joined 2025-01-10: fraud, waste and abuse was due 2025-04-10 and is overdue since.
    mine = _mine(tw.clerk, "fraud-waste-abuse", dt.date(2026, 5, 15))
    assert mine.required
    assert mine.standing.state == TrainingState.OVERDUE
    assert mine.standing.due_on == dt.date(2025, 4, 10)
    _complete(tw, tw.fwa, dt.date(2025, 3, 1), user=tw.clerk)
    for today in (dt.date(2026, 5, 15), dt.date(2030, 1, 1)):
        assert _mine(tw.clerk, "fraud-waste-abuse", today).standing.state == TrainingState.DONE
    # Required of everyone, whatever the line of business.
    assert _mine(tw.outsider, "fraud-waste-abuse", dt.date(2026, 5, 15)).required


def test_optional_modules_are_offered_but_not_required(tw: TrainingWorld) -> None:
    rows = my_training(user=tw.clerk, today=dt.date(2026, 5, 15))
    optional = {r.module.slug for r in rows if not r.required}
    assert optional == {"quality-metrics", "portal-tutorial"}


def test_the_administrator_sees_people_and_practitioners_due_and_overdue(tw: TrainingWorld) -> None:
    rows = organization_training(organization_id=tw.org_dsnp.pk, today=dt.date(2026, 5, 15))
    names = {(r.name, r.module.slug, r.standing.state) for r in rows}
    assert ("Ada Okoro, MD", "model-of-care", TrainingState.OVERDUE) in names
    assert ("Rosa Del", "fraud-waste-abuse", TrainingState.OVERDUE) in names
    assert not any(r.name == "Ada Okoro, MD" and r.module.slug == "fraud-waste-abuse" for r in rows)  # people only
    assert not any("Salas" in r.name or "Omar" in r.name for r in rows)  # another organization's

    page = _client(tw.admin).get("/training/organization/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ada Okoro, MD" in body
    assert "Rosa Del" in body
    assert "Ben Salas" not in body
    assert "Omar Out" not in body


def test_network_compliance_counts_per_module_and_line_of_business(tw: TrainingWorld) -> None:
    _complete(tw, tw.moc, dt.date(2026, 2, 1), user=tw.clerk)
    report = network_compliance(today=dt.date(2026, 5, 15))
    moc = report.by_module_and_lob[(tw.moc.pk, tw.dsnp.pk)]
    assert (moc.required, moc.done) == (3, 1)  # two people and one practitioner at the D-SNP clinic
    assert report.by_module_and_lob[(tw.moc.pk, tw.cco.pk)].required == 3  # the same clinic serves the CCO too
    assert [o.name for o in report.overdue_organizations][:1] == ["Dual Care Clinic, P.C."]

    staff = factories.UserFactory(staff_roles=[StaffRole.PROVIDER_RELATIONS.value])
    page = _client(staff).get("/training/compliance/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="chart-completion-lob-caption"' in body
    assert "Dual Care Clinic, P.C." in body


# ---- quiz and attestation ----------------------------------------------------------------------------------------


def test_a_failed_quiz_records_nothing_and_says_which_answers_were_wrong(tw: TrainingWorld) -> None:
    response = _client(tw.clerk).post("/training/modules/fraud-waste-abuse/", wrong_answers(tw.fwa))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Not passed: 0% right; 75% passes." in body
    assert body.count(">Not right</p>") == tw.fwa.questions.count()
    assert not TrainingCompletion.objects.exists()


def test_a_passed_quiz_records_the_completion_with_a_certificate(tw: TrainingWorld) -> None:
    client = _client(tw.clerk)
    response = client.post("/training/modules/fraud-waste-abuse/", right_answers(tw.fwa), follow=True)
    assert "You passed with 100%. Your certificate is ready." in response.content.decode()
    completion = TrainingCompletion.objects.get()
    assert (completion.user, completion.module, completion.score_percent) == (tw.clerk, tw.fwa, 100)
    assert completion.certificate_number.startswith("TR-")
    assert f"/training/certificates/{completion.pk}.pdf" in response.content.decode()


def test_three_of_four_passes_the_fraud_module(tw: TrainingWorld) -> None:
    answers = right_answers(tw.fwa)
    first = tw.fwa.questions.first()
    answers[f"question_{first.pk}"] = wrong_answers(tw.fwa)[f"question_{first.pk}"]
    outcome = training_quiz_submit(user=tw.clerk, module_id=tw.fwa.pk, answers=answers, organization_id=None)
    assert (outcome.passed, outcome.score_percent) == (True, 75)


def test_an_unanswered_question_is_named_and_nothing_recorded(tw: TrainingWorld) -> None:
    answers = right_answers(tw.fwa)
    answers.pop(next(iter(answers)))
    response = _client(tw.clerk).post("/training/modules/fraud-waste-abuse/", answers)
    assert response.status_code == 400
    assert "Choose an answer to question 1." in response.content.decode()
    assert not TrainingCompletion.objects.exists()


def test_a_choice_from_another_question_does_not_count(tw: TrainingWorld) -> None:
    answers = right_answers(tw.fwa)
    keys = list(answers)
    answers[keys[0]] = answers[keys[1]]
    response = _client(tw.clerk).post("/training/modules/fraud-waste-abuse/", answers)
    assert response.status_code == 400
    assert "Choose an answer to question 1." in response.content.decode()


def test_the_tutorial_is_completed_by_attesting(tw: TrainingWorld) -> None:
    client = _client(tw.clerk)
    refused = client.post("/training/modules/portal-tutorial/", {})
    assert refused.status_code == 400
    assert "Tick the box to attest that you read the module." in refused.content.decode()
    assert client.post("/training/modules/portal-tutorial/", {"attest": "yes"}).status_code == 302
    assert TrainingCompletion.objects.get().method == CompletionMethod.ATTESTATION


def test_an_unknown_module_is_not_found(tw: TrainingWorld) -> None:
    assert _client(tw.clerk).get("/training/modules/no-such-module/").status_code == 404


# ---- practitioners' completions recorded by the administrator ----------------------------------------------------


def test_the_administrator_records_a_practitioners_in_person_training(tw: TrainingWorld) -> None:
    client = _client(tw.admin)
    assert client.get("/training/organization/record/").status_code == 200
    response = client.post(
        "/training/organization/record/",
        {
            "practitioner": tw.practitioner.pk,
            "module": tw.moc.pk,
            "completed_on": "2026-05-01",
            "note": "In-person session at the clinic",
        },
        follow=True,
    )
    assert "Recorded: Ada Okoro, MD completed Model of Care" in response.content.decode()
    completion = TrainingCompletion.objects.get()
    assert completion.practitioner == tw.practitioner
    assert completion.organization == tw.org_dsnp
    assert completion.recorded_by == tw.admin
    assert completion.completed_on == dt.date(2026, 5, 1)
    rows = organization_training(organization_id=tw.org_dsnp.pk, today=dt.date(2026, 5, 15))
    ada = next(r for r in rows if r.kind == "practitioner" and r.module == tw.moc)
    assert ada.standing.state == TrainingState.DONE


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("practitioner", {"practitioner": "other"}, "Choose one of your organization&#x27;s practitioners."),
        ("practitioner", {"practitioner": ""}, "Choose one of your organization&#x27;s practitioners."),
        ("module", {"module": "999999"}, "Choose the training module."),
        ("completed_on", {"completed_on": "2026-02-30"}, "Enter the date the training was completed, as YYYY-MM-DD."),
        ("completed_on", {"completed_on": "2099-01-01"}, "The completion date cannot be in the future."),
        ("note", {"note": "x" * 201}, "Keep the note to 200 characters."),
    ],
)
def test_bad_input_when_recording_is_named_and_nothing_recorded(tw: TrainingWorld, field, change, message) -> None:  # type: ignore[no-untyped-def]
    data = {"practitioner": tw.practitioner.pk, "module": tw.moc.pk, "completed_on": "2026-05-01", "note": ""}
    data.update(change)
    if data["practitioner"] == "other":
        data["practitioner"] = tw.other_practitioner.pk
    response = _client(tw.admin).post("/training/organization/record/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'id="id_{field}_error"' in body
    assert not TrainingCompletion.objects.exists()


def test_a_person_without_the_administrator_role_cannot_record(tw: TrainingWorld) -> None:
    client = _client(tw.clerk)
    assert client.get("/training/organization/").status_code == 403
    response = client.post(
        "/training/organization/record/",
        {"practitioner": tw.practitioner.pk, "module": tw.moc.pk, "completed_on": "2026-05-01"},
    )
    assert response.status_code == 403
    assert not TrainingCompletion.objects.exists()


# ---- certificates -------------------------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_certificate_names_the_person_the_module_the_date_and_its_number(tw: TrainingWorld) -> None:
    with time_machine.travel(MAY, tick=False):
        outcome = training_quiz_submit(
            user=tw.clerk, module_id=tw.moc.pk, answers=right_answers(tw.moc), organization_id=tw.org_dsnp.pk
        )
    completion = outcome.completion
    assert completion is not None
    response = _client(tw.clerk).get(f"/training/certificates/{completion.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert completion.certificate_number in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for expected in (
        "Certificate of completion",
        "Rosa Del",
        "Model of Care: Cascadia Advantage Dual",
        "May 15, 2026",
        completion.certificate_number,
        f"/training/verify/?number={completion.certificate_number}",
    ):
        assert expected in text, expected


def test_anyone_can_check_a_certificate_number(tw: TrainingWorld, client: Client) -> None:
    completion = _complete(tw, tw.fwa, dt.date(2026, 5, 1), user=tw.clerk)
    genuine = client.get("/training/verify/", {"number": completion.certificate_number.lower()})
    assert genuine.status_code == 200
    assert "was issued to Rosa Del for completing" in genuine.content.decode()
    unknown = client.get("/training/verify/", {"number": "TR-AAAA-BBBB-CCCC"})
    assert "No certificate has this number." in unknown.content.decode()


@pytest.mark.usefixtures("throttle_window")
def test_certificate_checks_are_rate_limited_per_address(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        assert client.get("/training/verify/", {"number": "TR-X"}).status_code == 200
    assert client.get("/training/verify/", {"number": "TR-X"}).status_code == 429


def test_the_administrator_downloads_a_practitioners_certificate(tw: TrainingWorld) -> None:
    completion = _complete(tw, tw.moc, dt.date(2026, 5, 1), practitioner=tw.practitioner)
    response = _client(tw.admin).get(f"/training/certificates/{completion.pk}.pdf")
    assert response.status_code == 200
    assert "Ada Okoro, MD" in _pdf_text(response.content)


# ---- outsiders ----------------------------------------------------------------------------------------------------


def test_outsiders_see_nothing_of_another_organizations_training(tw: TrainingWorld) -> None:
    own = _complete(tw, tw.fwa, dt.date(2026, 5, 1), user=tw.clerk)
    practitioner = _complete(tw, tw.moc, dt.date(2026, 5, 1), practitioner=tw.practitioner)
    for outsider in (tw.outsider, tw.outsider_admin):
        client = _client(outsider)
        for completion in (own, practitioner):
            response = client.get(f"/training/certificates/{completion.pk}.pdf")
            assert response.status_code == 404
            assert b"Rosa Del" not in response.content
    # A teammate without the administrator role cannot download a colleague's or a practitioner's certificate.
    assert _client(tw.admin).get(f"/training/certificates/{own.pk}.pdf").status_code == 404
    assert _client(tw.clerk).get(f"/training/certificates/{practitioner.pk}.pdf").status_code == 404
    # The other administrator's organization page shows only their own people.
    body = _client(tw.outsider_admin).get("/training/organization/?show=all").content.decode()
    assert "Ada Okoro" not in body
    assert "Rosa Del" not in body
    assert "Omar Out" in body
    # Recording for another organization's practitioner is refused as if it did not exist.
    with pytest.raises(Exception, match="practitioner"):
        training_practitioner_record(
            actor=tw.outsider_admin,
            organization_id=tw.org_cco.pk,
            practitioner_id=str(tw.practitioner.pk),
            module_id=str(tw.moc.pk),
            completed_on="2026-05-01",
        )


def test_plan_staff_without_an_organization_are_sent_away_from_provider_training(tw: TrainingWorld) -> None:
    staff = factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value])
    assert _client(staff).get("/training/").status_code == 403


# ---- reminders ----------------------------------------------------------------------------------------------------


def test_reminders_go_once_to_people_due_soon_and_to_administrators_for_practitioners(tw: TrainingWorld) -> None:
    for person in (tw.admin, tw.clerk, tw.outsider, tw.outsider_admin):
        _complete(tw, tw.fwa, dt.date(2025, 2, 1), user=person)
        _complete(tw, tw.moc, dt.date(2025, 6, 1), user=person)
    _complete(tw, tw.moc, dt.date(2025, 6, 1), practitioner=tw.practitioner)

    with time_machine.travel(dt.datetime(2026, 5, 15, 8, 0, tzinfo=PACIFIC), tick=False):
        assert training_reminders_send() == type(training_reminders_send())(people=0, administrators=0)

    with time_machine.travel(dt.datetime(2026, 12, 10, 8, 0, tzinfo=PACIFIC), tick=False):
        first = training_reminders_send()
        again = training_reminders_send()
    assert (first.people, first.administrators) == (2, 1)  # Dana and Rosa; Dana for Ada
    assert (again.people, again.administrators) == (0, 0)
    notes = Notification.objects.filter(topic=NotificationTopic.TRAINING)
    assert {n.recipient for n in notes} == {tw.admin, tw.clerk}
    rosa = notes.get(recipient=tw.clerk)
    assert rosa.text == "Training due by 2026-12-31: Model of Care: Cascadia Advantage Dual."
    assert rosa.link == "/training/modules/model-of-care/"
    assert notes.filter(recipient=tw.admin, link="/training/organization/").get().text == (
        "1 practitioner(s) must complete Model of Care: Cascadia Advantage Dual by 2026-12-31."
    )
    assert not Notification.objects.filter(recipient__in=[tw.outsider, tw.outsider_admin]).exists()

    with time_machine.travel(dt.datetime(2027, 1, 5, 8, 0, tzinfo=PACIFIC), tick=False):
        call_command("training", "remind")
    overdue = TrainingReminder.objects.filter(kind="overdue")
    assert {(r.recipient, r.about_practitioners) for r in overdue} == {
        (tw.admin, False),
        (tw.clerk, False),
        (tw.admin, True),
    }


def test_the_reminder_command_can_hand_the_run_to_a_worker(tw: TrainingWorld, capsys) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(MAY, tick=False):
        call_command("training", "remind", "--enqueue")
    assert "Enqueued training reminders" in capsys.readouterr().out
    assert TrainingReminder.objects.exists()  # the tests' task backend runs it at once
