"""File names by the CWR convention, both ways."""

import pytest

from exchange.cwr.naming import FileName, cwr_filename, parse_filename


@pytest.mark.parametrize(
    ("version", "extension", "expected"),
    [
        ("2.1", "SUB", "CW250007052_SUN.V21"),
        ("2.2", "SUB", "CW250007052_SUN.V22"),
        ("3.0", "SUB", "CW250007052_SUN_V3-0-0.SUB"),
        ("3.1", "ACK1", "CW250007052_SUN_V3-1-0.ACK1"),
    ],
)
def test_file_name_by_version(version, extension, expected):
    name = cwr_filename(version, 2025, 7, "052", "sun", extension)
    assert name == expected
    assert parse_filename(name) == FileName(
        25, 7, "052", "SUN", version, extension if version >= "3" else "V" + version.replace(".", "")
    )


def test_parse_real_names_and_reject_others():
    assert parse_filename("CW260005HMP_0000_V3-0-0.SUB").recipient == "0000"
    assert parse_filename("demo_cwr_cleaned.v22") is None
    assert parse_filename("cw060001emi_044.v21").sender == "EMI"


def test_sequence_must_fit_four_digits():
    with pytest.raises(ValueError):
        cwr_filename("2.1", 2025, 10000, "052", "SUN")
