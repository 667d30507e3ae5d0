import pytest
from hypothesis import given
from hypothesis import strategies as st

from wipoconnect.core.identifiers import (
    IdentifierError,
    format_iswc,
    ipi_name_check_digits,
    iswc_check_digit,
    normalize_ipi_base,
    normalize_ipi_name,
    normalize_isni,
    normalize_isrc,
    normalize_iswc,
)


@pytest.mark.parametrize("raw", ["T-034.524.680-1", "T0345246801", "t 034 524 680 1", "T-911.000.578-2"])
def test_valid_iswcs_are_stored_compact(raw):
    assert normalize_iswc(raw) == raw.upper().replace("-", "").replace(".", "").replace(" ", "")


def test_iswc_with_wrong_check_digit_names_the_expected_digit():
    with pytest.raises(IdentifierError, match=r"check digit fails \(expected 1\)"):
        normalize_iswc("T-034.524.680-2")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_iswc_built_with_its_check_digit_round_trips(digits):
    compact = f"T{digits}{iswc_check_digit(digits)}"
    assert normalize_iswc(format_iswc(compact)) == compact


@pytest.mark.parametrize("raw,expected", [("14107338", "00014107338"), ("00000000199", "00000000199")])
def test_ipi_name_numbers_are_padded_to_eleven_digits(raw, expected):
    assert normalize_ipi_name(raw) == expected


def test_ipi_name_with_wrong_check_digits_is_rejected():
    with pytest.raises(IdentifierError, match="IPI name number"):
        normalize_ipi_name("00014107339")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_ipi_name_built_with_its_check_digits_validates(digits):
    assert normalize_ipi_name(digits + ipi_name_check_digits(digits)) == digits + ipi_name_check_digits(digits)


def test_ipi_base_number_is_formatted_with_dashes():
    assert normalize_ipi_base("i0000002297") == "I-000000229-7"
    with pytest.raises(IdentifierError):
        normalize_ipi_base("I-000000229-8")


def test_isrc_and_isni_use_stdnum_formats():
    assert normalize_isrc("US-SKG-19-12345") == "USSKG1912345"
    assert normalize_isni("0000 0001 2103 2683") == "0000000121032683"
    with pytest.raises(IdentifierError, match="ISRC"):
        normalize_isrc("12-345")
