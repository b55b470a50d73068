"""Batch eligibility: a CSV in, a background task with progress, a table and a CSV out."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portico.common.models import AccessAction, AccessEvent
from portico.members.models import BatchStatus, EligibilityBatch, EligibilityBatchRow

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 18, 0, tzinfo=dt.UTC), tick=True):
        yield


def csv_file(rows, header=("member_id", "birth_date", "date_of_service")):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("members.csv", out.getvalue().encode(), content_type="text/csv")


def good_rows(world):
    return [
        (world.member_a.member_number, world.member_a.birth_date.isoformat(), "2026-11-01"),
        (world.member_b.member_number, world.member_b.birth_date.isoformat(), "2026-11-02"),
        ("CH999999999", "1970-01-01", "2026-11-03"),
    ]


def test_an_upload_is_answered_row_by_row_and_downloads_as_csv(world, client_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    batch = EligibilityBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/eligibility/batch/{batch.pk}/"
    assert (batch.status, batch.processed_rows, batch.total_rows) == (BatchStatus.DONE, 3, 3)
    page = client_a.get(f"/eligibility/batch/{batch.pk}/").content.decode()
    assert "Done: 3 rows checked." in page
    assert "Alder Street Clinic" in page
    assert "Birch Family Medicine" in page
    download = client_a.get(f"/eligibility/batch/{batch.pk}.csv")
    lines = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [r["status"] for r in lines] == ["covered", "covered", "not_found"]
    assert lines[0]["pcp_clinic"] == "Alder Street Clinic"


def test_each_answered_row_is_recorded_as_a_batch_inquiry(world, client_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    events = AccessEvent.objects.filter(channel="batch")
    assert events.filter(action=AccessAction.ELIGIBILITY_INQUIRY).count() == 2
    assert events.filter(action=AccessAction.ELIGIBILITY_NOT_FOUND).count() == 1


def test_bad_rows_are_named_and_nothing_is_saved(world, client_a):
    rows = [
        (world.member_a.member_number, "1980-05-17", "2026-11-01"),
        ("CH1", "1980-05-17", "2026-11-01"),
        (world.member_a.member_number, "2099-01-01", "2026-11-01"),
        (world.member_a.member_number, "1980-05-17", "2019-01-01"),
    ]
    response = client_a.post("/eligibility/batch/", {"file": csv_file(rows)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Row 3" in body
    assert "Row 4" in body
    assert "Row 5" in body
    assert "Row 2" not in body
    assert EligibilityBatch.objects.count() == 0
    assert EligibilityBatchRow.objects.count() == 0


def test_missing_columns_are_named(world, client_a):
    response = client_a.post("/eligibility/batch/", {"file": csv_file([("CH1", "x")], header=("member", "dob"))})
    assert response.status_code == 400
    assert "member_id, birth_date, date_of_service" in response.content.decode()


def test_more_than_the_row_limit_is_refused(world, client_a, settings):
    settings.PORTICO = {**settings.PORTICO, "BATCH_MAX_ROWS": 2}
    response = client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    assert response.status_code == 400
    assert "at most 2 rows" in response.content.decode()


def test_another_organization_cannot_see_the_batch(world, client_a, client_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    batch = EligibilityBatch.objects.get()
    assert client_b.get(f"/eligibility/batch/{batch.pk}/").status_code == 404
    assert client_b.get(f"/eligibility/batch/{batch.pk}.csv").status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as in production: autocommit
def test_the_real_database_worker_runs_the_batch_and_progress_shows_until_then(
    world, client_a, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    batch = EligibilityBatch.objects.get()
    waiting = client_a.get(f"/eligibility/batch/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Checked 0 of 3 rows." in waiting
    assert 'hx-trigger="every 1s"' in waiting
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows) == (BatchStatus.DONE, 3)
    done = client_a.get(f"/eligibility/batch/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert "Download results (CSV)" in done


def test_a_rerun_of_a_finished_batch_changes_nothing(world, client_a, django_capture_on_commit_callbacks):
    from portico.members.batch import batch_run

    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    batch = EligibilityBatch.objects.get()
    before = AccessEvent.objects.count()
    batch_run(batch_id=batch.pk)
    assert AccessEvent.objects.count() == before


def test_a_batch_answers_in_the_language_of_the_person_who_uploaded_it(
    world, client_a, django_capture_on_commit_callbacks
):
    client_a.post("/i18n/setlang/", {"language": "es", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/eligibility/batch/", {"file": csv_file(good_rows(world))})
    row = EligibilityBatch.objects.get().rows.get(row_number=2)
    assert row.message.startswith("Con cobertura el 2026-11-01")
