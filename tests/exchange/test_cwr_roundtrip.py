"""Property: for every record type of every version, values -> writer -> reader gives back the same values, and
the line read back is written again byte for byte."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.cwr import codes
from exchange.cwr.layouts import VERSIONS, layouts
from tests.exchange.cwr_helpers import reader_of
from wipoconnect.core.identifiers import ipi_base_check_digit, ipi_name_check_digits, iswc_check_digit

UPPER_ASCII = "".join(chr(c) for c in range(0x20, 0x7F) if not chr(c).islower())
TIS = ["2136", "0826", "0840", "2120", "0276", "0056"]
NINE = st.text("0123456789", min_size=9, max_size=9)


def _text(n):
    return st.text(UPPER_ASCII, min_size=1, max_size=n).map(str.strip).filter(bool)


def _kind(f):
    return {
        "share": st.integers(0, 10000),
        "society": st.integers(0, 999).map(lambda i: f"{i:03d}"),
        "organisation": st.one_of(st.integers(0, 999).map(lambda i: f"{i:03d}"), st.sampled_from(["ISW", "ISR"])),
        "tis": st.sampled_from(TIS),
        "iswc": NINE.map(lambda d: f"T{d}{iswc_check_digit(d)}"),
        "ipi_name": NINE.map(lambda d: d + ipi_name_check_digits(d)),
        "ipi_base": NINE.map(lambda d: f"I-{d}-{ipi_base_check_digit(d)}"),
        "sender_type": st.sampled_from(["PB", "SO", "AA", "WR", "01"]),
    }.get(f.kind)


def _value(f):
    if (kind := _kind(f)) is not None:
        return kind
    by_type = {
        "N": st.integers(0, 10**f.length - 1),
        "D": st.dates(date(1900, 1, 1), date(2099, 12, 31)),
        "T": st.integers(0, 99 * 3600 + 59 * 60 + 59),
        "B": st.booleans(),
        "F": st.sampled_from("YNU"),
    }
    if f.type in by_type:
        return by_type[f.type]
    if f.codes:
        return st.sampled_from(sorted(codes.CODE_LISTS[f.codes]))
    return _text(f.length)


def _field(f):
    value = _value(f)
    return value if f.mandatory or f.type in "NT" else st.one_of(st.none(), value)


def record_values(layout):
    fixed = {f.name: f.literal for f in layout.fields if f.literal is not None}
    free = {f.name: _field(f) for f in layout.fields if f.literal is None}
    return st.fixed_dictionaries(free).map(lambda values: values | fixed)


CASES = [(v, rt) for v in VERSIONS for rt in sorted(layouts(v))]


@pytest.mark.parametrize(("version", "record_type"), CASES, ids=[f"{v}-{rt}" for v, rt in CASES])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_write_then_read_gives_the_same_values(version, record_type, data):
    layout = layouts(version)[record_type]
    values = data.draw(record_values(layout))
    line = layout.encode(values)
    assert len(line) == layout.length
    [record] = list(reader_of(line + "\r\n", version).records())
    assert record.errors == []
    assert record.values == values
    assert layout.encode(record.values) == line
