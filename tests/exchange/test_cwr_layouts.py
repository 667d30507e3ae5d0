"""Layout tables: every record type the brief names exists in every version, record lengths agree with the
specification (2.x) and with the files django-music-publisher writes (3.x), and field names are unique."""

import pytest

from exchange.cwr.layouts import VERSIONS, layouts

COMMON = (
    "HDR GRH GRT TRL ISW EXC AGR TER IPA SPU OPU NPN SPT OPT SWR OWR NWN SWT OWT PWR ALT NAT PER NPR REC "
    "ORN INS IND ARI XRF ACK MSG"
).split()
LENGTHS = {
    "2.1": {
        "HDR": 101,
        "GRH": 28,
        "GRT": 37,
        "TRL": 24,
        "NWR": 260,
        "SPU": 183,
        "SPT": 58,
        "SWR": 180,
        "SWT": 52,
        "PWR": 110,
        "ALT": 83,
        "PER": 118,
        "REC": 266,
        "ORN": 301,
        "ACK": 159,
        "MSG": 185,
        "EWT": 364,
        "COM": 308,
        "ARI": 201,
        "AGR": 121,
        "IND": 25,
        "INS": 75,
    },
    "2.2": {"HDR": 167, "PWR": 112, "REC": 540, "ORN": 348, "XRF": 38, "SPU": 183, "OWR": 180},
    "3.0": {
        "HDR": 195,
        "GRH": 26,
        "GRT": 24,
        "WRK": 218,
        "SPU": 112,
        "SPT": 99,
        "SWR": 134,
        "OWR": 143,
        "SWT": 99,
        "OWT": 99,
        "OPT": 99,
        "PWR": 73,
        "PER": 126,
        "REC": 346,
        "XRF": 39,
        "ISR": 107,
        "WRI": 116,
        "OWK": 360,
    },
    "3.1": {"MAN": 43, "WRK": 218},
}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_record_type_exists(version):
    expected = set(COMMON) | ({"NWR", "REV", "EWT", "VER", "COM"} if version < "3" else {"WRK", "OWK"})
    assert expected <= set(layouts(version))
    assert ("MAN" in layouts(version)) == (version == "3.1")


@pytest.mark.parametrize("version", VERSIONS)
def test_record_lengths(version):
    table = layouts(version)
    assert {rt: table[rt].length for rt in LENGTHS[version]} == LENGTHS[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_field_names_unique_and_3x_positions_marked_as_implementation_derived(version):
    for layout in layouts(version).values():
        assert len(layout.by_name) == len(layout.fields)
    sources = {f.source for f in layouts(version)["SPT"].fields if f.literal is None}
    assert sources == ({"impl"} if version >= "3" else {"spec"})


@pytest.mark.parametrize("version", VERSIONS)
def test_a_digit_that_is_not_decimal_is_an_invalid_number_not_a_crash(version):
    """UTF-8 files may carry '²' where a number belongs: str.isdigit() accepts it, int() does not."""
    swt = layouts(version, False)["SWT"]
    share = swt.by_name["pr_collection_share"]
    line = swt.encode({"record_type": "SWT", "interested_party_number": "W1", "pr_collection_share": 5000})
    line = line[: share.start - 1] + "²".rjust(share.length, "0") + line[share.end :]
    assert swt.decode(line)["pr_collection_share"] is None
    assert "pr_collection_share" in [e.field.name for e in swt.validate(line)]
