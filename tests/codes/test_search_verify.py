"""Search ranking and verify outcomes, on a small set of real codes written into the database."""

from __future__ import annotations

import datetime as dt

import pytest

from portico.codes.checks import CheckStatus, code_check, codes_verify
from portico.codes.models import CodeSystem
from portico.codes.search import MatchKind, codes_search
from tests.codes.sample_codes import codes  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)


def displays(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.code.display for hit in hits]


@pytest.mark.usefixtures("codes")
def test_words_in_any_order_and_case_find_chest_pain() -> None:
    hits = codes_search(q="pain CHEST", day=DAY)
    assert "R07.9" in displays(hits)
    assert all(hit.match == MatchKind.WORDS for hit in hits)


@pytest.mark.usefixtures("codes")
def test_words_match_as_prefixes() -> None:
    assert "R07.9" in displays(codes_search(q="ches unspec", day=DAY))


@pytest.mark.usefixtures("codes")
def test_billable_codes_rank_before_headers_among_word_matches() -> None:
    hits = codes_search(q="chest pain", day=DAY)
    billable = [hit.code.billable for hit in hits]
    assert billable == sorted(billable, reverse=True)
    assert not hits[-1].code.billable


@pytest.mark.usefixtures("codes")
@pytest.mark.parametrize("typed", ["R07.9", "r079", "R079", " r07.9 "])
def test_a_code_with_or_without_its_dot_is_an_exact_match_first(typed: str) -> None:
    hits = codes_search(q=typed, day=DAY)
    assert hits[0].code.display == "R07.9"
    assert hits[0].match == MatchKind.EXACT


@pytest.mark.usefixtures("codes")
def test_a_code_prefix_lists_the_exact_code_then_billable_then_header_codes_under_it() -> None:
    hits = codes_search(q="R07", day=DAY)
    assert displays(hits) == ["R07", "R07.1", "R07.2", "R07.89", "R07.9", "R07.8"]
    assert [hit.match for hit in hits][:2] == [MatchKind.EXACT, MatchKind.PREFIX]


@pytest.mark.usefixtures("codes")
def test_the_same_characters_in_two_systems_are_both_found_and_the_filter_keeps_one() -> None:
    assert {hit.code.system for hit in codes_search(q="J1100", day=DAY)} == {"hcpcs", "icd10cm"}
    only = codes_search(q="J1100", system=CodeSystem.HCPCS, day=DAY)
    assert [(hit.code.system, hit.code.display) for hit in only] == [("hcpcs", "J1100")]


@pytest.mark.usefixtures("codes")
def test_each_hit_says_whether_it_is_valid_on_the_date_of_service() -> None:
    (hit,) = codes_search(q="M54.5", day=DAY)
    assert hit.status == CheckStatus.TERMINATED
    (before,) = codes_search(q="M54.5", day=dt.date(2021, 9, 1))
    assert before.status == CheckStatus.VALID


@pytest.mark.usefixtures("codes")
def test_nothing_typed_finds_nothing_and_odd_characters_do_no_harm() -> None:
    assert codes_search(q="   ", day=DAY) == []
    assert displays(codes_search(q='pain" -- chest*', day=DAY)) == displays(codes_search(q="pain chest", day=DAY))
    assert codes_search(q="*:&|!()'", day=DAY) == []


@pytest.mark.usefixtures("codes")
def test_verify_answers_each_code_of_a_mixed_pasted_list() -> None:
    checks = codes_verify(text="99213-25, J1100\nF32.A 0450", day=DAY)
    assert [(c.text, c.system, c.status) for c in checks] == [
        ("99213-25", "cpt", CheckStatus.VALID),
        ("J1100", "hcpcs", CheckStatus.VALID),
        ("F32.A", "icd10cm", CheckStatus.VALID),
        ("0450", "revenue", CheckStatus.VALID),
    ]
    assert checks[0].modifiers[0].found is not None
    assert checks[0].ok
    assert [other.display for other in checks[1].also] == ["J11.00"]


@pytest.mark.usefixtures("codes")
def test_a_header_is_not_billable_and_offers_its_billable_children() -> None:
    check = code_check(written="R07", day=DAY)
    assert check.status == CheckStatus.NOT_BILLABLE
    assert [child.display for child in check.children] == ["R07.1", "R07.2", "R07.89", "R07.9"]


@pytest.mark.usefixtures("codes")
def test_a_terminated_code_gives_its_date_and_replacement() -> None:
    check = code_check(written="M54.5", day=DAY)
    assert check.status == CheckStatus.TERMINATED
    assert "M54.50" in check.message
    assert "2021" in check.message


@pytest.mark.usefixtures("codes")
def test_a_code_before_its_effective_date_is_not_yet_effective() -> None:
    check = code_check(written="G0999", day=DAY)
    assert check.status == CheckStatus.NOT_YET_EFFECTIVE
    assert code_check(written="G0999", day=dt.date(2027, 1, 2)).status == CheckStatus.VALID


@pytest.mark.usefixtures("codes")
@pytest.mark.parametrize(
    ("written", "says"),
    [("99999", "not a code in CPT"), ("Q99.99", "not a code in ICD-10-CM"), ("%%%", "not written like any code")],
)
def test_an_unknown_code_is_invalid_and_says_what_it_was_taken_for(written: str, says: str) -> None:
    check = code_check(written=written, day=DAY)
    assert check.status == CheckStatus.INVALID
    assert says in check.message


@pytest.mark.usefixtures("codes")
def test_a_bad_or_expired_modifier_makes_the_line_not_ok() -> None:
    check = code_check(written="99213-GT", day=DAY)
    assert check.status == CheckStatus.VALID
    assert check.modifiers[0].status == CheckStatus.TERMINATED
    assert not check.ok
    assert code_check(written="99213-ZZ", day=DAY).modifiers[0].status == CheckStatus.INVALID


def test_word_matches_come_best_first_exactly_as_the_ranking_rule_says() -> None:
    """Billable before headers, then the shortest text, then system and code — checked against every match."""
    import random

    from portico.codes.formats.base import CodeRecord
    from portico.codes.loading import search_text_for
    from portico.codes.models import Code
    from portico.codes.search import search_index_refresh

    rng = random.Random(3)
    words = ["pain", "chest", "knee", "fracture", "left", "right", "acute", "chronic", "injection", "femur"]
    rows = []
    for n in range(600):
        text = " ".join(rng.sample(words, rng.randint(1, 5))).capitalize()
        record = CodeRecord(code=f"Z{n:04d}", display=f"Z{n:04d}", short_description=text)
        rows.append(
            Code(
                system=rng.choice(["icd10cm", "hcpcs"]),
                code=record.code,
                display=record.display,
                short_description=text,
                billable=rng.random() < 0.7,
                search_text=search_text_for(record),
            )
        )
    Code.objects.bulk_create(rows)
    search_index_refresh()

    def expected(query: list[str], system: str | None) -> list[str]:
        matching = [
            row
            for row in rows
            if all(any(w.startswith(q) for w in row.search_text.lower().split()) for q in query)
            and (system is None or row.system == system)
        ]
        matching.sort(key=lambda row: (not row.billable, len(row.search_text), row.system, row.code))
        return [row.code for row in matching[:25]]

    for query, system in [
        ("pain", None),
        ("fract fem", None),
        ("chr le", None),
        ("inj", "hcpcs"),
        ("acute", "icd10cm"),
    ]:
        hits = codes_search(q=query, system=system, day=DAY)
        assert [hit.code.code for hit in hits] == expected(query.split(), system), query
