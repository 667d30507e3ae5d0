"""ISWC and ISRC: normalization and validation. Plain Python, no Django."""

import re

from stdnum import isrc as _isrc
from stdnum.exceptions import ValidationError as _StdnumError

_ISWC_RE = re.compile(r"T\d{10}")


class IdentifierError(ValueError):
    """An identifier is malformed or its check digit fails; the message says which and why."""


def iswc_check_digit(nine_digits: str) -> int:
    total = 1 + sum(i * int(d) for i, d in enumerate(nine_digits, start=1))
    return (10 - total % 10) % 10


def normalize_iswc(value: str) -> str:
    """`T-034.524.680-1`, `t0345246801` → `T0345246801`; raises IdentifierError if invalid."""
    compact = re.sub(r"[\s.\-]", "", value or "").upper()
    if not _ISWC_RE.fullmatch(compact):
        raise IdentifierError(f"ISWC {value!r} must be T followed by 10 digits")
    expected = iswc_check_digit(compact[1:10])
    if int(compact[10]) != expected:
        raise IdentifierError(f"ISWC {value!r}: check digit fails (expected {expected})")
    return compact


def is_valid_iswc(value: str) -> bool:
    try:
        normalize_iswc(value)
    except IdentifierError:
        return False
    return True


def format_iswc(compact: str) -> str:
    """`T0345246801` → `T-034.524.680-1` (for display only; storage and files use the compact form)."""
    return f"T-{compact[1:4]}.{compact[4:7]}.{compact[7:10]}-{compact[10]}"


def normalize_isrc(value: str) -> str:
    """`US-SKG-19-12345` → `USSKG1912345`; raises IdentifierError if invalid."""
    try:
        return _isrc.validate((value or "").replace(".", ""))
    except _StdnumError as exc:
        raise IdentifierError(f"ISRC {value!r}: {exc}") from None
