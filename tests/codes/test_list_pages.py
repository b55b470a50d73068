"""The requirement check, the code-list pages and the staff pages, through Django's test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import ProviderRole, StaffRole, User
from portico.codes.models import CodeList, CodeListVersion, VersionStatus
from portico.common.models import AccessAction, AccessEvent
from portico.members.eligibility import NOT_FOUND_MESSAGE
from tests import factories
from tests.codes.lists_support import ListsWorld, csv_bytes, lists_world_build
from tests.conftest import World

CHECK = "/prior-auth/"
BROWSE = "/prior-auth/lists/"
MANAGE = "/prior-auth/manage/"
UPLOAD = "/prior-auth/manage/upload/"


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False):
        yield


@pytest.fixture
def lists(world: World) -> ListsWorld:
    return lists_world_build(nc=world.member_a.coverages.get().line_of_business)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(lists: ListsWorld) -> Client:
    return signed_in(lists.editor)


def check_form(lob: str, *lines: dict[str, str], **extra: str) -> dict[str, str]:
    data = {"line_of_business": lob, "date_of_service": "2026-05-15", "rows": str(max(5, len(lines)))}
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    data.update(extra)
    return data


# ---- the requirement check ----------------------------------------------------------------------------------


def test_the_check_page_shows_five_empty_lines_and_todays_date(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get(CHECK)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="lines-') == 20
    assert 'id="id_lines-4-units"' in html
    assert 'value="2026-05-15"' in html
    assert 'id="id_member_id"' in html  # the eligibility role may look members up


def test_the_check_answers_each_line_with_the_rule_and_where_to_send_it(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(
        CHECK,
        check_form(
            lists.nc.code,
            {"code": "99213", "place_of_service": "11"},
            {"code": "70551"},
            {},  # an empty row is left out
            {"code": "27447", "units": "2"},
            {"code": "99201"},
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "No authorization needed" in html
    assert "Send to Summit Specialty Review" in html
    assert "Diagnostic imaging" in html
    assert "Send to Cascadia Health" in html
    assert "Invalid code" in html
    assert "was terminated on" in html
    assert "888-555-0177" in html  # the vendor's phone
    assert "Summit Specialty Review list, version 1" in html
    assert "Printable confirmation" in html
    assert "<caption>" in html


def test_bad_lines_are_named_next_to_their_fields_and_nothing_is_answered(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(
        CHECK, check_form(lists.nc.code, {"code": "99213", "units": "lots"}, {"modifiers": "25"}, {"code": "70551"})
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_lines-0-units"' in html
    assert 'href="#id_lines-1-code"' in html
    assert 'id="id_lines-0-units" name="lines-0-units" value="lots"' in html
    assert 'aria-describedby="lines-0-units-error"' in html
    assert "Units are a whole number" in html
    assert "Send to" not in html


def test_no_line_at_all_is_named_on_the_first_code(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(CHECK, check_form(lists.nc.code))

    assert response.status_code == 400
    assert 'href="#id_lines-0-code"' in response.content.decode()


def test_add_lines_adds_five_empty_rows_and_keeps_what_was_typed(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(CHECK, check_form(lists.nc.code, {"code": "70551"}, action="add_lines"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="rows" value="10"' in html
    assert 'id="id_lines-9-code"' in html
    assert 'value="70551"' in html
    assert "Send to" not in html  # adding lines does not answer yet


def test_an_htmx_check_gets_just_the_form_and_answer(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(CHECK, check_form(lists.nc.code, {"code": "70551"}), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="requirement-check">')
    assert "<html" not in body
    assert "Send to Summit Specialty Review" in body


def test_the_member_finds_the_line_of_business_and_the_lookup_is_recorded(
    world: World, lists: ListsWorld, client_a: Client
) -> None:
    m = world.member_b
    response = client_a.post(
        CHECK, check_form("", {"code": "70551"}, member_id=m.member_number, birth_date=m.birth_date.isoformat())
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The line of business is the member's coverage" in html
    assert "Send to Summit Specialty Review" in html
    assert AccessEvent.objects.filter(action=AccessAction.ELIGIBILITY_INQUIRY, member_id=m.pk).count() == 1
    assert m.member_number not in html.split('id="answer"')[1]  # the answer and its print link carry no member


def test_a_member_not_found_gets_the_eligibility_words(world: World, lists: ListsWorld, client_a: Client) -> None:
    response = client_a.post(
        CHECK, check_form("", {"code": "70551"}, member_id=world.member_b.member_number, birth_date="1901-01-01")
    )

    assert response.status_code == 404
    assert str(NOT_FOUND_MESSAGE).split(".")[0] in response.content.decode()
    assert AccessEvent.objects.filter(action=AccessAction.ELIGIBILITY_NOT_FOUND).count() == 1


def test_a_member_without_coverage_on_the_date_is_named_on_the_date(
    world: World, lists: ListsWorld, client_a: Client
) -> None:
    m = world.member_b
    data = check_form("", {"code": "70551"}, member_id=m.member_number, birth_date=m.birth_date.isoformat())
    data["date_of_service"] = "2024-12-31"
    m.coverages.update(start=dt.date(2025, 1, 1))

    response = client_a.post(CHECK, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_date_of_service"' in html
    assert "Coverage starts on 2025-01-01" in html


def test_someone_with_only_the_authorizations_role_checks_by_line_of_business_but_cannot_look_members_up(
    world: World, lists: ListsWorld
) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.AUTHORIZATIONS.value])
    client = signed_in(membership.user)

    page = client.get(CHECK).content.decode()
    by_member = client.post(
        CHECK,
        check_form("", {"code": "70551"}, member_id=world.member_a.member_number, birth_date="1980-05-17"),
    )
    by_lob = client.post(CHECK, check_form(lists.nc.code, {"code": "70551"}))

    assert 'id="id_member_id"' not in page
    assert by_member.status_code == 400  # the member fields are not taken: the line of business is missing
    assert by_lob.status_code == 200
    assert not AccessEvent.objects.exists()


def test_someone_without_either_role_cannot_use_the_check(world: World, lists: ListsWorld) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.CLAIMS.value])

    response = signed_in(membership.user).get(CHECK)

    assert response.status_code == 403


def test_the_printable_confirmation_carries_the_date_lob_lines_and_versions_but_no_member(
    world: World, lists: ListsWorld, client_a: Client
) -> None:
    m = world.member_a
    answer = client_a.post(
        CHECK,
        check_form("", {"code": "99213", "place_of_service": "11"}, member_id=m.member_number, birth_date="1980-05-17"),
    ).content.decode()
    link = answer.split('href="/prior-auth/print/?')[1].split('"')[0].replace("&amp;", "&")

    assert m.member_number not in link
    assert parse_qs(link)["line_of_business"] == [lists.nc.code]
    response = client_a.get(f"/prior-auth/print/?{link}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No authorization needed" in html
    assert "No-Auth list, version 1 (from" in html
    assert "May 15, 2026" in html
    assert '<body class="print-view">' in html


def test_a_printable_confirmation_with_bad_parameters_says_so(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get("/prior-auth/print/?line_of_business=NOPE&lines-0-code=99213")

    assert response.status_code == 400
    assert "is not one of the plan&#x27;s lines of business" in response.content.decode()


# ---- browsing and downloads ---------------------------------------------------------------------------------


def test_browsing_shows_every_listed_code_with_what_to_do(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get(BROWSE, {"line_of_business": lists.nc.code, "date": "2026-05-15"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Brain MRI without contrast" in html
    assert "No authorization needed" in html
    assert "Send to Summit Specialty Review" in html
    assert "Beacon Sleep Partners reviews dates of service from" in html  # not started on May 15


def test_browsing_searches_by_words(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get(BROWSE, {"line_of_business": lists.nc.code, "date": "2026-05-15", "q": "knee"})

    html = response.content.decode()
    assert "Knee MRI without contrast" in html
    assert "Brain MRI without contrast" not in html


def test_browsing_with_a_bad_date_names_the_field(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get(BROWSE, {"line_of_business": lists.nc.code, "date": "2026-02-30"})

    assert response.status_code == 400
    assert 'href="#id_date"' in response.content.decode()


def test_the_csv_download_holds_every_code_of_the_lists_in_force(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get("/prior-auth/lists/export.csv", {"line_of_business": lists.nc.code, "date": "2026-08-15"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{lists.nc.code.lower()}-2026-08-15.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Code", "System", "Description", "What to do"]
    by_code = {row[0]: row for row in rows[1:]}
    assert len(by_code) == 10
    assert by_code["97110"][3] == "No authorization needed"
    assert by_code["G0399"][3] == "Send to Beacon Sleep Partners"
    assert by_code["70551"][4] == "Diagnostic imaging"


def test_the_pdf_download_lists_each_list_in_force(lists: ListsWorld, client_a: Client) -> None:
    response = client_a.get("/prior-auth/lists/export.pdf", {"line_of_business": lists.nc.code, "date": "2026-08-15"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Prior authorization code lists" in text
    assert "No-Auth list" in text
    assert "Summit Specialty Review list" in text
    assert "Beacon Sleep Partners list" in text
    assert "70551" in text
    assert "Page 1 of" in text


def test_anyone_in_an_organization_may_browse_but_not_manage(world: World, lists: ListsWorld) -> None:
    membership = factories.MembershipFactory(organization=world.org_a, roles=[ProviderRole.CLAIMS.value])
    client = signed_in(membership.user)

    assert client.get(BROWSE).status_code == 200
    assert client.get(MANAGE).status_code == 403
    assert client.get(UPLOAD).status_code == 403


# ---- staff --------------------------------------------------------------------------------------------------


def test_a_provider_cannot_upload_or_publish(lists: ListsWorld, client_a: Client) -> None:
    draft = CodeListVersion.objects.create(
        code_list=CodeList.objects.filter(line_of_business=lists.nc).first(), number=99, effective=dt.date(2026, 9, 9)
    )
    upload_file = SimpleUploadedFile("list.csv", csv_bytes([("27447", "", "", "")]), content_type="text/csv")

    uploaded = client_a.post(
        UPLOAD, {"target": f"{lists.nc.code}:no-auth", "effective": "2026-09-01", "file": upload_file}
    )
    published = client_a.post(f"/prior-auth/manage/versions/{draft.pk}/publish/", {"confirm": "yes"})

    assert uploaded.status_code == published.status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert CodeListVersion.objects.count() == 7


@pytest.mark.parametrize("role", [StaffRole.CONTENT_EDITOR, StaffRole.ADMINISTRATOR])
def test_content_editors_and_plan_administrators_manage_the_lists(lists: ListsWorld, role: StaffRole) -> None:
    client = signed_in(factories.UserFactory(staff_roles=[role.value]))

    response = client.get(MANAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "North Coast CCO Summit Specialty Review list" in html
    assert "Beacon Sleep Partners" in html


def test_other_plan_staff_may_browse_and_check_but_not_manage(lists: ListsWorld) -> None:
    client = signed_in(factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value]))

    assert client.get(MANAGE).status_code == 403
    assert client.get(BROWSE).status_code == 200
    assert client.post(CHECK, check_form(lists.nc.code, {"code": "70551"})).status_code == 200


def test_staff_upload_a_version_see_the_differences_and_publish_it(lists: ListsWorld, editor: Client) -> None:
    content = csv_bytes([("99213", "", "", ""), ("90834", "", "", ""), ("97110", "", "", ""), ("27447", "", "", "")])

    uploaded = editor.post(
        UPLOAD,
        {
            "target": f"{lists.nc.code}:no-auth",
            "effective": "2026-10-01",
            "note": "Knee replacement no longer needs auth",
            "file": SimpleUploadedFile("no-auth.csv", content, content_type="text/csv"),
        },
    )

    assert uploaded.status_code == 302
    version_url = uploaded["Location"]
    page = editor.get(version_url).content.decode()
    assert "1 code added" in page
    assert "27447" in page
    assert "1 code with a changed category or note" in page  # 97110 loses its note
    assert "2 codes unchanged" in page
    assert "Compared with version 2" in page
    unconfirmed = editor.post(f"{version_url}publish/")
    assert unconfirmed.status_code == 400
    assert "Tick the box" in unconfirmed.content.decode()
    published = editor.post(f"{version_url}publish/", {"confirm": "yes"})
    assert published.status_code == 302
    version = CodeListVersion.objects.get(number=3, code_list__line_of_business=lists.nc, code_list__kind="no_auth")
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_by == lists.editor
    history = editor.get(published["Location"]).content.decode()
    assert "is published" in history
    assert "2026-08-01" in history or "8/1/2026" in history or "08/01/2026" in history


def test_a_bad_upload_shows_every_bad_line_and_saves_nothing(lists: ListsWorld, editor: Client) -> None:
    before = CodeListVersion.objects.count()
    content = csv_bytes(
        [("99213", "", "", ""), ("", "", "", ""), ("99213", "", "", "")], header="code,system,categ,note"
    )

    response = editor.post(
        UPLOAD,
        {
            "target": f"{lists.nc.code}:summit",
            "effective": "2026-10-01",
            "file": SimpleUploadedFile("bad.csv", content, content_type="text/csv"),
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in html
    assert "unknown column" in html
    assert 'aria-describedby="file-error"' in html
    assert CodeListVersion.objects.count() == before


def test_an_upload_without_list_date_or_file_names_each(lists: ListsWorld, editor: Client) -> None:
    response = editor.post(UPLOAD, {"target": "", "effective": ""})

    html = response.content.decode()
    assert response.status_code == 400
    for anchor in ("#id_target", "#id_effective", "#id_file"):
        assert f'href="{anchor}"' in html


def test_staff_discard_a_draft(lists: ListsWorld, editor: Client) -> None:
    content = csv_bytes([("99213", "", "", "")])
    uploaded = editor.post(
        UPLOAD,
        {
            "target": f"{lists.dsnp.code}:no-auth",
            "effective": "2026-10-01",
            "file": SimpleUploadedFile("x.csv", content, content_type="text/csv"),
        },
    )

    discarded = editor.post(f"{uploaded['Location']}discard/")

    assert discarded.status_code == 302
    assert CodeListVersion.objects.get(number=2, code_list__line_of_business=lists.dsnp).status == "discarded"
    again = editor.post(f"{uploaded['Location']}publish/", {"confirm": "yes"})
    assert again.status_code == 409
    assert "not a draft" in again.content.decode()


def test_a_version_downloads_in_the_upload_format(lists: ListsWorld, editor: Client) -> None:
    version = CodeListVersion.objects.get(code_list__vendor=lists.beacon)

    response = editor.get(f"/prior-auth/manage/versions/{version.pk}.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["code", "system", "category", "note"],
        ["95806", "cpt", "Sleep medicine", ""],
        ["G0399", "hcpcs", "Sleep medicine", ""],
    ]


def test_staff_pages_for_a_missing_list_or_version_are_not_found(lists: ListsWorld, editor: Client) -> None:
    assert editor.get("/prior-auth/manage/lists/999999/").status_code == 404
    assert editor.get("/prior-auth/manage/versions/999999/").status_code == 404
    assert editor.post("/prior-auth/manage/versions/999999/publish/", {"confirm": "yes"}).status_code == 404


def test_the_history_page_links_an_upload_of_the_same_list(lists: ListsWorld, editor: Client) -> None:
    code_list = CodeList.objects.get(line_of_business=lists.nc, kind="no_auth")

    html = editor.get(f"/prior-auth/manage/lists/{code_list.pk}/").content.decode()
    upload_link = html.split('href="/prior-auth/manage/upload/?')[1].split('"')[0]

    assert parse_qs(urlparse(f"?{upload_link}").query)["list"] == [f"{lists.nc.code}:no-auth"]
    assert "in force today" in html
