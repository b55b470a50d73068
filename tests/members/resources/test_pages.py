"""The pages: the provider's list, choice, form (errors next to each field, nothing saved), request (answer,
withdraw) — for the Eligibility role and administrators only, and only the organization's own requests — and the
care coordinators' queue and actions."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from portico.accounts.models import Membership, ProviderRole, StaffRole
from portico.common.models import AccessAction, AccessEvent
from portico.members.resources import services
from portico.members.resources.models import ResourceRequest, ResourceStatus
from tests import factories
from tests.members.resources.conftest import CLIMATE, ResourceWorld, ride

pytestmark = pytest.mark.django_db


def form_data(member_number: str, values: dict[str, object]) -> dict[str, object]:
    return {"member_id": member_number, **{k: ("1" if v is True else v) for k, v in values.items()}}


def test_the_choice_page_lists_the_programs_with_who_qualifies(rw: ResourceWorld, client_a: Client) -> None:
    body = client_a.get("/member-resources/new/").content.decode()
    assert "Ride to an appointment" in body
    assert "For members covered by Medicaid." in body  # the HRSN supports
    assert "Offered May 1 to October 31 each year." in body
    assert 'href="/member-resources/new/climate-devices/"' in body


def test_a_provider_sends_a_climate_device_request_from_the_form(rw: ResourceWorld, client_a: Client) -> None:
    url = "/member-resources/new/climate-devices/"
    assert client_a.get(f"{url}?member={rw.world.member_a.member_number}").status_code == 200
    bad = client_a.post(url, form_data(rw.world.member_a.member_number, {"device": "air_conditioner"}))
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Confirm the member&#x27;s qualifying health condition" in body
    assert 'href="#id_condition_attestation"' in body
    assert 'href="#id_delivery_address"' in body
    assert 'id="id_condition_attestation" name="condition_attestation" value="1" aria-invalid="true"' in body
    assert '<option value="air_conditioner" selected>' in body  # what was typed stays
    assert ResourceRequest.objects.count() == 0
    sent = client_a.post(url, form_data(rw.world.member_a.member_number, CLIMATE))
    row = ResourceRequest.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/member-resources/{row.pk}/"
    page = client_a.get(sent["Location"]).content.decode()
    assert row.reference in page
    assert "Air conditioner" in page
    assert "North Coast CCO" in page


def test_a_member_out_of_scope_is_named_on_the_form_like_a_nonexistent_one(rw: ResourceWorld, client_a: Client) -> None:
    url = "/member-resources/new/climate-devices/"

    def member_error(number: str) -> str:
        body = client_a.post(url, form_data(number, CLIMATE)).content.decode()
        return re.findall(r'<p class="field-error">.*?</p>', body)[0].replace(number, "#")

    assert member_error(rw.world.member_b.member_number) == member_error("CH999999999")


def test_the_list_shows_the_organizations_requests_only(rw: ResourceWorld, client_a: Client, client_b: Client) -> None:
    row = rw.submit("rides", ride())
    assert row.reference in client_a.get("/member-resources/").content.decode()
    assert row.reference in client_a.get("/member-resources/?status=open").content.decode()
    assert row.reference not in client_a.get("/member-resources/?status=denied").content.decode()
    assert row.reference not in client_b.get("/member-resources/").content.decode()


def test_another_organizations_request_is_not_found_like_a_nonexistent_one(rw: ResourceWorld, client_b: Client) -> None:
    row = rw.submit("rides", ride())
    other = client_b.get(f"/member-resources/{row.pk}/")
    missing = client_b.get("/member-resources/987654/")
    assert other.status_code == missing.status_code == 404
    assert rw.world.member_a.last_name not in other.content.decode()
    strip = re.compile(r'name="(csrfmiddlewaretoken|next|page)" value="[^"]+"')
    assert strip.sub("", other.content.decode()) == strip.sub("", missing.content.decode())
    assert AccessEvent.objects.filter(action=AccessAction.MEMBER_DENIED, member_id=rw.world.member_a.pk).exists()
    assert client_b.post(f"/member-resources/{row.pk}/withdraw/").status_code == 404
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.SUBMITTED


def test_opening_a_request_is_recorded_as_a_view_of_its_member(rw: ResourceWorld, client_a: Client) -> None:
    row = rw.submit("rides", ride())
    client_a.get(f"/member-resources/{row.pk}/")
    assert AccessEvent.objects.filter(
        action=AccessAction.MEMBER_VIEW, member_id=rw.world.member_a.pk, detail=f"member resource request {row.pk}"
    ).exists()


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ([ProviderRole.ELIGIBILITY], True),
        ([ProviderRole.ADMINISTRATOR], True),
        ([ProviderRole.CLAIMS, ProviderRole.MESSAGING, ProviderRole.AUTHORIZATIONS], False),
    ],
)
def test_the_eligibility_role_or_the_administrator_role_opens_the_pages(
    rw: ResourceWorld, roles: list[ProviderRole], allowed: bool
) -> None:
    Membership.objects.filter(pk=rw.world.membership_a.pk).update(roles=[r.value for r in roles])
    client = Client()
    client.force_login(rw.world.user_a)
    for url in ("/member-resources/", "/member-resources/new/", "/member-resources/new/rides/"):
        assert client.get(url).status_code == (200 if allowed else 403)
    nav = client.get("/").content.decode()
    assert ('href="/member-resources/"' in nav) is allowed


def test_the_provider_answers_the_question_and_withdraws(rw: ResourceWorld, client_a: Client) -> None:
    row = rw.submit("rides", ride())
    services.resource_request_ask(user=rw.coordinator, request_id=row.pk, question="Will an attendant ride along?")
    page = client_a.get(f"/member-resources/{row.pk}/").content.decode()
    assert "Will an attendant ride along?" in page
    assert "Needs your answer" in page
    empty = client_a.post(f"/member-resources/{row.pk}/answer/", {"answer": " "})
    assert empty.status_code == 400
    assert "Write your answer." in empty.content.decode()
    assert client_a.post(f"/member-resources/{row.pk}/answer/", {"answer": "Yes, her son."}).status_code == 302
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.IN_REVIEW
    assert client_a.post(f"/member-resources/{row.pk}/withdraw/", {"reason": "Rescheduled."}).status_code == 302
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.WITHDRAWN
    again = client_a.post(f"/member-resources/{row.pk}/withdraw/")
    assert again.status_code == 400
    assert "Only an open request can be withdrawn" in again.content.decode()


def test_a_care_coordinator_works_the_queue(rw: ResourceWorld, coordinator_client: Client) -> None:
    row = rw.submit("rides", ride())
    queue = coordinator_client.get("/member-resources/work/").content.decode()
    assert row.reference in queue
    assert rw.world.org_a.legal_name in queue
    work = f"/member-resources/work/{row.pk}/"
    assert "Take it" in coordinator_client.get(work).content.decode()
    assert coordinator_client.post(f"{work}assign/", {"action": "take"}).status_code == 302
    bad = coordinator_client.post(f"{work}decide/", {"action": "arrange", "arrangement": "", "scheduled_for": ""})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'href="#id_arrange-arrangement"' in body
    assert 'id="id_arrange-arrangement"' in body
    done = coordinator_client.post(
        f"{work}decide/",
        {"action": "arrange", "arrangement": "Cascadia Rides, trip 5512", "scheduled_for": "2026-07-21"},
    )
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.assignee) == (ResourceStatus.ARRANGED, rw.coordinator)
    assert "Cascadia Rides, trip 5512" in coordinator_client.get(work).content.decode()
    assert coordinator_client.post(f"{work}decide/", {"action": "complete", "note": "Ride given."}).status_code == 302
    assert ResourceRequest.objects.get(pk=row.pk).status == ResourceStatus.COMPLETED


def test_the_queue_is_for_care_coordinators_only(rw: ResourceWorld, client_a: Client) -> None:
    row = rw.submit("rides", ride())
    examiner = Client()
    examiner.force_login(factories.UserFactory(staff_roles=[StaffRole.CLAIMS_EXAMINER.value]))
    for client in (client_a, examiner):
        assert client.get("/member-resources/work/").status_code == 403
        assert client.get(f"/member-resources/work/{row.pk}/").status_code == 403
        assert client.post(f"/member-resources/work/{row.pk}/assign/", {"action": "take"}).status_code == 403
    assert ResourceRequest.objects.get(pk=row.pk).assignee is None


def test_a_staff_note_for_coordinators_is_not_on_the_providers_page(
    rw: ResourceWorld, client_a: Client, coordinator_client: Client
) -> None:
    row = rw.submit("rides", ride())
    coordinator_client.post(f"/member-resources/work/{row.pk}/note/", {"note": "Broker slow today."})
    coordinator_client.post(f"/member-resources/work/{row.pk}/note/", {"note": "Van booked.", "for_provider": "1"})
    page = client_a.get(f"/member-resources/{row.pk}/").content.decode()
    assert "Van booked." in page
    assert "Broker slow today." not in page
    assert "Broker slow today." in coordinator_client.get(f"/member-resources/work/{row.pk}/").content.decode()


def test_the_eligibility_answer_leads_to_a_request_for_the_same_member(rw: ResourceWorld, client_a: Client) -> None:
    member = rw.world.member_a
    answer = client_a.post(
        "/eligibility/",
        {
            "member_id": member.member_number,
            "birth_date": member.birth_date.isoformat(),
            "date_of_service": "2026-07-14",
        },
    ).content.decode()
    link = f'href="/member-resources/new/?member={member.member_number}"'
    assert f"{link}>Request a member resource</a>" in answer
    choose = client_a.get(f"/member-resources/new/?member={member.member_number}").content.decode()
    assert f'href="/member-resources/new/climate-devices/?member={member.member_number}"' in choose
    form = client_a.get(f"/member-resources/new/climate-devices/?member={member.member_number}").content.decode()
    assert f'value="{member.member_number}"' in form
