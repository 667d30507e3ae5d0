"""CWR 2.1 and 2.2 record layouts, one table per record type (positions 1-based, as in the specification).

Source: CISAC CWR 2.2 Functional Specifications Rev 2 (CWR19-1070R1) and domain.md §1, cross-checked against
django-music-publisher's generators and its sample files. Rows marked source="memory" are not verified against a
specification text (NET/NCT/NVT/NOW); correct them here, nothing else needs to change.
"""

from exchange.cwr.fields import Field

F = Field


def prefix(record_type: str) -> list[Field]:
    """Record prefix of every transaction header and detail record (domain.md §1.3)."""
    return [
        F("Record Type", 1, 3, "A", "M", literal=record_type),
        F("Transaction Sequence #", 4, 8, "N", "M"),
        F("Record Sequence #", 12, 8, "N", "M"),
    ]


HDR_21 = [
    F("Record Type", 1, 3, "A", "M", literal="HDR"),
    # Rev 8 workaround: the 2 leading digits of an 11-digit IPI go here, so digits are accepted too.
    F("Sender Type", 4, 2, "L", "M", kind="sender_type"),
    # The spec says N; publishers put their code here in practice (and 3.x made it alphanumeric).
    F("Sender ID", 6, 9, "A", "M"),
    F("Sender Name", 15, 45, "A", "M"),
    F("EDI Standard Version Number", 60, 5, "A", "M"),
    F("Creation Date", 65, 8, "D", "M"),
    F("Creation Time", 73, 6, "T", "M"),
    F("Transmission Date", 79, 8, "D", "M"),
    F("Character Set", 87, 15, "L", "O"),
]
HDR_22 = HDR_21 + [
    F("Version", 102, 3, "A", "O"),
    F("Revision", 105, 3, "N", "O"),
    F("Software Package", 108, 30, "A", "O"),
    F("Software Package Version", 138, 30, "A", "O"),
]
GRH = [
    F("Record Type", 1, 3, "A", "M", literal="GRH"),
    F("Transaction Type", 4, 3, "L", "M", codes="transaction_type"),
    F("Group ID", 7, 5, "N", "M"),
    F("Version Number for this transaction type", 12, 5, "A", "M"),
    F("Batch Request", 17, 10, "N", "O"),
    F("Submission/Distribution Type", 27, 2, "L", "C"),
]
GRT = [
    F("Record Type", 1, 3, "A", "M", literal="GRT"),
    F("Group ID", 4, 5, "N", "M"),
    F("Transaction Count", 9, 8, "N", "M"),
    F("Record Count", 17, 8, "N", "M"),
    F("Currency Indicator", 25, 3, "L", "C"),
    F("Total Monetary Value", 28, 10, "N", "O"),
]
TRL = [
    F("Record Type", 1, 3, "A", "M", literal="TRL"),
    F("Group Count", 4, 5, "N", "M"),
    F("Transaction Count", 9, 8, "N", "M"),
    F("Record Count", 17, 8, "N", "M"),
]


def work_header(rt: str) -> list[Field]:
    """NWR / REV / ISW / EXC (domain.md §1.5)."""
    return prefix(rt) + [
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
        F("Contact Name", 155, 30, "A", "O"),
        F("Contact ID", 185, 10, "A", "O"),
        F("CWR Work Type", 195, 2, "L", "O"),
        F("Grand Rights Ind", 197, 1, "B", "C"),
        F("Composite Component Count", 198, 3, "N", "C"),
        F("Date of publication of printed edition", 201, 8, "D", "O"),
        F("Exceptional Clause", 209, 1, "F", "O"),
        F("Opus Number", 210, 25, "A", "O"),
        F("Catalogue Number", 235, 25, "A", "O"),
        F("Priority Flag", 260, 1, "F", "O"),
    ]


def publisher(rt: str) -> list[Field]:
    """SPU / OPU (domain.md §1.6). Conditional fields are enforced per record type in validation."""
    return prefix(rt) + [
        F("Publisher Sequence #", 20, 2, "N", "M"),
        F("Interested Party #", 22, 9, "A", "C"),
        F("Publisher Name", 31, 45, "A", "C"),
        F("Publisher Unknown Indicator", 76, 1, "F", "C"),
        F("Publisher Type", 77, 2, "L", "C", codes="publisher_type"),
        F("Tax ID #", 79, 9, "A", "O"),
        F("Publisher IPI Name #", 88, 11, "L", "C", kind="ipi_name"),
        F("Submitter Agreement Number", 99, 14, "A", "O"),
        F("PR Affiliation Society #", 113, 3, "L", "C", kind="society"),
        F("PR Ownership Share", 116, 5, "N", "C", kind="share"),
        F("MR Society", 121, 3, "L", "C", kind="society"),
        F("MR Ownership Share", 124, 5, "N", "C", kind="share"),
        F("SR Society", 129, 3, "L", "C", kind="society"),
        F("SR Ownership Share", 132, 5, "N", "C", kind="share"),
        F("Special Agreements Indicator", 137, 1, "L", "O", codes="special_agreements"),
        F("First Recording Refusal Ind", 138, 1, "F", "O"),
        F("Filler", 139, 1, "A", "O"),
        F("Publisher IPI Base Number", 140, 13, "L", "O", kind="ipi_base"),
        F("International Standard Agreement Code", 153, 14, "A", "O"),
        F("Society-assigned Agreement Number", 167, 14, "A", "O"),
        F("Agreement Type", 181, 2, "L", "O", codes="agreement_type"),
        F("USA License Ind", 183, 1, "L", "O", codes="usa_license"),
    ]


def publisher_territory(rt: str) -> list[Field]:
    """SPT / OPT (length 58)."""
    return prefix(rt) + [
        F("Interested Party #", 20, 9, "A", "M" if rt == "SPT" else "C"),
        F("Constant", 29, 6, "A", "O"),
        F("PR Collection Share", 35, 5, "N", "C", kind="share"),
        F("MR Collection Share", 40, 5, "N", "C", kind="share"),
        F("SR Collection Share", 45, 5, "N", "C", kind="share"),
        F("Inclusion/Exclusion Indicator", 50, 1, "L", "M", codes="inclusion_exclusion"),
        F("TIS Numeric Code", 51, 4, "L", "M", kind="tis"),
        F("Shares Change", 55, 1, "B", "O"),
        F("Sequence #", 56, 3, "N", "M"),
    ]


def writer(rt: str) -> list[Field]:
    """SWR / OWR (length 180)."""
    return prefix(rt) + [
        F("Interested Party #", 20, 9, "A", "C"),
        F("Writer Last Name", 29, 45, "A", "C"),
        F("Writer First Name", 74, 30, "A", "O"),
        F("Writer Unknown Indicator", 104, 1, "F", "C"),
        F("Writer Designation Code", 105, 2, "L", "C", codes="writer_designation"),
        F("Tax ID #", 107, 9, "A", "O"),
        F("Writer IPI Name #", 116, 11, "L", "O", kind="ipi_name"),
        F("PR Affiliation Society #", 127, 3, "L", "O", kind="society"),
        F("PR Ownership Share", 130, 5, "N", "O", kind="share"),
        F("MR Society", 135, 3, "L", "O", kind="society"),
        F("MR Ownership Share", 138, 5, "N", "O", kind="share"),
        F("SR Society", 143, 3, "L", "O", kind="society"),
        F("SR Ownership Share", 146, 5, "N", "O", kind="share"),
        F("Reversionary Indicator", 151, 1, "F", "O"),
        F("First Recording Refusal Ind", 152, 1, "B", "O"),
        F("Work For Hire Indicator", 153, 1, "B", "O"),
        F("Filler", 154, 1, "A", "O"),
        F("Writer IPI Base Number", 155, 13, "L", "O", kind="ipi_base"),
        F("Personal Number", 168, 12, "N", "O"),
        F("USA License Ind", 180, 1, "L", "O", codes="usa_license"),
    ]


def writer_territory(rt: str) -> list[Field]:
    """SWT / OWT (length 52)."""
    return prefix(rt) + [
        F("Interested Party #", 20, 9, "A", "C"),
        F("PR Collection Share", 29, 5, "N", "O", kind="share"),
        F("MR Collection Share", 34, 5, "N", "O", kind="share"),
        F("SR Collection Share", 39, 5, "N", "O", kind="share"),
        F("Inclusion/Exclusion Indicator", 44, 1, "L", "M", codes="inclusion_exclusion"),
        F("TIS Numeric Code", 45, 4, "L", "M", kind="tis"),
        F("Shares Change", 49, 1, "B", "O"),
        F("Sequence #", 50, 3, "N", "M"),
    ]


PWR_21 = prefix("PWR") + [
    F("Publisher IP #", 20, 9, "A", "C"),
    F("Publisher Name", 29, 45, "A", "C"),
    F("Submitter Agreement Number", 74, 14, "A", "O"),
    F("Society-Assigned Agreement Number", 88, 14, "A", "O"),
    F("Writer IP #", 102, 9, "A", "C"),
]
PWR_22 = PWR_21 + [F("Publisher Sequence #", 111, 2, "N", "M")]

NPN = prefix("NPN") + [
    F("Publisher Sequence #", 20, 2, "N", "M"),
    F("Interested Party #", 22, 9, "A", "M"),
    F("Publisher Name", 31, 480, "A", "M"),
    F("Language Code", 511, 2, "L", "O", codes="language"),
]
NWN = prefix("NWN") + [
    F("Interested Party #", 20, 9, "A", "C"),
    F("Writer Last Name", 29, 160, "A", "M"),
    F("Writer First Name", 189, 160, "A", "O"),
    F("Language Code", 349, 2, "L", "O", codes="language"),
]
ALT = prefix("ALT") + [
    F("Alternate Title", 20, 60, "A", "M"),
    F("Title Type", 80, 2, "L", "M", codes="title_type"),
    F("Language Code", 82, 2, "L", "C", codes="language"),
]
NAT = prefix("NAT") + [
    F("Title", 20, 640, "A", "M"),
    F("Title Type", 660, 2, "L", "M", codes="title_type"),
    F("Language Code", 662, 2, "L", "O", codes="language"),
]


def non_roman_title(rt: str) -> list[Field]:
    """NET / NCT / NVT [memory]."""
    return prefix(rt) + [
        F("Title", 20, 640, "A", "M", source="memory"),
        F("Language Code", 660, 2, "L", "O", codes="language", source="memory"),
    ]


NOW = prefix("NOW") + [
    F("Writer Name", 20, 160, "A", "M", source="memory"),
    F("Writer First Name", 180, 160, "A", "O", source="memory"),
    F("Language Code", 340, 2, "L", "O", codes="language", source="memory"),
    F("Writer Position", 342, 1, "L", "O", source="memory"),
]


def other_work(rt: str) -> list[Field]:
    """EWT / VER (length 364)."""
    return prefix(rt) + [
        F("Title", 20, 60, "A", "M"),
        F("ISWC", 80, 11, "A", "O", kind="iswc"),
        F("Language Code", 91, 2, "L", "O", codes="language"),
        F("Writer 1 Last Name", 93, 45, "A", "O"),
        F("Writer 1 First Name", 138, 30, "A", "O"),
        F("Source", 168, 60, "A", "O"),
        F("Writer 1 IPI Name #", 228, 11, "L", "O", kind="ipi_name"),
        F("Writer 1 IPI Base Number", 239, 13, "L", "O", kind="ipi_base"),
        F("Writer 2 Last Name", 252, 45, "A", "O"),
        F("Writer 2 First Name", 297, 30, "A", "O"),
        F("Writer 2 IPI Name #", 327, 11, "L", "O", kind="ipi_name"),
        F("Writer 2 IPI Base Number", 338, 13, "L", "O", kind="ipi_base"),
        F("Submitter Work #", 351, 14, "A", "O"),
    ]


PER = prefix("PER") + [
    F("Performing Artist Last Name", 20, 45, "A", "M"),
    F("Performing Artist First Name", 65, 30, "A", "O"),
    F("Performing Artist IPI Name #", 95, 11, "L", "O", kind="ipi_name"),
    F("Performing Artist IPI Base Number", 106, 13, "L", "O", kind="ipi_base"),
]
NPR = prefix("NPR") + [
    F("Performing Artist Name", 20, 160, "A", "C"),
    F("Performing Artist First Name", 180, 160, "A", "O"),
    F("Performing Artist IPI Name #", 340, 11, "L", "O", kind="ipi_name"),
    F("Performing Artist IPI Base Number", 351, 13, "L", "O", kind="ipi_base"),
    F("Language Code", 364, 2, "L", "O", codes="language"),
    F("Performance Language", 366, 2, "L", "C", codes="language"),
    F("Performance Dialect", 368, 3, "L", "C"),
]
REC_21 = prefix("REC") + [
    F("First Release Date", 20, 8, "D", "O"),
    F("Constant", 28, 60, "A", "O"),
    F("First Release Duration", 88, 6, "T", "O"),
    F("Constant", 94, 5, "A", "O"),
    F("First Album Title", 99, 60, "A", "O"),
    F("First Album Label", 159, 60, "A", "O"),
    F("First Release Catalog #", 219, 18, "A", "O"),
    F("EAN", 237, 13, "L", "O"),
    F("ISRC", 250, 12, "L", "O"),
    F("Recording Format", 262, 1, "L", "O", codes="recording_format"),
    F("Recording Technique", 263, 1, "L", "O", codes="recording_technique"),
    F("Media Type", 264, 3, "L", "O"),
]
REC_22 = REC_21 + [
    F("Recording Title", 267, 60, "A", "O"),
    F("Version Title", 327, 60, "A", "O"),
    F("Display Artist", 387, 60, "A", "O"),
    F("Record Label", 447, 60, "A", "O"),
    F("ISRC Validity", 507, 20, "L", "C", codes="validity"),
    F("Submitter Recording Identifier", 527, 14, "A", "O"),
]
ORN_21 = prefix("ORN") + [
    F("Intended Purpose", 20, 3, "L", "M", codes="intended_purpose"),
    F("Production Title", 23, 60, "A", "C"),
    F("CD Identifier", 83, 15, "A", "C"),
    F("Cut Number", 98, 4, "N", "O"),
    F("Library", 102, 60, "A", "C"),
    F("BLTVR", 162, 1, "A", "O"),
    F("Filler", 163, 25, "A", "O"),  # the spec says N; generators (DMP) write blanks
    F("Production #", 188, 12, "A", "O"),
    F("Episode Title", 200, 60, "A", "O"),
    F("Episode #", 260, 20, "A", "O"),
    F("Year of Production", 280, 4, "N", "O"),
    F("AVI Society Code", 284, 3, "L", "O", kind="society"),
    F("Audio-Visual Number", 287, 15, "A", "O"),
]
ORN_22 = ORN_21 + [
    F("V-ISAN ISAN", 302, 12, "A", "O"),
    F("V-ISAN Episode", 314, 4, "A", "O"),
    F("V-ISAN Check Digit 1", 318, 1, "A", "O"),
    F("V-ISAN Version", 319, 8, "A", "O"),
    F("V-ISAN Check Digit 2", 327, 1, "A", "O"),
    F("EIDR", 328, 20, "A", "O"),
    F("EIDR Check Digit", 348, 1, "A", "O"),
]
INS = prefix("INS") + [
    F("Number of Voices", 20, 3, "N", "O"),
    F("Standard Instrumentation Type", 23, 3, "L", "C"),
    F("Instrumentation Description", 26, 50, "A", "C"),
]
IND = prefix("IND") + [
    F("Instrument Code", 20, 3, "L", "M"),
    F("Number of Players", 23, 3, "N", "O"),
]
COM = prefix("COM") + [
    F("Title", 20, 60, "A", "M"),
    F("ISWC of Component", 80, 11, "A", "O", kind="iswc"),
    F("Submitter Work #", 91, 14, "A", "O"),
    F("Duration", 105, 6, "T", "O"),
    F("Writer 1 Last Name", 111, 45, "A", "M"),
    F("Writer 1 First Name", 156, 30, "A", "O"),
    F("Writer 1 IPI Name #", 186, 11, "L", "O", kind="ipi_name"),
    F("Writer 2 Last Name", 197, 45, "A", "O"),
    F("Writer 2 First Name", 242, 30, "A", "O"),
    F("Writer 2 IPI Name #", 272, 11, "L", "O", kind="ipi_name"),
    F("Writer 1 IPI Base Number", 283, 13, "L", "O", kind="ipi_base"),
    F("Writer 2 IPI Base Number", 296, 13, "L", "O", kind="ipi_base"),
]
ARI = prefix("ARI") + [
    F("Society #", 20, 3, "L", "M", kind="society"),
    F("Work #", 23, 14, "A", "C"),
    F("Type of Right", 37, 3, "L", "M", codes="type_of_right"),
    F("Subject Code", 40, 2, "L", "C", codes="subject_code"),
    F("Note", 42, 160, "A", "C"),
]
XRF = prefix("XRF") + [
    F("Organisation Code", 20, 3, "L", "M"),
    F("Identifier", 23, 14, "A", "M"),
    F("Identifier Type", 37, 1, "L", "M", codes="identifier_type"),
    F("Validity", 38, 1, "L", "M", codes="validity"),
]
AGR = prefix("AGR") + [
    F("Submitter Agreement Number", 20, 14, "A", "M"),
    F("International Standard Agreement Code", 34, 14, "A", "O"),
    F("Agreement Type", 48, 2, "L", "M", codes="agreement_type"),
    F("Agreement Start Date", 50, 8, "D", "M"),
    F("Agreement End Date", 58, 8, "D", "O"),
    F("Retention End Date", 66, 8, "D", "O"),
    F("Prior Royalty Status", 74, 1, "L", "M", codes="prior_royalty_status"),
    F("Prior Royalty Start Date", 75, 8, "D", "C"),
    F("Post-term Collection Status", 83, 1, "L", "M", codes="post_term_collection_status"),
    F("Post-term Collection End Date", 84, 8, "D", "C"),
    F("Date of Signature of Agreement", 92, 8, "D", "O"),
    F("Number of Works", 100, 5, "N", "M"),
    F("Sales/Manufacture Clause", 105, 1, "L", "C", codes="sales_manufacture_clause"),
    F("Shares Change", 106, 1, "B", "O"),
    F("Advance Given", 107, 1, "B", "O"),
    F("Society-assigned Agreement Number", 108, 14, "A", "O"),
]
TER = prefix("TER") + [
    F("Inclusion/Exclusion Indicator", 20, 1, "L", "M", codes="inclusion_exclusion"),
    F("TIS Numeric Code", 21, 4, "L", "M", kind="tis"),
]
IPA = prefix("IPA") + [
    F("Agreement Role Code", 20, 2, "L", "M", codes="agreement_role"),
    F("Interested Party IPI Name #", 22, 11, "L", "O", kind="ipi_name"),
    F("IPI Base Number", 33, 13, "L", "O", kind="ipi_base"),
    F("Interested Party #", 46, 9, "A", "M"),
    F("Interested Party Last Name", 55, 45, "A", "M"),
    F("Interested Party Writer First Name", 100, 30, "A", "O"),
    F("PR Affiliation Society", 130, 3, "L", "C", kind="society"),
    F("PR Share", 133, 5, "N", "C", kind="share"),
    F("MR Affiliation Society", 138, 3, "L", "C", kind="society"),
    F("MR Share", 141, 5, "N", "C", kind="share"),
    F("SR Affiliation Society", 146, 3, "L", "C", kind="society"),
    F("SR Share", 149, 5, "N", "C", kind="share"),
]
ACK = prefix("ACK") + [
    F("Creation Date", 20, 8, "D", "M"),
    F("Creation Time", 28, 6, "T", "M"),
    F("Original Group ID", 34, 5, "N", "M"),
    F("Original Transaction Sequence #", 39, 8, "N", "M"),
    F("Original Transaction Type", 47, 3, "L", "M"),
    F("Creation Title", 50, 60, "A", "C"),
    F("Submitter Creation #", 110, 20, "A", "C"),
    F("Recipient Creation #", 130, 20, "A", "C"),
    F("Processing Date", 150, 8, "D", "M"),
    F("Transaction Status", 158, 2, "L", "M", codes="transaction_status"),
]
MSG = prefix("MSG") + [
    F("Message Type", 20, 1, "L", "M", codes="message_type"),
    F("Original Record Sequence #", 21, 8, "N", "M"),
    F("Record Type", 29, 3, "A", "M", name="original_record_type"),
    F("Message Level", 32, 1, "L", "M", codes="message_level"),
    F("Validation Number", 33, 3, "A", "M"),
    F("Message Text", 36, 150, "A", "M"),
]


def _common() -> dict[str, list[Field]]:
    tables = {
        "GRH": GRH,
        "GRT": GRT,
        "TRL": TRL,
        "NPN": NPN,
        "NWN": NWN,
        "ALT": ALT,
        "NAT": NAT,
        "NOW": NOW,
        "PER": PER,
        "NPR": NPR,
        "INS": INS,
        "IND": IND,
        "COM": COM,
        "ARI": ARI,
        "AGR": AGR,
        "TER": TER,
        "IPA": IPA,
        "ACK": ACK,
        "MSG": MSG,
    }
    for rt in ("NWR", "REV", "ISW", "EXC"):
        tables[rt] = work_header(rt)
    for rt in ("SPU", "OPU"):
        tables[rt] = publisher(rt)
    for rt in ("SPT", "OPT"):
        tables[rt] = publisher_territory(rt)
    for rt in ("SWR", "OWR"):
        tables[rt] = writer(rt)
    for rt in ("SWT", "OWT"):
        tables[rt] = writer_territory(rt)
    for rt in ("EWT", "VER"):
        tables[rt] = other_work(rt)
    for rt in ("NET", "NCT", "NVT"):
        tables[rt] = non_roman_title(rt)
    return tables


# XRF arrived with 2.2; 2.1 files from newer software carry it too, so 2.1 reads it rather than rejecting.
TABLES_21 = _common() | {"HDR": HDR_21, "PWR": PWR_21, "REC": REC_21, "ORN": ORN_21, "XRF": XRF}
TABLES_22 = _common() | {"HDR": HDR_22, "PWR": PWR_22, "REC": REC_22, "ORN": ORN_22, "XRF": XRF}
