"""Journeys in a real browser: a person takes the fraud, waste and abuse training (fails, then passes the quiz)
and downloads the certificate; the administrator records a practitioner's completion; staff see compliance;
anyone sends feedback from the control at the foot of a page. axe-core finds nothing serious on any page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from portico.accounts.models import StaffRole
from portico.content.feedback import WebsiteFeedback
from portico.content.training import TrainingCompletion
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.conftest import PASSWORD
from tests.content.training_support import training_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_all(page: Any, module: Any, *, right: bool) -> None:
    for question in module.questions.all():
        choice = next(c for c in question.choices.all() if c.is_correct == right)
        page.locator(f"#q{question.pk}-c{choice.pk}").check()


def test_a_person_completes_a_training_and_downloads_the_certificate(page: Any, tmp_path: Path) -> None:
    tw = training_world_build()
    sign_in(page, tw.clerk.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training", exact=True).click()
    page.wait_for_url("**/training/")
    table = page.locator("table.data").inner_text()
    assert "Fraud, waste and abuse" in table
    assert "Overdue" in table
    assert axe_violations(page) == []

    page.get_by_role("link", name="Fraud, waste and abuse").click()
    assert page.get_by_role("heading", name="How to report a concern").is_visible()
    assert axe_violations(page) == []
    _answer_all(page, tw.fwa, right=False)
    page.get_by_role("button", name="Submit answers").click()
    assert "Not passed: 0% right" in page.locator(".quiz-result").inner_text()
    assert axe_violations(page) == []
    assert not TrainingCompletion.objects.exists()

    _answer_all(page, tw.fwa, right=True)
    page.get_by_role("button", name="Submit answers").click()
    assert "You passed with 100%" in page.locator(".messages").inner_text()
    completion = TrainingCompletion.objects.get()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    assert download.value.suggested_filename == f"training-certificate-{completion.certificate_number}.pdf"
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    text = PdfReader(saved).pages[0].extract_text()
    assert "Rosa Del" in text
    assert completion.certificate_number in text

    page.goto("/training/")
    assert "Done" in page.locator("table.data").inner_text()
    page.goto(f"/training/verify/?number={completion.certificate_number}")
    assert "was issued to Rosa Del" in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_the_administrator_records_a_practitioners_completion_and_staff_see_compliance(page: Any) -> None:
    tw = training_world_build()
    sign_in(page, tw.admin.username, PASSWORD)
    page.goto("/training/organization/")
    assert "Ada Okoro, MD" in page.locator("table.data").first.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record a practitioner's completion").click()
    page.get_by_role("button", name="Record the completion").click()  # nothing chosen: each field is named
    summary = page.locator(".error-summary").inner_text()
    assert "Practitioner: Choose one of your organization's practitioners." in summary
    assert "Date completed: Enter the date the training was completed" in summary
    assert axe_violations(page) == []
    page.get_by_label("Practitioner").select_option(label=f"Ada Okoro, MD (NPI {tw.practitioner.npi})")
    page.get_by_label("Training module").select_option(label="Model of Care: Cascadia Advantage Dual")
    page.get_by_label("Date completed").fill((timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.get_by_label("Note (optional)").fill("In-person session at the clinic")
    page.get_by_role("button", name="Record the completion").click()
    assert "Recorded: Ada Okoro, MD completed" in page.locator(".messages").inner_text()
    assert "In-person session at the clinic" in page.locator("main").inner_text()
    page.locator("form.signout button").click()

    staff = factories.UserFactory(staff_roles=[StaffRole.PROVIDER_RELATIONS.value])
    sign_in(page, staff.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training compliance").click()
    assert page.locator("#chart-completion-lob-caption").is_visible()
    assert "Dual Care Clinic, P.C." in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_anyone_sends_feedback_from_the_control_on_a_page_and_staff_handle_it(page: Any, db: Any) -> None:
    page.goto("/privacy-statement/")
    page.get_by_text("Feedback on this page").click()
    assert "Do not include patient or member information" in page.locator(".feedback-control").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send feedback").click()  # no rating: the browser asks for one first
    assert not WebsiteFeedback.objects.exists()
    page.get_by_label("4").check()
    page.get_by_label("What worked, or what did not? (optional)").fill("The terms are long but clear.")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url("**/privacy-statement/")
    assert "Thank you for your feedback." in page.locator(".messages").inner_text()
    row = WebsiteFeedback.objects.get()
    assert (row.page, row.rating) == ("/privacy-statement/", 4)

    editor = factories.UserFactory(staff_roles=[StaffRole.CONTENT_EDITOR.value])
    sign_in(page, editor.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Website feedback").click()
    assert "The terms are long but clear." in page.locator("table.feedback-items").inner_text()
    assert page.locator("#chart-feedback-pages-caption").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Note (optional)").fill("Summary added above the terms")
    page.get_by_role("button", name="Mark handled").click()
    assert "marked handled" in page.locator(".messages").inner_text()
    row.refresh_from_db()
    assert row.handled
    page.goto("/feedback/?page=/codes/")
    assert axe_violations(page) == []
