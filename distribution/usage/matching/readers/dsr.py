"""DDEX DSR flat files (DSRF, e.g. BasicAudioProfile): the common subset a CMO needs to identify usage.

A file is tab-separated records, one per line, the first cell naming the record type; `|` separates several
values inside a cell (several composers). Records read, with the cells used (positions are in `LAYOUTS`, data,
so they can be corrected against the DSRF record definitions without touching code):

- HEAD  exactly one, first: message version, profile, message id, usage period, sender, recipient.
- SY01..SY05  summary records: SummaryRecordId → CommercialModel, UseType, Territory (ISO country).
- RE01  release of the current block: ReleaseReference → Title (album), DisplayArtistName, Label.
- AS01  sound recording: ResourceReference → ISRC, Title, SubTitle, DisplayArtistName, Duration (ISO 8601).
- AS02  sound recording with its musical work: AS01 cells plus ISWC, ComposerAuthor, ProprietaryWorkId.
- MW01  musical work of the block: ISWC, Title, ComposerAuthor, ProprietaryWorkId; it completes the work data
        of the block's recordings that have none (blocks with one recording, the usual case).
- SU01/SU02  sales/usage (downloads / streams): BlockId, SummaryRecordId, TransactedReleaseReference,
        TransactedResourceReference, NumberOfUsages, NetRevenue. Each SU record is one usage line for its
        resource; an SU without a resource reference is one usage line per recording of its block.
- FOOT  exactly one, last. A file with only HEAD, summaries and FOOT means "no usage".
Other record types (RE02, RU01, SU03, SU05, SR01…) are skipped. Records of a block are contiguous and come
before its usage records, so the reader keeps one block in memory and streams.

Usage lines come out as rows of the tabular form under `COLUMNS`, numbered 1, 2, … in file order, and go
through the same checks as CSV rows (`rows.parse_row`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wipoconnect.core.errors import DomainError

LAYOUTS: dict[str, tuple[str, ...]] = {
    "HEAD": (
        "RecordType",
        "MessageVersion",
        "Profile",
        "ProfileVersion",
        "MessageId",
        "MessageCreatedDateTime",
        "FileNumber",
        "NumberOfFiles",
        "UsageStartDate",
        "UsageEndDate",
        "SenderPartyId",
        "SenderName",
        "ServiceDescription",
        "RecipientPartyId",
        "RecipientName",
    ),
    "SY": (
        "RecordType",
        "SummaryRecordId",
        "DistributionChannel",
        "DistributionChannelDPID",
        "CommercialModel",
        "UseType",
        "Territory",
        "ServiceDescription",
        "Usages",
        "Users",
        "Currency",
        "NetRevenue",
    ),
    "RE01": (
        "RecordType",
        "BlockId",
        "ReleaseReference",
        "DspReleaseId",
        "ProprietaryReleaseId",
        "CatalogNumber",
        "ICPN",
        "DisplayArtistName",
        "DisplayArtistPartyId",
        "Title",
        "SubTitle",
        "ReleaseType",
        "Label",
    ),
    "AS01": (
        "RecordType",
        "BlockId",
        "ResourceReference",
        "DspResourceId",
        "ISRC",
        "Title",
        "SubTitle",
        "DisplayArtistName",
        "DisplayArtistPartyId",
        "Duration",
        "ResourceType",
    ),
    "AS02": (
        "RecordType",
        "BlockId",
        "ResourceReference",
        "DspResourceId",
        "ISRC",
        "Title",
        "SubTitle",
        "DisplayArtistName",
        "DisplayArtistPartyId",
        "Duration",
        "ResourceType",
        "ISWC",
        "ComposerAuthor",
        "ComposerAuthorPartyId",
        "Arranger",
        "ArrangerPartyId",
        "MusicPublisher",
        "MusicPublisherPartyId",
        "WorkContributor",
        "WorkContributorPartyId",
        "ProprietaryWorkId",
    ),
    "MW01": (
        "RecordType",
        "BlockId",
        "DspWorkId",
        "ISWC",
        "ProprietaryWorkId",
        "Title",
        "SubTitle",
        "ComposerAuthor",
        "ComposerAuthorPartyId",
        "Arranger",
        "ArrangerPartyId",
        "MusicPublisher",
        "MusicPublisherPartyId",
    ),
    "SU": (
        "RecordType",
        "BlockId",
        "SummaryRecordId",
        "SalesTransactionId",
        "TransactedReleaseReference",
        "TransactedResourceReference",
        "IsRoyaltyBearing",
        "NumberOfUsages",
        "NetRevenue",
    ),
    "FOOT": (
        "RecordType",
        "NumberOfLinesInFile",
        "NumberOfLinesInReport",
        "NumberOfSummaryRecords",
        "NumberOfBlocksInFile",
        "NumberOfBlocksInReport",
    ),
}
COLUMNS = [
    "block",
    "summary",
    "transaction",
    "release_ref",
    "resource_ref",
    "isrc",
    "iswc",
    "title",
    "artist",
    "writers",
    "duration",
    "plays",
    "revenue",
    "territory",
    "commercial_model",
    "use_type",
    "album",
    "label",
    "work_ref",
]


class DsrError(DomainError):
    """The file is not a DSR flat file this reader can use; the message says where and why."""


def _cells(record_type: str, values: list[str]) -> dict[str, str]:
    layout = LAYOUTS.get(record_type) or LAYOUTS[record_type[:2]]
    return dict(zip(layout, values + [""] * (len(layout) - len(values)), strict=False))


@dataclass
class _Block:
    id: str = ""
    release: dict[str, str] = field(default_factory=dict)
    resources: dict[str, dict[str, str]] = field(default_factory=dict)
    work: dict[str, str] = field(default_factory=dict)


def _usage_row(usage: dict[str, str], block: _Block, resource: dict[str, str], summary: dict[str, str]) -> list[str]:
    work = block.work if not (resource.get("ISWC") or resource.get("ComposerAuthor")) else resource
    title = " ".join(p for p in (resource.get("Title", ""), resource.get("SubTitle", "")) if p)
    values = {
        "block": block.id,
        "summary": usage["SummaryRecordId"],
        "transaction": usage["SalesTransactionId"],
        "release_ref": usage["TransactedReleaseReference"],
        "resource_ref": resource.get("ResourceReference", ""),
        "isrc": resource.get("ISRC", ""),
        "iswc": work.get("ISWC", ""),
        "title": title or work.get("Title", ""),
        "artist": resource.get("DisplayArtistName", "") or block.release.get("DisplayArtistName", ""),
        "writers": work.get("ComposerAuthor", "").replace("|", ";"),
        "duration": resource.get("Duration", ""),
        "plays": usage["NumberOfUsages"],
        "revenue": usage["NetRevenue"],
        "territory": summary.get("Territory", ""),
        "commercial_model": summary.get("CommercialModel", ""),
        "use_type": summary.get("UseType", ""),
        "album": block.release.get("Title", ""),
        "label": block.release.get("Label", ""),
        "work_ref": work.get("ProprietaryWorkId", ""),
    }
    return [values[c] for c in COLUMNS]


def _records(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, text in enumerate(handle, start=1):
            text = text.rstrip("\r\n")
            if text.strip() and not text.startswith("#"):
                values = text.split("\t")
                yield number, values[0].strip().upper(), [v.strip() for v in values]


def dsr_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    return list(COLUMNS), _usage_rows(path)


def _usage_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    summaries: dict[str, dict[str, str]] = {}
    block, line, seen_head, seen_foot = _Block(), 0, False, False
    for number, kind, values in _records(path):
        where = f"{path.name}:{number} {kind}"
        if not seen_head and kind != "HEAD":
            raise DsrError(f"{where}: the file must start with a HEAD record")
        if seen_foot:
            raise DsrError(f"{where}: records after FOOT")
        if kind == "HEAD":
            if seen_head:
                raise DsrError(f"{where}: a second HEAD record")
            seen_head = True
        elif kind == "FOOT":
            seen_foot = True
        elif kind.startswith("SY"):
            cells = _cells("SY", values)
            summaries[cells["SummaryRecordId"]] = cells
        elif kind in ("RE01", "AS01", "AS02", "MW01", "SU01", "SU02"):
            cells = _cells(kind if kind[:2] != "SU" else "SU", values)
            if cells["BlockId"] != block.id:
                block = _Block(cells["BlockId"])
            if kind == "RE01":
                block.release = cells
            elif kind in ("AS01", "AS02"):
                block.resources[cells["ResourceReference"]] = cells
            elif kind == "MW01":
                block.work = cells
            else:
                summary = summaries.get(cells["SummaryRecordId"], {})
                ref = cells["TransactedResourceReference"]
                targets = [block.resources.get(ref, {"ResourceReference": ref})] if ref else block.resources.values()
                for resource in list(targets) or [{}]:
                    line += 1
                    yield line, _usage_row(cells, block, resource, summary)
    if not seen_head:
        raise DsrError(f"{path.name}: empty file, no HEAD record")
    if not seen_foot:
        raise DsrError(f"{path.name}: no FOOT record (the file is truncated)")
