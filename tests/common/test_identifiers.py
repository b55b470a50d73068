import pytest
from hypothesis import given
from hypothesis import strategies as st

from portico.common.identifiers import is_valid_mbi, is_valid_npi, npi_check_digit


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1932102084"])
def test_published_npis_are_valid(npi):
    assert is_valid_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678931", "abcdefghij", ""])
def test_bad_npis_are_rejected(npi):
    assert not is_valid_npi(npi)


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_the_computed_check_digit_always_validates(first_nine):
    assert is_valid_npi(first_nine + npi_check_digit(first_nine))


@given(st.from_regex(r"[0-9]{9}", fullmatch=True), st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_never_validates(first_nine, delta):
    wrong = str((int(npi_check_digit(first_nine)) + delta) % 10)
    assert not is_valid_npi(first_nine + wrong)


@pytest.mark.parametrize("mbi", ["1EG4-TE5-MK73", "1EG4TE5MK73", "9AA0AA0AA00"])
def test_cms_example_mbis_are_valid(mbi):
    assert is_valid_mbi(mbi)


@pytest.mark.parametrize("mbi", ["0EG4TE5MK73", "1SG4TE5MK73", "1EG4TE5MK7", "1EG4TE5MKB3", "1EGATE5MK73"])
def test_malformed_mbis_are_rejected(mbi):
    assert not is_valid_mbi(mbi)
