"""Works as a table (CSV or Excel): one row per share, work columns repeated on each row of the work.

Columns: work_code, submitter_id, title, iswc, alternate_titles (separated by `;`), language, duration (seconds),
version_type, role, party_code, ipi_name, last_name, first_name, pr_share, mr_share, sr_share.
Rows of one work are consecutive and share its work_code, else submitter_id, else ISWC, else title.
A party is found by party_code, else IPI name number, else created from its names.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from rightowners.models import InterestedParty
from rightowners.services import save_party
from wipoconnect.core.codes import PUBLISHER_ROLES, RIGHT_PREFIXES
from wipoconnect.core.identifiers import IdentifierError, normalize_ipi_name
from wipoconnect.core.tabular import read_rows, write_rows
from works.models import Work, WorkShare
from works.services import clean_work_fields, save_work, share_data_of
from works.share_rules import ShareData, share_errors

COLUMNS = [
    "work_code",
    "submitter_id",
    "title",
    "iswc",
    "alternate_titles",
    "language",
    "duration",
    "version_type",
    "role",
    "party_code",
    "ipi_name",
    "last_name",
    "first_name",
    "pr_share",
    "mr_share",
    "sr_share",
]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message)

    @property
    def rejected_works(self) -> int:
        return len({row for row, _, _ in self.errors})

    def summary(self) -> str:
        return (
            f"works: {self.rows} rows, {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.errors)} errors"
        )


def import_works(path: Path, *, user=None) -> ImportResult:
    header, rows = read_rows(path)
    missing = {"title", "role"} - set(header)
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    result = ImportResult()
    for _, group in groupby(rows, key=lambda numbered: _work_identity(numbered[1])):
        group = list(group)
        result.rows += len(group)
        try:
            outcome = _import_work(group, user)
        except ValidationError as exc:
            first_row = group[0][0]
            for field_name, messages in exc.message_dict.items():
                row, column = _locate(field_name, group, first_row)
                result.errors.extend((row, column, message) for message in messages)
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def export_works(path: Path, fmt: str | None = None) -> int:
    return write_rows(path, COLUMNS, _export_rows(), fmt=fmt)


def _work_identity(row: dict) -> str:
    for name in ("work_code", "submitter_id", "iswc", "title"):
        if row.get(name):
            return f"{name}:{row[name].upper()}"
    return ""


@transaction.atomic
def _import_work(group: list[tuple[int, dict]], user) -> str:
    first = group[0][1]
    fields = {
        "title": first.get("title", ""),
        "iswc": first.get("iswc", ""),
        "language": first.get("language", "").upper()[:2],
        "duration": _duration(first.get("duration", "")),
        "version_type": first.get("version_type", "").upper() or "ORI",
        "submitter_id": first.get("submitter_id", ""),
    }
    cleaned = clean_work_fields(fields)
    titles = [t.strip() for t in first.get("alternate_titles", "").split(";") if t.strip()]
    shares = [_share(row, index) for index, (_, row) in enumerate(group) if row.get("role")]
    if errors := share_errors(shares):
        raise ValidationError(errors)
    work = _existing_work(first, cleaned)
    if work is None:
        save_work(fields=fields, alternate_titles=titles, shares=shares, user=user)
        return "created"
    if _same(work, cleaned, titles, shares):
        return "unchanged"
    save_work(work=work, fields=fields, alternate_titles=titles, shares=shares, user=user)
    return "updated"


def _existing_work(row: dict, cleaned: dict) -> Work | None:
    if row.get("work_code"):
        return Work.objects.filter(code=row["work_code"].upper()).first()
    if cleaned["iswc"]:
        return Work.objects.filter(iswc=cleaned["iswc"]).first()
    if cleaned.get("submitter_id"):
        return Work.objects.filter(submitter_id=cleaned["submitter_id"]).first()
    return Work.objects.filter(title=cleaned["title"], iswc=None).first()


def _same(work: Work, cleaned: dict, titles: list[str], shares: list[ShareData]) -> bool:
    current = (work.title, work.iswc, work.language, work.duration, work.version_type, work.submitter_id)
    wanted = (
        cleaned["title"],
        cleaned["iswc"],
        cleaned["language"],
        cleaned["duration"],
        cleaned["version_type"],
        cleaned["submitter_id"],
    )
    existing_titles = list(work.alternate_titles.values_list("title", flat=True))
    return current == wanted and existing_titles == titles and _share_keys(share_data_of(work)) == _share_keys(shares)


def _share_keys(shares: list[ShareData]) -> list[tuple]:
    return [(s.party_id, s.role, Decimal(s.pr_share), Decimal(s.mr_share), Decimal(s.sr_share)) for s in shares]


def _share(row: dict, index: int) -> ShareData:
    try:
        party = _party(row)
    except ValidationError as exc:
        raise ValidationError({f"shares[{index}].{k}": v for k, v in exc.message_dict.items()}) from None
    values = {}
    for right in RIGHT_PREFIXES:
        text = row.get(f"{right}_share", "").replace(",", ".").rstrip("%").strip() or "0"
        values[f"{right}_share"] = text
    return ShareData(party_id=party.pk, role=row["role"].upper(), **values)


def _party(row: dict) -> InterestedParty:
    if row.get("party_code"):
        party = InterestedParty.objects.filter(code=row["party_code"].upper()).first()
        if party is None:
            raise ValidationError({"party_code": [f"no party with code {row['party_code']}"]})
        return party
    if row.get("ipi_name"):
        try:
            ipi = normalize_ipi_name(row["ipi_name"])
        except IdentifierError as exc:
            raise ValidationError({"ipi_name": [str(exc)]}) from None
        if party := InterestedParty.objects.filter(ipi_name=ipi).first():
            return party.merged_into or party
    kind = (
        InterestedParty.Kind.COMPANY if row.get("role", "").upper() in PUBLISHER_ROLES else InterestedParty.Kind.PERSON
    )
    fields = {
        "kind": kind,
        "last_name": row.get("last_name", ""),
        "first_name": row.get("first_name", ""),
        "ipi_name": row.get("ipi_name", ""),
    }
    existing = InterestedParty.objects.filter(
        last_name=" ".join(fields["last_name"].split()),
        first_name=" ".join(fields["first_name"].split()),
        ipi_name=None,
        merged_into=None,
    ).first()
    return existing if existing and not fields["ipi_name"] else save_party(fields=fields)


def _duration(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    seconds = 0
    for part in text.split(":"):
        if not part.isdigit():
            raise ValidationError({"duration": [f"duration {text!r} must be seconds or mm:ss"]})
        seconds = seconds * 60 + int(part)
    return seconds


def _locate(field_name: str, group: list[tuple[int, dict]], first_row: int) -> tuple[int, str]:
    """Map a service field key (`shares[2].role`, `iswc`) to the spreadsheet row and column."""
    if field_name.startswith("shares[") and "]" in field_name:
        index = int(field_name[7 : field_name.index("]")])
        with_roles = [number for number, row in group if row.get("role")]
        row = with_roles[index] if index < len(with_roles) else first_row
        return row, field_name.split(".", 1)[1] if "." in field_name else "shares"
    if field_name.startswith("shares."):
        return first_row, field_name.split(".", 1)[1] + " (total)"
    return first_row, field_name


def _export_rows():
    works = Work.objects.prefetch_related("alternate_titles").order_by("code")
    shares = WorkShare.objects.select_related("party").order_by("work_id", "id")
    by_work = {key: list(group) for key, group in groupby(shares.iterator(chunk_size=2000), key=lambda s: s.work_id)}
    for work in works.iterator(chunk_size=2000):
        base = [
            work.code,
            work.submitter_id,
            work.title,
            work.iswc or "",
            ";".join(t.title for t in work.alternate_titles.all()),
            work.language,
            work.duration or "",
            work.version_type,
        ]
        for share in by_work.get(work.pk, []) or [None]:
            if share is None:
                yield base + [""] * 8
                continue
            party = share.party
            yield base + [
                share.role,
                party.code,
                party.ipi_name or "",
                party.last_name,
                party.first_name,
                f"{share.pr_share:.2f}",
                f"{share.mr_share:.2f}",
                f"{share.sr_share:.2f}",
            ]
