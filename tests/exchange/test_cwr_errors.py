"""One test per error class: what the reader and the validator report, at which level, and what happens to the
transaction (RJ for mandatory/structure/shares, AC with the field dropped for optional fields)."""

import pytest

from exchange.cwr.fields import Field, encode
from tests.exchange.cwr_helpers import cwr_text, put, replace_line, results, work_21

# Line numbers in a one-work file: 1 HDR, 2 GRH, 3 NWR, 4 SPU, 5 SPT, 6 SWR, 7 SWT, 8 PWR, 9 GRT, 10 TRL.
NWR, SPU, SPT, SWR, SWT, PWR, GRT, TRL = 3, 4, 5, 6, 7, 8, 9, 10


def _line(text, n):
    return text.split("\r\n")[n - 1]


def _mutate(n, start, value, version="2.1", transactions=None):
    text = cwr_text(version, transactions or [work_21()])
    return replace_line(text, n, put(_line(text, n), start, value))


def _single(text, version=None):
    [(tx, result)], reader = results(text, version)
    return tx, result, reader


def test_clean_transaction_is_accepted_as_sent():
    _, result, reader = _single(cwr_text("2.1", [work_21()]))
    assert (result.status, result.messages, reader.messages) == ("RA", [], [])


def test_non_numeric_mandatory_field_rejects_the_transaction():
    _, result, _ = _single(_mutate(SPU, 20, "AB"))
    assert result.status == "RJ"
    [msg] = result.messages
    assert (msg.type, msg.level, msg.record_type, msg.record_sequence) == ("T", "F", "SPU", 1)
    assert msg.text.startswith("line 4 SPU field 'Publisher Sequence #'") and "not numeric" in msg.text


def test_invalid_optional_field_is_dropped_and_transaction_accepted_with_changes():
    tx, result, _ = _single(_mutate(SWR, 151, "X"))
    assert result.status == "AC"
    [msg] = result.messages
    assert (msg.type, msg.level, msg.validation_number) == ("F", "F", "017")
    assert msg.text == "line 6 SWR field 'Reversionary Indicator': 'X' must be Y, N or U"
    assert tx.records[3].values["reversionary_indicator"] is None


def test_malformed_number_rejects_even_in_an_optional_field():
    _, result, _ = _single(_mutate(SWR, 168, "ABCDEFGHIJKL"))
    assert result.status == "RJ"
    assert "line 6 SWR field 'Personal Number': 'ABCDEFGHIJKL' is not numeric" in result.messages[0].text


def test_line_cut_inside_a_mandatory_field_reports_it_missing_but_short_lines_are_tolerated():
    text = cwr_text("2.1", [work_21()])
    cut = replace_line(text, NWR, _line(text, NWR)[:140])  # Version Type (143) is gone
    _, result, _ = _single(cut)
    assert result.status == "RJ"
    assert any("NWR field 'Version Type': must be entered" in m.text for m in result.messages)
    trimmed = replace_line(text, NWR, _line(text, NWR)[:154].rstrip())  # only optional fields after 154
    assert _single(trimmed)[1].status == "RA"


def test_value_outside_a_code_list():
    _, result, _ = _single(_mutate(NWR, 127, "XYZ"))
    assert result.status == "RJ"
    assert "'XYZ' is not in the musical work distribution category table" in result.messages[0].text
    tx, result, _ = _single(_mutate(NWR, 80, "QQ"))
    assert (result.status, result.messages[0].type) == ("AC", "F")
    assert tx.header.values["language_code"] is None


def test_impossible_date_in_an_optional_field_is_dropped():
    tx, result, _ = _single(_mutate(NWR, 107, "20230230"))
    assert result.status == "AC"
    assert "NWR field 'Copyright Date': 20230230 is not a valid date" in result.messages[0].text
    assert tx.header.values["copyright_date"] is None


def test_conditionally_required_field_missing():
    _, result, _ = _single(_mutate(SPU, 31, " " * 45))
    assert result.status == "RJ"
    assert [m.text for m in result.messages] == ["line 4 SPU field 'Publisher Name': must be entered"]


def test_iswc_check_digit():
    tx, result, _ = _single(cwr_text("2.1", [work_21(iswc="T0345246802")]))
    assert result.status == "AC"
    assert "ISWC T0345246802: check digit fails (expected 1)" in result.messages[0].text
    assert tx.header.values["iswc"] is None


def test_ipi_name_check_digits_name_the_expected_digits():
    _, result, _ = _single(_mutate(SWR, 116, "00000000198"))
    assert result.status == "AC"
    assert result.messages[0].text == (
        "line 6 SWR field 'Writer IPI Name #': IPI name number 00000000198: check digits fail (expected 99)"
    )


def test_unknown_territory_code_rejects():
    _, result, _ = _single(_mutate(SPT, 51, "9999"))
    assert result.status == "RJ"
    assert "SPT field 'TIS Numeric Code': '9999' is not a TIS territory code" in result.messages[0].text


def test_share_above_100_percent_is_a_field_error():
    _, result, _ = _single(_mutate(SWR, 130, "10001"))
    assert result.status == "RJ"  # the share is dropped, so the totals no longer add up either
    assert "'10001' is not a share between 00000 and 10000" in result.messages[0].text


def test_ownership_shares_must_total_100_or_0_per_right():
    _, result, _ = _single(cwr_text("2.1", [work_21(pr=(5000, 6000))]))
    assert result.status == "RJ"
    [ownership] = [m for m in result.messages if m.validation_number == "011"]
    assert "PR ownership shares total 110.00 (must be 100.00 ± 0.06 or 0)" in ownership.text


def test_ownership_tolerance_is_six_hundredths():
    assert _single(cwr_text("2.1", [work_21(pr=(5000, 5006))]))[1].status == "RA"


def test_collection_above_100_in_a_territory_rejects():
    tx = work_21()
    tx.insert(
        5,
        (
            "SWT",
            {
                "interested_party_number": "W1",
                "pr_collection_share": 6000,
                "inclusion_exclusion_indicator": "I",
                "tis_numeric_code": "0826",
                "sequence_number": 2,
            },
        ),
    )
    _, result, _ = _single(cwr_text("2.1", [tx]))
    assert result.status == "RJ"
    assert "PR collection shares in territory 0826 total 110.00" in result.messages[0].text


def test_3x_collection_must_total_100_per_territory():
    tx = [
        (
            "WRK",
            {
                "work_title": "T",
                "submitter_work_number": "W1",
                "musical_work_distribution_category": "POP",
                "recorded_indicator": "Y",
                "version_type": "ORI",
            },
        ),
        ("SWR", {"interested_party_number": "W1", "writer_last_name": "NOVAK", "writer_designation_code": "C"}),
        (
            "SWT",
            {
                "sequence_number": 1,
                "interested_party_number": "W1",
                "pr_collection_share": 5000,
                "inclusion_exclusion_indicator": "I",
                "tis_numeric_code": "2136",
            },
        ),
    ]
    _, result, _ = _single(cwr_text("3.0", [tx], group_type="WRK"), "3.0")
    assert result.status == "RJ"
    assert "PR collection shares in territory 2136 total 50.00 (must be 100.00 ± 0.06 or 0)" in result.messages[0].text


def test_record_type_not_allowed_in_the_transaction():
    tx = work_21() + [("TER", {"inclusion_exclusion_indicator": "I", "tis_numeric_code": "2136"})]
    _, result, _ = _single(cwr_text("2.1", [tx]))
    assert result.status == "RJ"
    assert "TER record is not allowed in a NWR transaction" in result.messages[0].text


def test_unknown_record_type_rejects_its_transaction():
    _, result, _ = _single(_mutate(PWR, 1, "ZZZ"))
    assert result.status == "RJ"
    assert "line 8 ZZZ field 'Record Type': unknown record type 'ZZZ'" in result.messages[0].text


def test_record_sequence_gap():
    _, result, _ = _single(_mutate(SWT, 12, "00000009"))
    assert result.status == "RJ"
    assert "SWT record sequence '00000009', expected 00000004" in result.messages[0].text


def test_territory_record_must_follow_its_party():
    tx = work_21()
    tx[2], tx[3] = tx[3], tx[2]  # SPT after SWR
    _, result, _ = _single(cwr_text("2.1", [tx]))
    assert result.status == "RJ"
    assert any("SPT record may not follow SWR" in m.text for m in result.messages)


def test_transaction_type_must_match_its_group():
    _, result, _ = _single(cwr_text("2.1", [work_21()], group_type="AGR"))
    assert result.status == "RJ"
    assert result.messages[0].validation_number == "022"


@pytest.mark.parametrize(
    ("roles", "version_type", "number"),
    [
        ((), "ORI", "012"),
        (("AR",), "ORI", "015"),
        (("C",), "MOD", "010"),
        (("CA", "AR"), "ORI", "023"),
    ],
)
def test_writer_roles_rules(roles, version_type, number):
    tx = [
        r
        for r in work_21(version_type=version_type, music_arrangement="ARR", lyric_adaptation="UNS")
        if r[0] not in ("SWR", "SWT", "PWR")
    ]
    for i, role in enumerate(roles):
        tx.append(
            (
                "OWR",
                {
                    "writer_last_name": f"W{i}",
                    "writer_designation_code": role,
                    "pr_ownership_share": 5000 // len(roles),
                },
            )
        )
    _, result, _ = _single(cwr_text("2.1", [tx]))
    assert result.status == "RJ"
    assert number in [m.validation_number for m in result.messages]


def test_group_trailer_counts_are_checked():
    _, _, reader = _single(_mutate(GRT, 9, "00000005"))
    [msg] = reader.messages
    assert (msg.type, msg.record_type) == ("G", "GRT")
    assert msg.text == "line 9: GRT field 'Transaction Count' is 5, the group has 1"


def test_file_trailer_counts_are_checked():
    _, _, reader = _single(_mutate(TRL, 17, "00000099"))
    assert [m.text for m in reader.messages] == ["line 10: TRL field 'Record Count' is 99, the file has 10"]
    assert reader.file_rejected


def test_file_must_start_with_hdr_and_end_with_trl():
    text = cwr_text("2.1", [work_21()])
    lines = text.split("\r\n")
    _, _, reader = _single("\r\n".join(lines[1:-2]) + "\r\n")
    texts = [m.text for m in reader.messages]
    assert "line 1: first record must be HDR, found GRH" in texts and "file ends without TRL" in texts


def test_writer_refuses_a_number_too_wide_for_its_field():
    with pytest.raises(ValueError, match="does not fit 2 digits"):
        encode(Field("Publisher Sequence #", 20, 2, "N", "M"), 100)


def test_a_broken_transaction_does_not_affect_the_others():
    text = cwr_text("2.1", [work_21("ONE"), work_21("TWO"), work_21("THREE")])
    broken = replace_line(text, 9, put(_line(text, 9), 127, "XYZ"))  # NWR of the second work
    statuses = [r.status for _, r in results(broken)[0]]
    assert statuses == ["RA", "RJ", "RA"]
