"""Every page built so far, in a real browser: axe-core finds no serious or critical violation, in English
and in Spanish; the roster PDF downloads; the batch progress page runs to its results."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from portico.accounts.models import StaffRole
from portico.common.dates import today
from tests import factories
from tests.browser.support import axe_violations, sign_in
from tests.codes.sample_codes import codes  # noqa: F401  (fixture)
from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def provider_pages(world: World) -> list[str]:
    return [
        "/",
        "/eligibility/",
        f"/eligibility/members/{world.member_a.pk}/",
        f"/eligibility/members/{world.member_a.pk}/print/",
        "/eligibility/batch/",
        "/rosters/",
        f"/rosters/?location_id={world.location_a.pk}",
        "/accounts/profile/",
        "/eligibility/members/999999/",  # the not-found page
        "/codes/?q=chest+pain",
        "/codes/verify/",
        "/codes/icd10cm/R07/",
        "/prior-auth/",
        "/prior-auth/lists/",
        "/notifications/",
        "/notifications/settings/",
    ]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.usefixtures("codes")
def test_no_serious_accessibility_violation_on_any_provider_page(world: World, page: Any, language: str) -> None:
    factories.OtherInsuranceFactory(member=world.member_a)
    sign_in(page, world.user_a.username, PASSWORD)
    if language == "es":
        page.get_by_label("Language").select_option("es")
        page.get_by_role("button", name="Change").click()
        page.wait_for_selector("html[lang=es]")
    failures = {}
    for url in provider_pages(world):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


def test_no_serious_accessibility_violation_on_sign_in_and_the_access_audit(world: World, page: Any) -> None:
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    officer = factories.UserFactory(staff_roles=[StaffRole.PRIVACY_OFFICER.value])
    sign_in(page, officer.username, PASSWORD)
    page.goto(f"/privacy/events/?member_id={world.member_a.member_number}")
    assert axe_violations(page) == []
    page.goto("/privacy/events/?date_from=2026-02-30")
    assert axe_violations(page) == []


def test_the_spanish_eligibility_answer_renders(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_selector("html[lang=es]")
    page.get_by_role("link", name="Elegibilidad y beneficios").first.click()
    page.get_by_label("ID de afiliado").fill(world.member_a.member_number)
    page.get_by_label("Fecha de nacimiento").fill(world.member_a.birth_date.isoformat())
    page.get_by_role("button", name="Verificar elegibilidad").click()
    answer = page.locator("#answer")
    answer.get_by_role("heading", name="Cubierto").wait_for()
    assert "Alder Street Clinic" in answer.inner_text()


def test_the_roster_pdf_downloads_with_the_members(world: World, page: Any) -> None:
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto(f"/rosters/?location_id={world.location_a.pk}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert world.member_a.last_name in text
    assert world.member_b.last_name not in text


def test_a_batch_upload_shows_its_results_and_downloads(world: World, page: Any, tmp_path: Any) -> None:
    upload = tmp_path / "members.csv"
    upload.write_text(
        "member_id,birth_date,date_of_service\n"
        f"{world.member_a.member_number},{world.member_a.birth_date.isoformat()},{today() - dt.timedelta(days=30)}\n"
    )
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto("/eligibility/batch/")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("Done: 1 row checked.").wait_for()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Download results (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows[0]["member_id"] == world.member_a.member_number


def test_the_eligibility_print_view_fits_one_letter_page(world: World, page: Any) -> None:
    from decimal import Decimal

    from portico.members.models import Coverage
    from portico.plans.models import DEFAULT_SERVICE_TYPES

    plan = Coverage.objects.get(member=world.member_a).benefit_plan
    note = "Authorization required for some services; see the plan's policy. Out-of-network care needs a referral."
    for code in DEFAULT_SERVICE_TYPES:
        for network in ("in", "out"):
            plan.benefits.update_or_create(
                service_type=code,
                network=network,
                effective_start="2020-01-01",
                defaults={"copay": Decimal("20.00"), "coinsurance_percent": Decimal("20"), "notes": note,
                          "visit_limit": 12, "visit_limit_period": "benefit year"},
            )  # fmt: skip
    factories.OtherInsuranceFactory(member=world.member_a, cob_order=1, payer_name="Employer Group Health")
    factories.OtherInsuranceFactory(member=world.member_a, cob_order=2, payer_name="Retiree Supplemental")
    sign_in(page, world.user_a.username, PASSWORD)
    page.goto(f"/eligibility/members/{world.member_a.pk}/print/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Employer Group Health" in reader.pages[0].extract_text()
