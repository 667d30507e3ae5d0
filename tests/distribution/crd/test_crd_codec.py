"""The pure CRD writer and reader: round trip, fixed widths, checks with line numbers, the CSV fallback."""

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distribution.runs.crd import (
    CrdDistribution,
    CrdError,
    CrdExploitation,
    CrdIp,
    CrdWork,
    read_crd,
    write_crd,
    write_csv,
)
from distribution.runs.crd.fields import crd_text
from distribution.runs.crd.layouts import LAYOUTS, LENGTHS, VERIFIED
from distribution.runs.crd.writer import CSV_COLUMNS

TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '&-", max_size=40).map(str.strip)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
IPI = st.integers(1, 10**11 - 1).map(lambda n: f"{n:011d}")
SOCIETY = st.integers(1, 999).map(lambda n: f"{n:03d}")


@st.composite
def works(draw):
    ips = draw(
        st.lists(
            st.builds(CrdIp, IPI, TEXT, st.sampled_from(["CA", "C", "A", "E", "SE"]), SOCIETY, st.integers(0, 10_000)),
            max_size=3,
        )
    )
    payees = [ip.ipi_name for ip in ips] or [""]
    start = draw(DATES)
    exploitations = draw(
        st.lists(
            st.builds(
                CrdExploitation,
                st.sampled_from(payees),
                st.sampled_from(["PR", "MR"]),
                st.just("2136"),
                st.just(start),
                st.just(start),
                st.integers(0, 10**9),
                st.integers(0, 10_000),
                st.integers(0, 10**15),
                st.just("EUR"),
            ),
            max_size=3,
        )
    )
    code = draw(st.integers(1, 10**8 - 1))
    iswc = draw(st.sampled_from(["", "T0345246801"]))
    return CrdWork(f"W{code:08d}", iswc, draw(TEXT), tuple(ips), tuple(exploitations))


def distribution(works=(), **overrides) -> CrdDistribution:
    values = dict(
        sender="999",
        sender_name="DEMO SOCIETY",
        recipient="052",
        distribution_id="999-7",
        distribution_date=date(2026, 3, 31),
        currency="EUR",
        right_type="PR",
        territory="2136",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        created=datetime(2026, 4, 1, 9, 30, 5),
        works=tuple(works),
    )
    return CrdDistribution(**{**values, **overrides})


def test_the_layouts_are_marked_unverified_and_have_no_overlapping_fields():
    assert VERIFIED is False
    for kind, fields in LAYOUTS.items():
        ends = [(f.start, f.start + f.length - 1) for f in fields]
        assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(ends, ends[1:], strict=False)), kind
        assert ends[0][0] == 1, kind


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(works(), max_size=4))
def test_what_is_written_reads_back_the_same(work_list):
    original = distribution(work_list)
    text = write_crd(original)
    assert all(len(line) == LENGTHS[line[:3]] for line in text.split("\r\n") if line)
    assert read_crd(text) == original


def test_text_is_written_as_upper_case_ascii():
    work = CrdWork("W00000001", "", "Canción de Año", (), ())
    assert read_crd(write_crd(distribution([work]))).works[0].title == "CANCION DE ANO" == crd_text("Canción de Año")


def test_a_tampered_amount_is_reported_with_its_line():
    work = CrdWork(
        "W00000001",
        "",
        "RAIN",
        (CrdIp("00014107338", "ANN", "CA", "052", 5000),),
        (CrdExploitation("00014107338", "PR", "2136", date(2025, 1, 1), date(2025, 12, 31), 3, 5000, 1875, "EUR"),),
    )
    lines = write_crd(distribution([work])).split("\r\n")
    wer = next(i for i, line in enumerate(lines) if line.startswith("WER"))
    lines[wer] = lines[wer][:67] + "00000000000000187X" + lines[wer][85:]
    with pytest.raises(CrdError) as caught:
        read_crd("\r\n".join(lines), name="crd_052.V20")
    assert caught.value.errors == [f"crd_052.V20:{wer + 1} WER field 'amount': '00000000000000187X' is not a number"]


def test_counts_and_totals_are_checked():
    work = CrdWork(
        "W00000001",
        "",
        "RAIN",
        (),
        (CrdExploitation("", "PR", "2136", date(2025, 1, 1), date(2025, 1, 31), 1, 10_000, 500, "EUR"),),
    )
    lines = write_crd(distribution([work])).split("\r\n")
    del lines[3]  # the MWN: its WER is now an orphan and the counts are off
    with pytest.raises(CrdError) as caught:
        read_crd("\r\n".join(lines))
    errors = caught.value.errors
    assert errors[0] == "file.crd:4 WER is not allowed here (expected MWN, or MIP/WER after an MWN)"
    assert "file.crd:3 SDN field 'amount': 500 but its works add up to 0" in errors
    assert "file.crd:5 GRT field 'transaction_count': 2, found 1" in errors
    assert "file.crd:6 TRL field 'record_count': 7, found 6" in errors


def test_the_csv_fallback_has_one_row_per_exploitation_with_the_documented_columns():
    ip = CrdIp("00014107338", "ANN", "CA", "052", 5000)
    work = CrdWork(
        "W00000001",
        "T0345246801",
        "RAIN",
        (ip,),
        (CrdExploitation(ip.ipi_name, "PR", "2136", date(2025, 1, 1), date(2025, 12, 31), 2, 5000, 18750, "EUR"),),
    )
    rows = list(csv.DictReader(io.StringIO(write_csv(distribution([work])))))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows == [
        dict(
            zip(
                CSV_COLUMNS,
                [
                    "999-7",
                    "W00000001",
                    "T0345246801",
                    "RAIN",
                    "ANN",
                    "00014107338",
                    "CA",
                    "052",
                    "50.00",
                    "PR",
                    "2136",
                    "2025-01-01",
                    "2025-12-31",
                    "2",
                    "18750",
                    "EUR",
                ],
                strict=True,
            )
        )
    ]
