"""WorkData -> the records of one work transaction (NWR/REV in 2.x, WRK in 3.x), ready for CwrWriter.

Record order follows CWR 2.2 (edit 43): header, controlled publishers with their name in original script (NPN) and
territories, other publishers, controlled writers (NWN, territories, PWR), other writers, ALT, NAT, PER, REC.
A share without territory records collects its ownership everywhere, so it is written with one World (2136)
inclusion carrying its ownership shares.
"""

from __future__ import annotations

from exchange.cwr.works import PartyData, RecordingData, ShareData, TerritoryData, WorkData
from wipoconnect.core.codes import RIGHT_PREFIXES

Records = list[tuple[str, dict[str, object]]]
ORIGINAL_PUBLISHER_ROLES = ("E", "PA", "AQ")


def effective_territories(share: ShareData) -> tuple[TerritoryData, ...]:
    if share.territories or not (share.pr or share.mr or share.sr):
        return share.territories
    return (TerritoryData(True, "2136", share.pr, share.mr, share.sr),)


def work_records(work: WorkData, version: str, header_type: str = "NWR") -> Records:
    three = version.startswith("3")
    records: Records = [("WRK" if three else header_type, _header(work))]
    # Controlled publishers chain by chain, other publishers, controlled writers, other writers (stable within).
    ordered = sorted(
        work.shares, key=lambda s: (not s.is_publisher, not s.controlled, s.chain or 0 if s.is_publisher else 0)
    )
    for share in ordered:
        records += _party_records(share, work.shares, three)
    records += [
        ("ALT", {"alternate_title": t, "title_type": kind, "language_code": lang})
        for t, kind, lang in work.alternate_titles
    ]
    records += [
        ("NAT", {"title": t, "title_type": kind, "language_code": lang}) for t, kind, lang in work.non_roman_titles
    ]
    records += [("PER", _performer(p)) for p in work.performers]
    records += [("REC", _recording(r, version)) for r in work.recordings]
    return records


def _header(work: WorkData) -> dict[str, object]:
    modified = work.version_type == "MOD"
    return {
        "work_title": work.title,
        "language_code": work.language,
        "submitter_work_number": work.submitter_work_number,
        "iswc": work.iswc,
        "musical_work_distribution_category": "UNC",
        "duration": work.duration or 0,
        "recorded_indicator": "Y" if work.recordings else "U",
        "version_type": work.version_type,
        "music_arrangement": "UNS" if modified else None,
        "lyric_adaptation": "UNS" if modified else None,
    }


def _party_records(share: ShareData, shares: tuple[ShareData, ...], three: bool) -> Records:
    if share.is_publisher:
        head = ("SPU" if share.controlled else "OPU", _publisher(share, three))
        territory_type = "SPT" if share.controlled else "OPT"
    else:
        head = ("SWR" if share.controlled else "OWR", _writer(share, three))
        territory_type = "SWT" if share.controlled else "OWT"
    records: Records = [head]
    if share.party.native_last_name:
        records.append(_native_name(share))
    for sequence, territory in enumerate(effective_territories(share), 1):
        records.append((territory_type, _territory(share, territory, sequence, three)))
    if not share.is_publisher and share.chain is not None:
        publisher = _original_publisher(shares, share.chain)
        if publisher is not None:
            records.append(("PWR", _pwr(share, publisher, three)))
    return records


def _publisher(share: ShareData, three: bool) -> dict[str, object]:
    p = share.party
    values: dict[str, object] = {
        "publisher_sequence_number": share.chain or 1,
        "interested_party_number": p.ip_number,
        "publisher_name": p.last_name,
        "publisher_unknown_indicator": "Y" if not p.last_name and not share.controlled else None,
        "publisher_type": share.role,
        "publisher_ipi_name_number": p.ipi_name,
        "publisher_ipi_base_number": p.ipi_base,
    }
    if not three:
        values |= _ownership(share, ("pr_affiliation_society_number", "mr_society", "sr_society"))
    return values


def _writer(share: ShareData, three: bool) -> dict[str, object]:
    p = share.party
    values: dict[str, object] = {
        "interested_party_number": p.ip_number,
        "writer_last_name": p.last_name,
        "writer_first_name": p.first_name,
        "writer_unknown_indicator": "Y" if not p.last_name and not share.controlled else None,
        "writer_designation_code": share.role,
        "writer_ipi_name_number": p.ipi_name,
        "writer_ipi_base_number": p.ipi_base,
    }
    if not three:
        values |= _ownership(share, ("pr_affiliation_society_number", "mr_society", "sr_society"))
    return values


def _native_name(share: ShareData) -> tuple[str, dict[str, object]]:
    p = share.party
    if share.is_publisher:
        values = {"publisher_sequence_number": share.chain or 1, "publisher_name": p.native_last_name}
        return "NPN", values | {"interested_party_number": p.ip_number, "language_code": p.native_language}
    values = {"writer_last_name": p.native_last_name, "writer_first_name": p.native_first_name}
    return "NWN", values | {"interested_party_number": p.ip_number, "language_code": p.native_language}


def _ownership(share: ShareData, society_fields: tuple[str, str, str]) -> dict[str, object]:
    values: dict[str, object] = dict(zip(society_fields, share.societies, strict=True))
    for right, amount in zip(RIGHT_PREFIXES, (share.pr, share.mr, share.sr), strict=True):
        values[f"{right}_ownership_share"] = amount
    return values


def _territory(share: ShareData, t: TerritoryData, sequence: int, three: bool) -> dict[str, object]:
    values: dict[str, object] = {
        "interested_party_number": share.party.ip_number,
        "pr_collection_share": t.pr,
        "mr_collection_share": t.mr,
        "sr_collection_share": t.sr,
        "inclusion_exclusion_indicator": "I" if t.included else "E",
        "tis_numeric_code": t.tis,
        "sequence_number": sequence,
    }
    if three:
        for right, society in zip(RIGHT_PREFIXES, share.societies, strict=True):
            values[f"{right}_affiliation_society"] = society if t.included else None
    return values


def _original_publisher(shares: tuple[ShareData, ...], chain: int) -> ShareData | None:
    in_chain = [s for s in shares if s.is_publisher and s.chain == chain]
    return next((s for s in in_chain if s.role in ORIGINAL_PUBLISHER_ROLES), in_chain[0] if in_chain else None)


def _pwr(writer: ShareData, publisher: ShareData, three: bool) -> dict[str, object]:
    return {
        "publisher_ip_number": publisher.party.ip_number,
        "publisher_name": None if three else publisher.party.last_name,
        "writer_ip_number": writer.party.ip_number,
        "publisher_sequence_number": publisher.chain,
    }


def _performer(p: PartyData) -> dict[str, object]:
    return {
        "performing_artist_last_name": p.last_name,
        "performing_artist_first_name": p.first_name,
        "performing_artist_ipi_name_number": p.ipi_name,
        "performing_artist_ipi_base_number": p.ipi_base,
    }


def _recording(r: RecordingData, version: str) -> dict[str, object]:
    values: dict[str, object] = {
        "first_release_date": r.release_date,
        "first_release_duration": r.duration or 0,
        "isrc": r.isrc,
    }
    if version != "2.1":
        values |= {
            "recording_title": r.title,
            "display_artist": r.artist,
            "record_label": r.label,
            "isrc_validity": "Y" if r.isrc else None,
        }
    return values
