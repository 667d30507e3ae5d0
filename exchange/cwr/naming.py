"""CWR file names (domain.md §1.2 and §1.9).

2.x: CWyynnnnSSS_RRR.V21 / .V22 (4-digit sequence per sender and year; RRR 000 = several recipients)
3.x: CWyynnnnSUB_REP_V3-0-0.SUB (SUB/REP 2-4 characters; extension by role: SUB, ACK1, ACK2, ISR, ...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME_2X = re.compile(r"^CW(\d{2})(\d{4})([A-Z0-9]{2,3})_([A-Z0-9]{2,4})\.V(2[12])$", re.IGNORECASE)
_NAME_3X = re.compile(r"^CW(\d{2})(\d{4})([A-Z0-9]{2,4})_([A-Z0-9]{2,4})_V(3)-(\d)-(\d)\.([A-Z0-9]+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FileName:
    year: int  # two digits, as in the name
    sequence: int
    sender: str
    recipient: str
    version: str
    extension: str


def cwr_filename(version: str, year: int, sequence: int, sender: str, recipient: str, extension: str = "SUB") -> str:
    """File name by the convention; `extension` only matters for 3.x (SUB, ACK1, ...)."""
    if not 0 <= sequence <= 9999:
        raise ValueError(f"file sequence {sequence} does not fit 4 digits")
    head = f"CW{year % 100:02d}{sequence:04d}{sender.upper()}_{recipient.upper()}"
    if version in ("2.1", "2.2"):
        return f"{head}.V{version.replace('.', '')}"
    if version in ("3.0", "3.1"):
        return f"{head}_V{version.replace('.', '-')}-0.{extension.upper()}"
    raise ValueError(f"unknown CWR version {version!r}")


def parse_filename(name: str) -> FileName | None:
    """The parts of a conventional name, or None (case-insensitive; weso samples use '.v22')."""
    base = name.rsplit("/", 1)[-1]
    if m := _NAME_2X.match(base):
        yy, seq, sender, recipient, v = m.groups()
        return FileName(int(yy), int(seq), sender.upper(), recipient.upper(), f"{v[0]}.{v[1]}", f"V{v}")
    if m := _NAME_3X.match(base):
        yy, seq, sender, recipient, major, minor, _rev, ext = m.groups()
        return FileName(int(yy), int(seq), sender.upper(), recipient.upper(), f"{major}.{minor}", ext.upper())
    return None
