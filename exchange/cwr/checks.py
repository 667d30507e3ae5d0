"""Field checks a regex cannot express (calendar dates, large code sets, TIS, check digits), and the plain-words
reason for any invalid field. Results are memoized: identifiers repeat a lot in real files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from exchange.cwr import codes
from exchange.cwr.fields import INLINE_CODES_MAX, Field
from wipoconnect.core.identifiers import ipi_base_check_digit, ipi_name_check_digits, iswc_check_digit

Check = Callable[[str], str | None]


def _memo(fn: Check) -> Check:
    cache: dict[str, str | None] = {}

    def check(text: str) -> str | None:
        try:
            return cache[text]
        except KeyError:
            if len(cache) > 100_000:
                cache.clear()
            result = cache[text] = fn(text)
            return result

    return check


def _date(text: str) -> str | None:
    if text == "00000000" or int(text[6:8]) <= 28:
        return None
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return f"{text} is not a valid date"
    return None


def _iswc(text: str) -> str | None:
    value = text.strip()
    if len(value) != 11 or value[0] != "T" or not value[1:].isdigit():
        return f"ISWC {value!r} must be T followed by 10 digits"
    expected = iswc_check_digit(value[1:10])
    return None if int(value[10]) == expected else f"ISWC {value}: check digit fails (expected {expected})"


def _ipi_name(text: str) -> str | None:
    value = text.strip()
    if not value.isdigit():
        return f"IPI name number {value!r} must be digits"
    value = value.zfill(11)
    expected = ipi_name_check_digits(value[:9])
    return None if value[9:] == expected else f"IPI name number {value}: check digits fail (expected {expected})"


def _ipi_base(text: str) -> str | None:
    value = text.strip().replace("-", "")
    if len(value) != 11 or value[0] != "I" or not value[1:].isdigit():
        return f"IPI base number {text.strip()!r} must be I-NNNNNNNNN-C"
    expected = ipi_base_check_digit(value[1:10])
    if int(value[10]) == expected:
        return None
    return f"IPI base number {text.strip()}: check digit fails (expected {expected})"


def _tis(text: str) -> str | None:
    return None if codes.is_tis_code(text) else f"{text.strip()!r} is not a TIS territory code"


def _code_set(name: str) -> Check:
    values = codes.CODE_LISTS[name]

    def check(text: str) -> str | None:
        return None if text.strip() in values else f"{text.strip()!r} is not in the {name.replace('_', ' ')} table"

    return check


_KIND_CHECKS: dict[str, Check] = {
    "iswc": _memo(_iswc),
    "ipi_name": _memo(_ipi_name),
    "ipi_base": _memo(_ipi_base),
    "tis": _memo(_tis),
}
_DATE_CHECK = _memo(_date)
_CODE_CHECKS: dict[str, Check] = {}


def for_field(f: Field) -> Check | None:
    """The extra check of a field, or None when its regex says everything."""
    if f.kind in _KIND_CHECKS:
        return _KIND_CHECKS[f.kind]
    if f.type == "D":
        return _DATE_CHECK
    if f.codes and len(codes.CODE_LISTS[f.codes]) > INLINE_CODES_MAX:
        if f.codes not in _CODE_CHECKS:
            _CODE_CHECKS[f.codes] = _memo(_code_set(f.codes))
        return _CODE_CHECKS[f.codes]
    return None


def explain(f: Field, text: str) -> str:
    """Why a field's text does not match its type (called only for fields that failed)."""
    if not text.strip():
        return "must be entered"
    if f.literal is not None:
        return f"must be {f.literal!r}"
    if any(not (" " <= c <= "~") for c in text):
        return f"{text.strip()!r} contains characters outside printable ASCII"
    if f.codes:
        return f"{text.strip()!r} is not in the {f.codes.replace('_', ' ')} table"
    return _TYPE_REASONS.get(_reason_key(f, text), lambda t: f"{t.strip()!r} is not valid")(text)


def _reason_key(f: Field, text: str) -> str:
    if f.kind == "share":
        return "share" if text.isdigit() else "N"
    if f.kind in ("sender_type", "society"):
        return f.kind
    return f.type


_TYPE_REASONS: dict[str, Callable[[str], str]] = {
    "share": lambda t: f"{t!r} is not a share between 00000 and 10000",
    "sender_type": lambda t: f"{t!r} is not a sender type (PB, SO, AA, WR)",
    "society": lambda t: f"{t.strip()!r} is not a society code (3 digits)",
    "N": lambda t: f"{t!r} is not numeric",
    "D": lambda t: f"{t!r} is not a date (YYYYMMDD)",
    "T": lambda t: f"{t!r} is not a time (HHMMSS)",
    "B": lambda t: f"{t!r} must be Y or N",
    "F": lambda t: f"{t!r} must be Y, N or U",
}
