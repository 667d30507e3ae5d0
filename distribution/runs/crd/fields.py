"""Encoding and decoding of one fixed-width field (CWR conventions: upper-case ASCII, zero-filled numbers)."""

import unicodedata
from datetime import datetime

from distribution.runs.crd.layouts import Field


def crd_text(value: str) -> str:
    """Upper-case ASCII as the EDI character set wants: accents dropped, other characters become spaces."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(c if " " <= c <= "~" else " " for c in plain.upper())


def encode(field: Field, value) -> str:
    if field.type == "N":
        text = "" if value in (None, "") else str(int(value))
        if len(text) > field.length or text.startswith("-"):
            raise ValueError(f"field '{field.name}': {value!r} does not fit {field.length} digits")
        return text.zfill(field.length) if text else "0" * field.length
    if field.type == "D":
        return value.strftime("%Y%m%d") if value else "0" * 8
    if field.type == "T":
        return value.strftime("%H%M%S") if value else "0" * 6
    text = crd_text(value or "")
    if len(text) > field.length:
        text = text[: field.length]  # titles and names longer than their field are cut, as in CWR
    return text.ljust(field.length)


def decode(field: Field, text: str):
    if field.type == "N":
        if not text.strip():
            return None
        if not text.isdigit():
            raise ValueError(f"{text!r} is not a number")
        return int(text)
    if field.type in "DT":
        if text.strip("0 ") == "":
            return None
        fmt = "%Y%m%d" if field.type == "D" else "%H%M%S"
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            raise ValueError(f"{text!r} is not a {'date YYYYMMDD' if field.type == 'D' else 'time HHMMSS'}") from None
        return parsed.date() if field.type == "D" else parsed.time()
    return text.rstrip()
