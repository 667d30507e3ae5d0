"""One usage row: columns by header name, values checked and cleaned; a bad value names its field and why.

Columns (header names, case and spaces ignored; a few common aliases accepted):
`title` (required unless iswc, isrc or work_ref is given), `artist`, `writers`, `isrc`, `iswc`, `duration`
(seconds, `mm:ss`, `h:mm:ss` or ISO 8601 `PT3M35S`), `plays` (a positive integer, 1 when empty or absent), and
optional `work_ref`, `album`, `label`, `date` (YYYY-MM-DD), `territory`, `revenue` (a decimal number).
Other columns are kept as original values but not read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import NamedTuple

from distribution.usage.matching import normalize
from wipoconnect.core.errors import DomainError
from wipoconnect.core.tabular import restore

FIELDS = (
    "title",
    "artist",
    "writers",
    "isrc",
    "iswc",
    "duration",
    "plays",
    "work_ref",
    "album",
    "label",
    "date",
    "territory",
    "revenue",
)
ALIASES = {
    "work_title": "title",
    "track_title": "title",
    "song_title": "title",
    "song": "title",
    "track": "title",
    "performer": "artist",
    "artists": "artist",
    "display_artist": "artist",
    "main_artist": "artist",
    "writer": "writers",
    "composers": "writers",
    "composer": "writers",
    "authors": "writers",
    "composer_author": "writers",
    "duration_seconds": "duration",
    "length": "duration",
    "performances": "plays",
    "count": "plays",
    "usages": "plays",
    "streams": "plays",
    "quantity": "plays",
    "work_id": "work_ref",
    "licensee_work_id": "work_ref",
    "work_reference": "work_ref",
    "titre": "title",
    "titulo": "title",
    "artiste": "artist",
    "artista": "artist",
    "auteurs": "writers",
    "autores": "writers",
    "duree": "duration",
    "duracion": "duration",
    "release": "album",
    "usage_date": "date",
    "country": "territory",
    "amount": "revenue",
    "net_revenue": "revenue",
}
_DURATION_RE = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{2})")
_ISO_DURATION_RE = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", re.IGNORECASE)
MAX_PLAYS = 2_000_000_000
PARSE_CACHE = 500_000  # distinct rows remembered while reading one file
MAX_LENGTHS = {"title": 300, "artist": 300, "writers": 500, "work_ref": 60}  # the UsageLine columns


class FieldError(DomainError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field '{field}': {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class UsageRow:
    title: str = ""
    artist: str = ""
    writers: str = ""
    isrc: str = ""  # compact, validated
    iswc: str = ""  # compact T + 10 digits, check digit valid
    duration: int | None = None  # seconds
    plays: int = 1
    work_ref: str = ""
    album: str = ""
    label: str = ""
    date: date | None = None
    territory: str = ""
    revenue: Decimal | None = None


class RowOk(NamedTuple):  # a tuple: a million of them are made per report
    line: int  # 1-based data-row number (the first row after the header is 1)
    raw: list[str]
    row: UsageRow


class RowError(NamedTuple):
    line: int
    raw: list[str]
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line} field '{self.field}': {self.message}"


def canonical(header: str) -> str:
    folded = unicodedata.normalize("NFKD", (header or "").strip().lower())
    name = re.sub(r"[\s\-.]+", "_", "".join(c for c in folded if not unicodedata.combining(c))).strip("_")
    return ALIASES.get(name, name)


def column_map(headers: list[str]) -> dict[str, int]:
    """Field → column position; the first column of a field wins. Raises FieldError when no title column."""
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        name = canonical(header)
        if name in FIELDS and name not in found:
            found[name] = position
    if not {"title", "iswc", "isrc", "work_ref"} & found.keys():
        raise FieldError("title", f"no title, iswc, isrc or work_ref column in header {headers!r}")
    return found


def parse_duration(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    if m := _DURATION_RE.fullmatch(value):
        hours, minutes, seconds = int(m[1] or 0), int(m[2]), int(m[3])
        if seconds < 60:
            return hours * 3600 + minutes * 60 + seconds
    if (m := _ISO_DURATION_RE.fullmatch(value)) and any(m.groups()):
        return int(m[1] or 0) * 3600 + int(m[2] or 0) * 60 + round(float(m[3] or 0))
    try:
        seconds = Decimal(value)
    except InvalidOperation:
        seconds = Decimal(-1)
    if seconds >= 0 and seconds == seconds.to_integral_value():
        return int(seconds)
    raise FieldError("duration", f"{value!r} is not seconds, mm:ss, h:mm:ss or PT#M#S")


def parse_plays(value: str) -> int:
    value = value.strip().replace(" ", "")
    if not value:
        return 1
    if value.endswith(".0"):  # spreadsheets write integers as floats
        value = value[:-2]
    if not value.isdigit() or not 0 < int(value) <= MAX_PLAYS:
        raise FieldError("plays", f"{value!r} is not a positive whole number")
    return int(value)


def parse_revenue(value: str) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", ".") if value.count(",") == 1 and "." not in value else value)
    except InvalidOperation:
        raise FieldError("revenue", f"{value!r} is not a decimal number") from None
    if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
        raise FieldError("revenue", f"{value!r} is out of range")
    return amount.quantize(Decimal("0.0001"))


def parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise FieldError("date", f"{value!r} is not a date YYYY-MM-DD") from None


def _identifier(field: str, clean, value: str) -> str:  # noqa: ANN001 - clean is normalize.clean_*
    try:
        return clean(value)
    except normalize.IdentifierError as exc:
        raise FieldError(field, str(exc)) from None


def parse_row(values: dict[str, str]) -> UsageRow:
    """Cleaned row from field values (missing fields are empty); raises FieldError at the first bad field."""
    get = values.get
    for field, limit in MAX_LENGTHS.items():
        if len(get(field, "")) > limit:
            raise FieldError(field, f"longer than {limit} characters")
    row = UsageRow(
        title=restore(get("title", "").strip()),
        artist=restore(get("artist", "").strip()),
        writers=restore(get("writers", "").strip()),
        isrc=_identifier("isrc", normalize.clean_isrc, get("isrc", "")),
        iswc=_identifier("iswc", normalize.clean_iswc, get("iswc", "")),
        duration=parse_duration(get("duration", "")),
        plays=parse_plays(get("plays", "")),
        work_ref=restore(get("work_ref", "").strip()),
        album=restore(get("album", "").strip()),
        label=restore(get("label", "").strip()),
        date=parse_date(get("date", "")),
        territory=get("territory", "").strip(),
        revenue=parse_revenue(get("revenue", "")),
    )
    if not (row.title or row.iswc or row.isrc or row.work_ref):
        raise FieldError("title", "empty, and no iswc, isrc or work_ref to identify the work")
    return row


class RowParser:
    """The fields of raw rows by column position: `values(raw)` picks a row's field values (None for a blank row),
    `parse(values)` checks and cleans them (UsageRow, or the FieldError of the first bad field).

    Reports repeat the same rows (a station plays a song many times): callers parse each distinct values tuple
    once and reuse the outcome."""

    def __init__(self, columns: dict[str, int]) -> None:
        self.width = max(columns.values()) + 1
        self.fields = tuple(columns)
        positions = tuple(columns.values())
        self._pick = itemgetter(*positions) if len(positions) > 1 else (lambda values: (values[positions[0]],))

    def values(self, raw: list[str]) -> tuple[str, ...] | None:
        if not "".join(raw).strip():
            return None
        width = self.width
        return self._pick(raw if len(raw) >= width else raw + [""] * (width - len(raw)))

    def parse(self, values: tuple[str, ...]) -> UsageRow | FieldError:
        try:
            return parse_row(dict(zip(self.fields, values, strict=True)))
        except FieldError as exc:
            return exc


def read_rows(columns: dict[str, int], rows):  # noqa: ANN001, ANN201 - iterable of (line, list[str]) → RowOk|RowError
    """Parse (line, raw values) pairs; fully blank rows are skipped (their line number stays used).

    Each distinct row is parsed once (up to PARSE_CACHE distinct rows remembered)."""
    parser = RowParser(columns)
    parsed: dict[tuple[str, ...], UsageRow | FieldError] = {}
    for line, raw in rows:
        values = parser.values(raw)
        if values is None:
            continue
        outcome = parsed.get(values)
        if outcome is None:
            if len(parsed) >= PARSE_CACHE:
                parsed.clear()
            outcome = parsed[values] = parser.parse(values)
        if isinstance(outcome, FieldError):
            yield RowError(line, raw, outcome.field, outcome.message)
        else:
            yield RowOk(line, raw, outcome)
