"""The remittance viewer, its search, the PDF, the print view, the staff run pages, and the API; access: another
organization's payment answers not found and every read showing members is recorded."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import Membership, ProviderRole, User
from portico.claims.models import ClaimAdjustment
from portico.common.errors import NotFound
from portico.common.models import AccessAction, AccessEvent
from portico.payments.models import AdjustmentReason, Payment, PaymentRun, RunTrigger
from portico.payments.queries import PaymentFilters, access_payment, payment_for_claim, payment_list
from portico.payments.services import payment_run_execute, provider_adjustment_create
from tests.payments.support import PAY_DAY, PayWorld

pytestmark = pytest.mark.django_db


def paid(pay: PayWorld) -> tuple[Payment, Payment]:
    pay.claim("a", paid=("80.00", "0"))
    pay.claim("b", paid=("10.00",))
    payment_run_execute(as_of=PAY_DAY)
    return Payment.objects.get(organization=pay.world.org_a), Payment.objects.get(organization=pay.world.org_b)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_only_the_organizations_payments(pay: PayWorld) -> None:
    mine, theirs = paid(pay)
    response = client_for(pay.world.user_a).get("/remittance/")
    assert response.status_code == 200
    assert mine.trace_number in response.text
    assert theirs.trace_number not in response.text


def test_another_organizations_payment_is_not_found_and_recorded(pay: PayWorld) -> None:
    _mine, theirs = paid(pay)
    client = client_for(pay.world.user_a)
    for url in (f"/remittance/{theirs.pk}/", f"/remittance/{theirs.pk}/print/", f"/remittance/{theirs.pk}/pdf/"):
        before = AccessEvent.objects.filter(action=AccessAction.CLAIM_DENIED).count()
        response = client.get(url)
        assert response.status_code == 404, url
        assert theirs.trace_number not in response.text
        assert AccessEvent.objects.filter(action=AccessAction.CLAIM_DENIED).count() == before + 1
    with pytest.raises(NotFound):
        access_payment(actor=pay.actor("a"), payment_id=theirs.pk)


def test_the_detail_shows_claims_lines_and_adjustments_and_records_the_member(pay: PayWorld) -> None:
    mine, _theirs = paid(pay)
    response = client_for(pay.world.user_a).get(f"/remittance/{mine.pk}/")
    assert response.status_code == 200
    claim = mine.claims.get().claim
    for text in (claim.icn or "", "CO-45", "PR-3", "CO-97", "M15", "Included in another service", "$80.00"):
        assert text in response.text
    assert AccessEvent.objects.filter(
        action=AccessAction.CLAIM_VIEW, member_id=pay.world.member_a.pk, detail__contains=mine.trace_number
    ).exists()


def test_the_print_view_is_a_page_of_its_own(pay: PayWorld) -> None:
    mine, _theirs = paid(pay)
    response = client_for(pay.world.user_a).get(f"/remittance/{mine.pk}/print/")
    assert response.status_code == 200
    assert "print-view" in response.text
    assert "CO-45" in response.text


def test_the_pdf_is_a_real_remittance_advice(pay: PayWorld) -> None:
    mine, _theirs = paid(pay)
    response = client_for(pay.world.user_a).get(f"/remittance/{mine.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"remittance-{mine.trace_number}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Remittance advice" in text
    assert mine.trace_number in text
    assert (mine.claims.get().claim.icn or "") in text
    assert "CO-45" in text
    assert pay.world.member_a.last_name not in str(reader.metadata)


def test_amounts_read_as_money_on_the_page_and_in_the_pdf(pay: PayWorld) -> None:
    pay.claim("a", paid=("1480.25", "1200.00"))
    provider_adjustment_create(
        organization=pay.world.org_a, reason=AdjustmentReason.WO, amount=Decimal("-30.00"), reference="R-7"
    )
    payment_run_execute(as_of=PAY_DAY)
    payment = Payment.objects.get()
    client = client_for(pay.world.user_a)
    page = client.get(f"/remittance/{payment.pk}/").text
    pdf = PdfReader(io.BytesIO(client.get(f"/remittance/{payment.pk}/pdf/").content))
    text = "".join(p.extract_text() for p in pdf.pages)
    for shown in (page, text):
        assert "$2,680.25" in shown  # claims paid, with the thousands separator
        assert "-$30.00" in shown  # the recovery: the sign before the dollar sign
        assert "$2,650.25" in shown  # the payment
        assert "$-" not in shown


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("number", "TRACE", True),
        ("number", "999", False),
        ("paid_from", "2026-06-12", True),
        ("paid_from", "2026-06-13", False),
        ("paid_to", "2026-06-11", False),
        ("amount_min", "80", True),
        ("amount_max", "79.99", False),
        ("icn", "ICN", True),
        ("icn", "26999999999", False),
        ("member_id", "MEMBER", True),
        ("member_id", "NOBODY", False),
    ],
)
def test_search_finds_payments_by_each_field(pay: PayWorld, field: str, value: str, found: bool) -> None:
    mine, _theirs = paid(pay)
    value = {
        "TRACE": mine.trace_number,
        "ICN": mine.claims.get().claim.icn or "",
        "MEMBER": pay.world.member_a.member_number,
    }.get(value, value)
    response = client_for(pay.world.user_a).get("/remittance/", {field: value})
    assert response.status_code == 200
    assert (mine.trace_number in response.text) is found


def test_searching_by_the_other_organizations_member_finds_nothing(pay: PayWorld) -> None:
    paid(pay)
    page = payment_list(actor=pay.actor("a"), filters=PaymentFilters(member_id=pay.world.member_b.member_number))
    assert page.rows == []


@pytest.mark.parametrize(
    ("field", "value"), [("paid_from", "12/06/2026"), ("amount_min", "lots"), ("amount_max", "NaN")]
)
def test_bad_search_input_names_the_field(pay: PayWorld, field: str, value: str) -> None:
    paid(pay)
    response = client_for(pay.world.user_a).get("/remittance/", {field: value})
    assert response.status_code == 400
    assert f"{field}-error" in response.text


def test_without_the_payments_role_the_viewer_is_forbidden(pay: PayWorld) -> None:
    mine, _theirs = paid(pay)
    Membership.objects.filter(user=pay.world.user_a).update(roles=[ProviderRole.CLAIMS.value])
    client = client_for(pay.world.user_a)
    assert client.get("/remittance/").status_code == 403
    assert client.get(f"/remittance/{mine.pk}/").status_code == 403


def test_payment_for_claim_names_the_payment(pay: PayWorld) -> None:
    claim = pay.claim("a")
    assert payment_for_claim(claim.pk) is None
    payment_run_execute(as_of=PAY_DAY)
    assert payment_for_claim(claim.pk) == Payment.objects.get()


def test_staff_preview_and_start_a_run(pay: PayWorld, examiner: User) -> None:
    pay.claim("a")
    client = client_for(examiner)
    page = client.get("/payments/runs/")
    assert page.status_code == 200
    assert "$100.00" in page.text
    response = client.post("/payments/runs/")
    run = PaymentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/payments/runs/{run.pk}/"
    assert (run.trigger, run.started_by, run.claim_count) == (RunTrigger.MANUAL, examiner, 1)
    detail = client.get(f"/payments/runs/{run.pk}/")
    assert detail.status_code == 200
    assert run.payments.get().trace_number in detail.text
    assert client.get("/payments/runs/999999/").status_code == 404


def test_providers_cannot_see_or_start_payment_runs(pay: PayWorld) -> None:
    client = client_for(pay.world.user_a)
    assert client.get("/payments/runs/").status_code == 403
    assert client.post("/payments/runs/").status_code == 403
    assert not PaymentRun.objects.exists()


def api(client: Client, token: str, path: str, **params: str) -> object:
    return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_lists_and_reads_the_organizations_payments(pay: PayWorld, pay_token_a: str) -> None:
    mine, theirs = paid(pay)
    # As adjudication stores it: the text untranslated, its values apart (filled in when read).
    ClaimAdjustment.objects.filter(line__claim__organization=pay.world.org_a, group="PR", reason="3").update(
        explanation="The member's copay for this service: %(amount)s.", params={"amount": "$15.00"}
    )
    client = Client()
    listed = client.get("/api/v1/payments", HTTP_AUTHORIZATION=f"Bearer {pay_token_a}")
    assert listed.status_code == 200
    assert [r["trace_number"] for r in listed.json()["results"]] == [mine.trace_number]
    one = client.get(f"/api/v1/payments/{mine.pk}", HTTP_AUTHORIZATION=f"Bearer {pay_token_a}").json()
    assert Decimal(one["amount"]) == Decimal("80.00")
    lines = one["claims"][0]["lines"]
    assert [(a["group"], a["reason"]) for a in lines[0]["adjustments"]] == [("CO", "45"), ("PR", "3")]
    assert lines[1]["adjustments"][0]["remark"] == "M15"
    copay = lines[0]["adjustments"][1]
    assert "%(" not in copay["explanation"] + copay["provider_action"]  # filled in, as on the page
    assert "$15.00" in copay["explanation"]
    other = client.get(f"/api/v1/payments/{theirs.pk}", HTTP_AUTHORIZATION=f"Bearer {pay_token_a}")
    assert other.status_code == 404
    searched = client.get(
        "/api/v1/payments", {"paid_from": (PAY_DAY + dt.timedelta(days=1)).isoformat()},
        HTTP_AUTHORIZATION=f"Bearer {pay_token_a}",
    )  # fmt: skip
    assert searched.json()["total"] == 0


def test_the_api_needs_the_payments_role(pay: PayWorld, pay_token_a: str) -> None:
    Membership.objects.filter(user=pay.world.user_a).update(roles=[ProviderRole.CLAIMS.value])
    response = Client().get("/api/v1/payments", HTTP_AUTHORIZATION=f"Bearer {pay_token_a}")
    assert response.status_code == 403


def test_the_claim_status_link_shows_only_to_people_who_may_open_claims(pay: PayWorld) -> None:
    mine, _theirs = paid(pay)
    icn = mine.claims.get().claim.icn
    client = client_for(pay.world.user_a)
    assert f'href="/claims/{icn}/"' in client.get(f"/remittance/{mine.pk}/").text
    Membership.objects.filter(user=pay.world.user_a).update(roles=[ProviderRole.PAYMENTS.value])
    page = client.get(f"/remittance/{mine.pk}/")
    assert page.status_code == 200
    assert f'href="/claims/{icn}/"' not in page.text


def test_a_paid_claims_page_links_to_its_remittance_for_people_who_read_remittances(pay: PayWorld) -> None:
    claim = pay.claim("a")
    client = client_for(pay.world.user_a)
    assert "See the remittance advice" not in client.get(f"/claims/{claim.icn}/").text  # not paid yet
    payment_run_execute(as_of=PAY_DAY)
    payment = Payment.objects.get()
    page = client.get(f"/claims/{claim.icn}/").text
    assert f"Paid in payment {payment.trace_number}" in page
    assert f'href="/remittance/{payment.pk}/">See the remittance advice</a>' in page
    Membership.objects.filter(user=pay.world.user_a).update(roles=[ProviderRole.CLAIMS.value])
    assert "See the remittance advice" not in client.get(f"/claims/{claim.icn}/").text
