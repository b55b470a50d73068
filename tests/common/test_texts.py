"""Messages stored untranslated and filled in when shown (portico/common/texts.py)."""

from __future__ import annotations

from django.utils import translation

from portico.common.texts import text_fill, with_dates


def test_a_stored_message_is_translated_and_its_dates_written_as_the_reader_writes_them() -> None:
    template = "The member's coverage ended on %(day)s."
    params = with_dates({"day": "2026-05-31"}, "day")
    with translation.override("en"):
        assert text_fill(template, params) == "The member's coverage ended on 05/31/2026."


def test_nothing_stored_shows_nothing_not_the_catalogs_header() -> None:
    with translation.override("es"):
        assert text_fill("", {"day": "2026-05-31"}) == ""
        assert text_fill("") == ""


def test_a_message_that_does_not_fit_its_values_is_shown_as_stored() -> None:
    with translation.override("en"):
        assert text_fill("Allowed %(allowed)s.", {"other": "1"}) == "Allowed %(allowed)s."
