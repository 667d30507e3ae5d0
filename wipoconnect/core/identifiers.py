"""Identifiers of works, recordings and parties (ISWC, ISRC, IPI name and base numbers, ISNI): normalization and
validation. Plain Python, no Django."""

import re

from stdnum import isni as _isni
from stdnum import isrc as _isrc
from stdnum.exceptions import ValidationError as _StdnumError

from wipoconnect.core.errors import DomainError

_ISWC_RE = re.compile(r"T\d{10}")


class IdentifierError(DomainError):
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


def ipi_name_check_digits(nine_digits: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine_digits)) % 101
    return "00" if total == 0 else f"{(101 - total) % 100:02d}"


def normalize_ipi_name(value: str | int) -> str:
    """`14107338` → `00014107338` (11 digits, leading zeros); raises IdentifierError if invalid."""
    digits = re.sub(r"\s", "", str(value or ""))
    if not digits.isdigit() or len(digits) > 11:
        raise IdentifierError(f"IPI name number {value!r} must be up to 11 digits")
    digits = digits.zfill(11)
    expected = ipi_name_check_digits(digits[:9])
    if digits[9:] != expected:
        raise IdentifierError(f"IPI name number {value!r}: check digits fail (expected {expected})")
    return digits


def ipi_base_check_digit(nine_digits: str) -> int:
    total = 2 + sum(i * int(d) for i, d in enumerate(nine_digits, start=1))
    return (10 - total % 10) % 10


def normalize_ipi_base(value: str) -> str:
    """`I0000002297`, `i-000000229-7` → `I-000000229-7`; raises IdentifierError if invalid."""
    compact = re.sub(r"[\s\-]", "", value or "").upper()
    if not re.fullmatch(r"I\d{10}", compact):
        raise IdentifierError(f"IPI base number {value!r} must be I-NNNNNNNNN-C")
    expected = ipi_base_check_digit(compact[1:10])
    if int(compact[10]) != expected:
        raise IdentifierError(f"IPI base number {value!r}: check digit fails (expected {expected})")
    return f"I-{compact[1:10]}-{compact[10]}"


def normalize_isni(value: str) -> str:
    """`0000 0001 2103 2683` → `0000000121032683`; raises IdentifierError if invalid."""
    try:
        return _isni.validate(value or "")
    except _StdnumError as exc:
        raise IdentifierError(f"ISNI {value!r}: {exc}") from None


def is_valid_ipi_name(value: str) -> bool:
    try:
        normalize_ipi_name(value)
    except IdentifierError:
        return False
    return True


def is_valid_ipi_base(value: str) -> bool:
    try:
        normalize_ipi_base(value)
    except IdentifierError:
        return False
    return True
