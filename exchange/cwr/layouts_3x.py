"""CWR 3.0 and 3.1 record layouts [impl].

No 3.x specification text with positions was available. Positions come from django-music-publisher's byte-exact
generators (music_publisher/cwr_templates.py, TEMPLATES_30 / TEMPLATES_31, Dec 2024) and were checked against
the 3.0/3.1 files it wrote (../shared/data/cwr-dmp). Field names follow the CWR 3.0 User Manual (CWR19-0479)
where it lists them; blanks whose meaning the generator does not show are named "Reserved". Records DMP does not
write in 3.x (NPN, NWN, INS, ARI, AGR, ...) are assumed unchanged from 2.2. Everything here is data: correcting a
position needs no code change.

Known quirk kept on purpose: DMP writes SWR without the Tax ID field (134 characters) but OWR with it (143).
Society codes in 3.x are 4 characters ('52  '); they decode to the 3-digit code ('052').
"""

from exchange.cwr import layouts_2x as v2
from exchange.cwr.fields import Field

F = Field
prefix = v2.prefix


def _impl(fields: list[Field]) -> list[Field]:
    return [f if f.literal is not None else _with_source(f, "impl") for f in fields]


def _with_source(f: Field, source: str) -> Field:
    return Field(f.label, f.start, f.length, f.type, f.req, f.codes, f.kind, f.literal, source)


HDR_30 = _impl(
    [
        F("Record Type", 1, 3, "A", "M", literal="HDR"),
        F("Sender Type", 4, 2, "L", "M", kind="sender_type"),
        F("Sender ID", 6, 4, "A", "M"),
        F("Sender Name", 10, 45, "A", "M"),
        F("Reserved", 55, 11, "A", "O"),
        F("Creation Date", 66, 8, "D", "M"),
        F("Creation Time", 74, 6, "T", "M"),
        F("Transmission Date", 80, 8, "D", "M"),
        F("Character Set", 88, 15, "L", "O"),
        F("Version", 103, 3, "A", "M"),
        F("Revision", 106, 3, "N", "O"),
        F("Software Package", 109, 30, "A", "O"),
        F("Software Package Version", 139, 30, "A", "O"),
        F("File Name", 169, 27, "A", "O"),
    ]
)
GRH_30 = _impl(
    [
        F("Record Type", 1, 3, "A", "M", literal="GRH"),
        F("Transaction Type", 4, 3, "L", "M", codes="transaction_type"),
        F("Group ID", 7, 5, "N", "M"),
        F("Version Number for this transaction type", 12, 5, "A", "M"),
        F("Batch Request", 17, 10, "N", "O"),
    ]
)
GRT_30 = _impl(v2.GRT[:4])
WRK = _impl(
    prefix("WRK")
    + [
        F("Work Title", 20, 60, "A", "M"),
        F("Language Code", 80, 2, "L", "O", codes="language"),
        F("Submitter Work #", 82, 14, "A", "M"),
        F("ISWC", 96, 11, "A", "O", kind="iswc"),
        F("Copyright Date", 107, 8, "D", "O"),
        F("Copyright Number", 115, 12, "A", "O"),
        F("Musical Work Distribution Category", 127, 3, "L", "M", codes="musical_work_distribution_category"),
        F("Duration", 130, 6, "T", "C"),
        F("Recorded Indicator", 136, 1, "F", "M"),
        F("Text Music Relationship", 137, 3, "L", "O", codes="text_music_relationship"),
        F("Composite Type", 140, 3, "L", "O", codes="composite_type"),
        F("Version Type", 143, 3, "L", "M", codes="version_type"),
        F("Excerpt Type", 146, 3, "L", "O", codes="excerpt_type"),
        F("Music Arrangement", 149, 3, "L", "C", codes="music_arrangement"),
        F("Lyric Adaptation", 152, 3, "L", "C", codes="lyric_adaptation"),
        F("Grand Rights Ind", 155, 1, "B", "C"),
        F("Composite Component Count", 156, 3, "N", "C"),
        F("Date of publication of printed edition", 159, 8, "D", "O"),
        F("Exceptional Clause", 167, 1, "F", "O"),
        F("Opus Number", 168, 25, "A", "O"),
        F("Catalogue Number", 193, 25, "A", "O"),
        F("Priority Flag", 218, 1, "F", "O"),
    ]
)


def publisher_30(rt: str) -> list[Field]:
    return _impl(
        prefix(rt)
        + [
            F("Publisher Sequence #", 20, 2, "N", "M"),
            F("Interested Party #", 22, 9, "A", "C"),
            F("Publisher Name", 31, 45, "A", "C"),
            F("Publisher Unknown Indicator", 76, 1, "F", "C"),
            F("Publisher Type", 77, 2, "L", "C", codes="publisher_type"),
            F("Tax ID #", 79, 9, "A", "O"),
            F("Publisher IPI Name #", 88, 11, "L", "C", kind="ipi_name"),
            F("Publisher IPI Base Number", 99, 13, "L", "O", kind="ipi_base"),
            F("USA License Ind", 112, 1, "L", "O", codes="usa_license"),
        ]
    )


def territory_30(rt: str) -> list[Field]:
    """SPT / OPT / SWT / OWT share one layout in 3.x; shares here are collection shares per territory."""
    return _impl(
        prefix(rt)
        + [
            F("Sequence #", 20, 3, "N", "M"),
            F("Interested Party #", 23, 9, "A", "M" if rt in ("SPT", "SWT") else "C"),
            F("PR Collection Share", 32, 5, "N", "C", kind="share"),
            F("MR Collection Share", 37, 5, "N", "C", kind="share"),
            F("SR Collection Share", 42, 5, "N", "C", kind="share"),
            F("Inclusion/Exclusion Indicator", 47, 1, "L", "M", codes="inclusion_exclusion"),
            F("TIS Numeric Code", 48, 4, "L", "M", kind="tis"),
            F("PR Affiliation Society", 52, 4, "L", "O", kind="society"),
            F("MR Affiliation Society", 56, 4, "L", "O", kind="society"),
            F("SR Affiliation Society", 60, 4, "L", "O", kind="society"),
            F("Special Agreements Indicator", 64, 1, "L", "O", codes="special_agreements"),
            F("First Recording Refusal Ind", 65, 1, "F", "O"),
            F("Submitter Agreement Number", 66, 14, "A", "O"),
            F("Society-assigned Agreement Number", 80, 14, "A", "O"),
            F("Agreement Type", 94, 2, "L", "O", codes="agreement_type"),
            F("Recipient ID", 96, 4, "A", "O"),
        ]
    )


def _writer_tail(start: int) -> list[Field]:
    return [
        F("Writer IPI Name #", start, 11, "L", "O", kind="ipi_name"),
        F("Writer IPI Base Number", start + 11, 13, "L", "O", kind="ipi_base"),
        F("Reversionary Indicator", start + 24, 1, "F", "O"),
        F("First Recording Refusal Ind", start + 25, 1, "B", "O"),
        F("Work For Hire Indicator", start + 26, 1, "B", "O"),
        F("USA License Ind", start + 27, 1, "L", "O", codes="usa_license"),
    ]


def writer_30(rt: str) -> list[Field]:
    head = prefix(rt) + [
        F("Interested Party #", 20, 9, "A", "C"),
        F("Writer Last Name", 29, 45, "A", "C"),
        F("Writer First Name", 74, 30, "A", "O"),
        F("Writer Unknown Indicator", 104, 1, "F", "C"),
        F("Writer Designation Code", 105, 2, "L", "C", codes="writer_designation"),
    ]
    if rt == "SWR":  # DMP's SWR has no Tax ID (see module docstring)
        return _impl(head + _writer_tail(107))
    return _impl(head + [F("Tax ID #", 107, 9, "A", "O")] + _writer_tail(116))


PWR_30 = _impl(
    prefix("PWR")
    + [
        F("Publisher Sequence #", 20, 2, "N", "M"),
        F("Publisher IP #", 22, 9, "A", "C"),
        F("Writer IP #", 31, 9, "A", "C"),
        F("Submitter Agreement Number", 40, 14, "A", "O"),
        F("Publisher PR Society", 54, 4, "L", "O", kind="society"),
        F("Society-Assigned Agreement Number", 58, 14, "A", "O"),
        F("Agreement Type", 72, 2, "L", "O", codes="agreement_type"),
    ]
)
OWK = _impl(
    prefix("OWK")
    + [
        F("Title", 20, 60, "A", "M"),
        F("ISWC", 80, 11, "A", "O", kind="iswc"),
        F("Submitter Work #", 91, 14, "A", "O"),
        F("Source", 105, 50, "A", "O"),
        F("Reserved", 155, 8, "A", "O"),
        F("Writer 1 Last Name", 163, 45, "A", "O"),
        F("Writer 1 First Name", 208, 30, "A", "O"),
        F("Writer 1 IPI Name #", 238, 11, "L", "O", kind="ipi_name"),
        F("Writer 1 IPI Base Number", 249, 13, "L", "O", kind="ipi_base"),
        F("Writer 2 Last Name", 262, 45, "A", "O"),
        F("Writer 2 First Name", 307, 30, "A", "O"),
        F("Writer 2 IPI Name #", 337, 11, "L", "O", kind="ipi_name"),
        F("Writer 2 IPI Base Number", 348, 13, "L", "O", kind="ipi_base"),
    ]
)
PER_30 = _impl(
    prefix("PER")
    + [
        F("Performing Artist Last Name", 20, 45, "A", "M"),
        F("Performing Artist First Name", 65, 30, "A", "O"),
        F("Performing Artist IPI Name #", 95, 11, "L", "O", kind="ipi_name"),
        F("Performing Artist ISNI", 106, 16, "A", "O"),
        F("Reserved", 122, 5, "A", "O"),
    ]
)
REC_30 = _impl(
    prefix("REC")
    + [
        F("First Release Date", 20, 8, "D", "O"),
        F("First Release Duration", 28, 6, "T", "O"),
        F("ISRC", 34, 12, "L", "O"),
        F("Recording Title", 46, 60, "A", "O"),
        F("Version Title", 106, 60, "A", "O"),
        F("Display Artist", 166, 60, "A", "O"),
        F("Display Artist IPI Name #", 226, 11, "L", "O", kind="ipi_name"),
        F("Display Artist ISNI", 237, 16, "A", "O"),
        F("Record Label", 253, 60, "A", "O"),
        F("ISRC Validity", 313, 20, "L", "C", codes="validity"),
        F("Submitter Recording Identifier", 333, 14, "A", "O"),
    ]
)
ORN_30 = _impl(
    prefix("ORN")
    + [
        F("Intended Purpose", 20, 3, "L", "M", codes="intended_purpose"),
        F("CD Identifier", 23, 15, "A", "C"),
        F("Cut Number", 38, 4, "N", "O"),
        F("Library", 42, 60, "A", "C"),
        F("Production Title", 102, 60, "A", "C"),
        F("Reserved", 162, 60, "A", "O"),
        F("BLTVR", 222, 1, "A", "O"),
        F("Production #", 223, 12, "A", "O"),
        F("Episode Title", 235, 60, "A", "O"),
        F("Episode #", 295, 20, "A", "O"),
        F("Year of Production", 315, 4, "N", "O"),
        F("AVI Society Code", 319, 4, "A", "O"),
        F("Audio-Visual Number", 323, 15, "A", "O"),
        F("V-ISAN", 338, 26, "A", "O"),
        F("EIDR", 364, 21, "A", "O"),
        F("Reserved", 385, 40, "A", "O"),
    ]
)
XRF_30 = _impl(
    prefix("XRF")
    + [
        F("Organisation Code", 20, 4, "L", "M", kind="organisation"),
        F("Identifier", 24, 14, "A", "M"),
        F("Identifier Type", 38, 1, "L", "M", codes="identifier_type"),
        F("Validity", 39, 1, "L", "M", codes="validity"),
    ]
)
ISR = _impl(
    prefix("ISR")
    + [
        F("Work Title", 20, 60, "A", "M"),
        F("Language Code", 80, 2, "L", "O", codes="language"),
        F("Submitter Work #", 82, 14, "A", "O"),  # DMP leaves it blank in its ISR files
        F("ISWC", 96, 11, "A", "O", kind="iswc"),
        F("Indicator", 107, 1, "L", "O", codes="validity"),
    ]
)
WRI = _impl(
    prefix("WRI")
    + [
        F("Interested Party #", 20, 9, "A", "C"),
        F("Writer IPI Name #", 29, 11, "L", "O", kind="ipi_name"),
        F("Writer Last Name", 40, 45, "A", "M"),
        F("Writer First Name", 85, 30, "A", "O"),
        F("Writer Designation Code", 115, 2, "L", "O", codes="writer_designation"),
    ]
)
MAN = _impl(
    prefix("MAN")
    + [
        F("Interested Party #", 20, 9, "A", "M"),
        F("PR Manuscript Share", 29, 5, "N", "O", kind="share"),
        F("MR Manuscript Share", 34, 5, "N", "O", kind="share"),
        F("SR Manuscript Share", 39, 5, "N", "O", kind="share"),
    ]
)


def _tables_30() -> dict[str, list[Field]]:
    kept = (
        "NPN",
        "NWN",
        "ALT",
        "NAT",
        "NOW",
        "NPR",
        "INS",
        "IND",
        "ARI",
        "AGR",
        "TER",
        "IPA",
        "ACK",
        "MSG",
        "TRL",
        "NET",
        "NCT",
        "NVT",
        "ISW",
        "EXC",
    )
    tables = {rt: v2.TABLES_22[rt] for rt in kept}
    tables |= {
        "HDR": HDR_30,
        "GRH": GRH_30,
        "GRT": GRT_30,
        "WRK": WRK,
        "PWR": PWR_30,
        "OWK": OWK,
        "PER": PER_30,
        "REC": REC_30,
        "ORN": ORN_30,
        "XRF": XRF_30,
        "ISR": ISR,
        "WRI": WRI,
    }
    for rt in ("SPU", "OPU"):
        tables[rt] = publisher_30(rt)
    for rt in ("SPT", "OPT", "SWT", "OWT"):
        tables[rt] = territory_30(rt)
    for rt in ("SWR", "OWR"):
        tables[rt] = writer_30(rt)
    return tables


TABLES_30 = _tables_30()
TABLES_31 = TABLES_30 | {"MAN": MAN}
