"""CRD record layouts as data: (field name, start (1-based), length, type) per record type.

UNVERIFIED: CRD09-1005R4 (CRD EDI format v2.0 rev 4) names the record types (SDN, MWN, MIP, WER, ...) but the
stored copies do not show their field positions (domain.md §4). These layouts follow the CWR conventions (19-char
record prefix, HDR/GRH/GRT/TRL, A = blank-padded left-justified text, N = zero-filled numbers, D = YYYYMMDD,
T = HHMMSS, shares in hundredths of a percent, amounts in minor units) and must be checked against the
specification before a real exchange; correct them here, the writer and reader read these tables.
"""

from typing import NamedTuple

VERIFIED = False  # see the module docstring
STANDARD_VERSION = "02.00"  # CRD EDI format v2.0 (the version of CRD09-1005R4)


class Field(NamedTuple):
    name: str
    start: int
    length: int
    type: str  # A, N, D, T; `literal:` fields are fixed text


PREFIX = (Field("record_type", 1, 3, "A"), Field("transaction_seq", 4, 8, "N"), Field("record_seq", 12, 8, "N"))

LAYOUTS: dict[str, tuple[Field, ...]] = {
    "HDR": (
        Field("record_type", 1, 3, "A"),
        Field("sender_type", 4, 2, "A"),  # SO: society
        Field("sender", 6, 9, "N"),
        Field("sender_name", 15, 45, "A"),
        Field("standard_version", 60, 5, "A"),
        Field("creation_date", 65, 8, "D"),
        Field("creation_time", 73, 6, "T"),
        Field("transmission_date", 79, 8, "D"),
        Field("recipient", 87, 9, "N"),
    ),
    "GRH": (
        Field("record_type", 1, 3, "A"),
        Field("transaction_type", 4, 3, "A"),
        Field("group_id", 7, 5, "N"),
        Field("version", 12, 5, "A"),
    ),
    "SDN": (
        *PREFIX,
        Field("sender", 20, 3, "N"),
        Field("recipient", 23, 3, "N"),
        Field("distribution_id", 26, 20, "A"),
        Field("distribution_date", 46, 8, "D"),
        Field("currency", 54, 3, "A"),
        Field("right_type", 57, 2, "A"),
        Field("territory", 59, 4, "N"),
        Field("period_start", 63, 8, "D"),
        Field("period_end", 71, 8, "D"),
        Field("amount", 79, 18, "N"),
        Field("work_count", 97, 8, "N"),
    ),
    "MWN": (
        *PREFIX,
        Field("society_work_id", 20, 14, "A"),
        Field("iswc", 34, 11, "A"),
        Field("title", 45, 60, "A"),
        Field("amount", 105, 18, "N"),
    ),
    "MIP": (
        *PREFIX,
        Field("ipi_name", 20, 11, "N"),  # MIP-4 "interested party number"
        Field("name", 31, 45, "A"),
        Field("role", 76, 2, "A"),
        Field("society", 78, 3, "N"),
        Field("share", 81, 5, "N"),
    ),
    "WER": (
        *PREFIX,
        Field("ipi_name", 20, 11, "N"),
        Field("right_type", 31, 2, "A"),
        Field("territory", 33, 4, "N"),
        Field("period_start", 37, 8, "D"),
        Field("period_end", 45, 8, "D"),
        Field("usage_count", 53, 10, "N"),
        Field("share", 63, 5, "N"),
        Field("amount", 68, 18, "N"),
        Field("currency", 86, 3, "A"),
    ),
    "GRT": (
        Field("record_type", 1, 3, "A"),
        Field("group_id", 4, 5, "N"),
        Field("transaction_count", 9, 8, "N"),
        Field("record_count", 17, 8, "N"),
    ),
    "TRL": (
        Field("record_type", 1, 3, "A"),
        Field("group_count", 4, 5, "N"),
        Field("transaction_count", 9, 8, "N"),
        Field("record_count", 17, 8, "N"),
    ),
}

LENGTHS = {kind: max(f.start + f.length - 1 for f in fields) for kind, fields in LAYOUTS.items()}
