"""CWR field types: the regex a field's text must match, and how it decodes to and encodes from Python values.

Types (domain.md §1.1): A alphanumeric, N numeric, D date YYYYMMDD, T time/duration HHMMSS, B boolean Y/N,
F flag Y/N/U, L lookup code. Decoded values: A/L -> str or None (blank), N -> int or None (blank), D -> date or
None (zeros/blank), T -> seconds (int) or None (blank), B -> bool or None, F -> 'Y'/'N'/'U' or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from exchange.cwr import codes

TYPES = frozenset("ANDTBFL")
REQUIREMENTS = frozenset("MCO")
# Code lists bigger than this are checked by set membership after the regex (an alternation of hundreds of
# literals would slow the whole-line regex down); smaller ones are inlined in the regex.
INLINE_CODES_MAX = 16


@dataclass(frozen=True, slots=True)
class Field:
    """One fixed-width field of a record layout. `start` is 1-based as in the specification."""

    label: str  # as the specification names it, used in messages: "Writer IPI Name #"
    start: int
    length: int
    type: str
    req: str = "O"
    codes: str | None = None  # name of a code list in codes.CODE_LISTS
    kind: str | None = None  # share | society | tis | iswc | ipi_name | ipi_base | literal
    literal: str | None = None  # fixed content (record type, constants)
    source: str = "spec"  # spec | impl (only seen in DMP's generators) | memory (unverified)
    name: str = field(default="")

    @property
    def end(self) -> int:
        return self.start + self.length - 1

    @property
    def slice(self) -> slice:
        return slice(self.start - 1, self.end)

    @property
    def mandatory(self) -> bool:
        return self.req == "M"


def slug(label: str) -> str:
    """'Writer IPI Name #' -> 'writer_ipi_name_number'."""
    text = label.lower().replace("#", " number").replace("%", " percent")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# ---------------------------------------------------------------- regex patterns (fast whole-line check)

_PRINTABLE = r"[\x20-\x7e]"
_ANY = r"[^\r\n]"
_DATE = r"[0-9]{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"[0-9]{2}[0-5][0-9][0-5][0-9]"


def pattern(f: Field, *, ascii_only: bool = True) -> str:
    """Regex (no groups) that the field's text matches when valid. Optional fields also accept blanks."""
    n = f.length
    if f.literal is not None:
        return re.escape(f.literal.ljust(n))
    body = _body_pattern(f, ascii_only)
    blank = f" {{{n}}}"
    if f.req == "M":
        free_text = f.type in "AL" and not body.startswith("(?:")
        return f"(?! {{{n}}}){body}" if free_text else body
    return f"(?:{body}|{blank})"


def _body_pattern(f: Field, ascii_only: bool) -> str:
    n, t = f.length, f.type
    if f.kind == "sender_type":  # Rev 8: the 2 leading digits of an 11-digit IPI may stand here
        return "(?:PB|SO|AA|WR|[0-9]{2})"
    if f.kind == "society":  # 3 digits; 3.x writes them unpadded in 4 characters ('52  ')
        return "(?:" + "|".join(f"[0-9]{{{k}}}" + " " * (n - k) for k in range(n, 0, -1)) + ")"
    if f.kind == "share":
        return "(?:0[0-9]{4}|10000)" if n == 5 else f"[0-9]{{{n}}}"
    if t == "N":
        return f"[0-9]{{{n}}}"
    if t == "D":
        return f"(?:{_DATE}|0{{8}})" if f.req != "M" else _DATE
    if t == "T":
        return _TIME
    if t == "B":
        return "[YN]"
    if t == "F":
        return "[YNU]"
    values = codes.CODE_LISTS.get(f.codes) if f.codes else None
    if values is not None and len(values) <= INLINE_CODES_MAX:
        return "(?:" + "|".join(re.escape(v.ljust(n)) for v in sorted(values, key=len, reverse=True)) + ")"
    char = _PRINTABLE if ascii_only else _ANY
    return f"{char}{{{n}}}"


# ---------------------------------------------------------------- decoding


def decode_a(text: str) -> str | None:
    return text.strip() or None


def decode_n(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdecimal() else None


def decode_d(text: str) -> date | None:
    if not text.strip() or text == "00000000":
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def decode_t(text: str) -> int | None:
    if not text.strip() or not text.isdecimal():
        return None
    return int(text[:2]) * 3600 + int(text[2:4]) * 60 + int(text[4:6])


def decode_b(text: str) -> bool | None:
    return {"Y": True, "N": False}.get(text)


def decode_f(text: str) -> str | None:
    return text if text in ("Y", "N", "U") else None


def decode_society(text: str) -> str | None:
    """3.x writes society codes in 4 characters ('52  '); both forms become the 3-digit code '052'."""
    text = text.strip()
    if not text:
        return None
    return text.zfill(3) if text.isdecimal() else text


def decode_tis(text: str) -> str | None:
    text = text.strip()
    return text.zfill(4) if text.isdecimal() else (text or None)


DECODERS = {"A": decode_a, "N": decode_n, "D": decode_d, "T": decode_t, "B": decode_b, "F": decode_f, "L": decode_a}


def decoder(f: Field):
    if f.kind in ("society", "organisation"):
        return decode_society
    if f.kind == "tis":
        return decode_tis
    return DECODERS[f.type]


# ---------------------------------------------------------------- encoding


def to_ascii_upper(value: object) -> str:
    """CWR text is upper-case ASCII: transliterate accents (É -> E), drop what has no ASCII form."""
    text = str(value)
    if text.isascii():
        return text.upper()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").upper()


def encoder(f: Field):
    """encode() for one field, with what depends on the field alone decided once (the writer's hot path)."""
    n = f.length
    if f.literal is not None:
        literal = f.literal.ljust(n)
        return lambda value: literal
    if f.type == "A" and f.kind not in ("society", "organisation"):
        empty = _empty(f)

        def encode_text(value: object) -> str:
            if value is None or value == "":
                return empty
            return to_ascii_upper(value).ljust(n)[:n]

        return encode_text
    return lambda value: encode(f, value)


def encode(f: Field, value: object) -> str:
    """Text of exactly f.length characters; raises ValueError when a value cannot be represented."""
    n = f.length
    if f.literal is not None:
        return f.literal.ljust(n)
    if value is None or value == "":
        return _empty(f)
    t = f.type
    if f.kind in ("society", "organisation") and n == 4:
        text = str(value).strip()
        return (str(int(text)) if text.isdecimal() else text).ljust(n)[:n]
    if t == "N":
        text = str(int(value))
        if len(text) > n or int(value) < 0:
            raise ValueError(f"{f.label}: {value!r} does not fit {n} digits")
        return text.zfill(n)
    if t == "D":
        return value.strftime("%Y%m%d") if isinstance(value, date) else str(value).zfill(8)[:8]
    if t == "T":
        seconds = int(value)
        return f"{seconds // 3600:02d}{seconds % 3600 // 60:02d}{seconds % 60:02d}"
    if t == "B":
        return "Y" if value is True or value == "Y" else "N"
    return to_ascii_upper(value).ljust(n)[:n]


def _empty(f: Field) -> str:
    """Empty value: zeros for N/D/T (spec: 'zeros if empty'), blanks otherwise."""
    return ("0" if f.type in "NDT" else " ") * f.length
