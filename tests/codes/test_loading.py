"""Loading code files: all or nothing, recorded, idempotent; complete releases terminate what they drop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portico.codes.checks import CheckStatus, code_check
from portico.codes.loading import code_file_load
from portico.codes.models import Code, CodeLoad, LoadSource
from portico.codes.search import codes_search
from portico.common.errors import ValidationFailed
from tests.codes.formats.sources import codeset, write

pytestmark = pytest.mark.django_db

TABULAR = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>{year}</version>
  <chapter>
    <name>18</name>
    <desc>Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified (R00-R99)</desc>
    <section id="R00-R09">
      <desc>Symptoms and signs involving the circulatory and respiratory systems (R00-R09)</desc>
      <diag>
        <name>R07</name>
        <desc>Pain in throat and chest</desc>
        {codes}
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
"""


def tabular(path: Path, year: int, codes: dict[str, str]) -> Path:
    diags = "".join(f"<diag><name>{code}</name><desc>{text}</desc></diag>" for code, text in codes.items())
    return write(path, TABULAR.format(year=year, codes=diags))


CPT = """code,short_description,long_description
99213,"Office visit, established, low","Office visit for an established patient, low complexity"
99214,"Office visit, established, moderate","Office visit for an established patient, moderate complexity"
25,"Separate E/M service same day","A significant, separately identifiable visit on the day of a procedure"
"""


def test_a_cpt_file_loads_codes_and_its_modifiers_and_records_the_load(tmp_path: Path, django_user_model) -> None:
    staff = django_user_model.objects.create(username="coder")
    loads = code_file_load(system="cpt", path=write(tmp_path / "cpt.csv", CPT), user=staff, source=LoadSource.PAGE)
    assert [(load.system, load.added, load.records) for load in loads] == [("cpt", 2, 2), ("modifier", 1, 1)]
    load = CodeLoad.objects.get(system="cpt")
    assert (load.file_name, load.loaded_by, load.source, len(load.file_sha256)) == ("cpt.csv", staff, "page", 64)
    assert code_check(written="99213-25", day=dt.date(2026, 6, 1)).ok
    assert [hit.code.display for hit in codes_search(q="office moderate")] == ["99214"]


def test_loading_the_same_file_again_changes_nothing_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "cpt.csv", CPT)
    code_file_load(system="cpt", path=path)
    again = code_file_load(system="cpt", path=path)
    assert [(load.added, load.changed, load.terminated, load.unchanged) for load in again] == [
        (0, 0, 0, 2),
        (0, 0, 0, 1),
    ]
    assert Code.objects.count() == 3
    assert CodeLoad.objects.count() == 4  # every attempt is on record


def test_a_changed_description_is_counted_as_changed(tmp_path: Path) -> None:
    code_file_load(system="cpt", path=write(tmp_path / "cpt.csv", CPT))
    newer = CPT.replace("Office visit, established, low", "Established patient visit, low")
    (load, _modifiers) = code_file_load(system="cpt", path=write(tmp_path / "cpt-2027.csv", newer))
    assert (load.added, load.changed, load.unchanged) == (0, 1, 1)
    assert Code.objects.get(code="99213").short_description == "Established patient visit, low"


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        (CPT + '99215,"too","many","columns"\n', "line 5", "columns"),
        (CPT + ',"no code",""\n', "line 5", "empty"),
        (CPT + CPT.splitlines()[1] + "\n", "line 5", "99213"),
    ],
)
def test_a_malformed_file_names_its_bad_line_and_loads_nothing(tmp_path: Path, text: str, line: str, says: str) -> None:
    code_file_load(system="cpt", path=write(tmp_path / "good.csv", CPT.replace("moderate", "medium")))
    before = list(Code.objects.order_by("id").values_list("code", "short_description"))
    loads_before = CodeLoad.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        code_file_load(system="cpt", path=write(tmp_path / "bad.csv", text))
    assert line in caught.value.errors, caught.value.errors
    assert says in " ".join(caught.value.errors[line])
    assert list(Code.objects.order_by("id").values_list("code", "short_description")) == before
    assert CodeLoad.objects.count() == loads_before


def test_a_file_of_the_wrong_kind_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        code_file_load(system="hcpcs", path=write(tmp_path / "codes.pdf", "%PDF-1.4"))
    assert ".pdf" in caught.value.message
    assert Code.objects.count() == 0


def test_a_complete_release_terminates_what_it_drops_and_dates_what_it_adds(tmp_path: Path) -> None:
    fy2026 = {"R07.1": "Chest pain on breathing", "R07.2": "Precordial pain", "R07.9": "Chest pain, unspecified"}
    code_file_load(system="icd10cm", path=tabular(tmp_path / "icd10cm_tabular_2026.xml", 2026, fy2026))
    assert Code.objects.get(code="R072").effective is None  # valid since before the first release loaded
    fy2027 = {"R07.1": "Chest pain on breathing", "R07.9": "Chest pain, unspecified", "R07.A": "Chest wall pain"}
    (load,) = code_file_load(system="icd10cm", path=tabular(tmp_path / "icd10cm_tabular_2027.xml", 2027, fy2027))
    assert (load.added, load.terminated, load.release) == (1, 1, "ICD-10-CM FY2027")
    dropped = code_check(written="R07.2", day=dt.date(2026, 10, 1))
    assert dropped.status == CheckStatus.TERMINATED
    assert Code.objects.get(code="R072").terminated == dt.date(2026, 9, 30)
    assert code_check(written="R07.2", day=dt.date(2026, 9, 30)).status == CheckStatus.VALID
    assert Code.objects.get(code="R07A").effective == dt.date(2026, 10, 1)
    assert code_check(written="R07.A", day=dt.date(2026, 9, 30)).status == CheckStatus.NOT_YET_EFFECTIVE


def test_the_hcpcs_file_loads_procedures_and_modifiers_with_their_dates() -> None:
    loads = code_file_load(system="hcpcs", path=codeset("hcpcs/HCPC2025_OCT_ANWEB.xlsx"))
    assert {load.system: load.added for load in loads} == {"hcpcs": 8463, "modifier": 383}
    assert code_check(written="J1100-RT", day=dt.date(2026, 1, 15)).ok
    terminated = Code.objects.filter(system="hcpcs", terminated__isnull=False).first()
    assert terminated is not None
    day_after = terminated.terminated + dt.timedelta(days=1)
    assert code_check(written=terminated.display, day=day_after).status == CheckStatus.TERMINATED
    assert codes_search(q="wheelchair", system="hcpcs")[0].code.system == "hcpcs"


@pytest.mark.parametrize(
    ("system", "relative", "count", "example"),
    [
        ("pos", "place_of_service/cs-CMS-PlaceofServiceCodes.xml", 52, "02"),
        ("revenue", "revenue_codes/CodeSystem-CLM-REV-CNTR-CD.fsh", 539, "0450"),
        ("carc", "carc/CodeSystem-ANSI-RSN-CD.fsh", 407, "45"),
        ("group", "claim_adjustment_group_codes/CodeSystem-ANSI-GRP-CD.fsh", 5, "CO"),
        ("rarc", "rarc/codes.xml", 998, "N130"),
        ("taxonomy", "nucc_taxonomy/nucc_taxonomy_251.csv", 883, "207Q00000X"),
    ],
)
def test_each_published_list_loads_from_its_official_file(system: str, relative: str, count: int, example: str) -> None:
    (load,) = code_file_load(system=system, path=codeset(relative))
    assert load.added == count
    assert Code.objects.filter(system=system, code=example).exists()


def test_the_command_loads_a_file_and_refuses_a_bad_one_without_a_trace(tmp_path: Path, capsys) -> None:
    call_command("codes", "load", "cpt", str(write(tmp_path / "cpt.csv", CPT)))
    assert "2 added" in capsys.readouterr().out
    with pytest.raises(CommandError, match="line 2"):
        call_command("codes", "load", "cpt", str(write(tmp_path / "bad.csv", "code,short_description\n,A visit\n")))
    call_command("codes", "history")
    assert "cpt.csv" in capsys.readouterr().out
