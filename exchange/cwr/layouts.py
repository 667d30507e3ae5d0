"""Compiled record layouts: per version and record type, one whole-line regex (the fast path that accepts a valid
record in a single C call), slices and decoders for lazy decoding, and the checks a regex cannot express."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from functools import cache

from exchange.cwr import checks, fields
from exchange.cwr.fields import Field
from exchange.cwr.layouts_2x import TABLES_21, TABLES_22
from exchange.cwr.layouts_3x import TABLES_30, TABLES_31

VERSIONS = ("2.1", "2.2", "3.0", "3.1")
_TABLES = {"2.1": TABLES_21, "2.2": TABLES_22, "3.0": TABLES_30, "3.1": TABLES_31}


@dataclass(frozen=True, slots=True)
class FieldError:
    """A field whose text is invalid; `field.mandatory` tells whether it rejects the transaction."""

    field: Field
    text: str
    reason: str


class RecordLayout:
    """One record type in one version. Fields are contiguous from position 1 (checked at build time)."""

    def __init__(self, version: str, record_type: str, table: list[Field], ascii_only: bool = True):
        self.version = version
        self.record_type = record_type
        self.fields: tuple[Field, ...] = tuple(_named(table))
        self.length = self.fields[-1].end
        self.by_name: dict[str, Field] = {f.name: f for f in self.fields}
        self._field_res = [re.compile(fields.pattern(f, ascii_only=ascii_only)) for f in self.fields]
        self.regex = re.compile("".join(fields.pattern(f, ascii_only=ascii_only) for f in self.fields))
        self._decode_all = _compiled_decoder(self.fields)
        self._encode_all = _compiled_encoder(self.fields)
        # (slice, check, field) for what the regex cannot see: calendars, code sets, check digits.
        self.checks: list[tuple[slice, Callable[[str], str | None], Field]] = [
            (f.slice, check, f) for f in self.fields if (check := checks.for_field(f)) is not None
        ]

    def __repr__(self) -> str:
        return f"<RecordLayout {self.version} {self.record_type} ({self.length})>"

    def validate(self, line: str) -> list[FieldError]:
        """Errors of a line already padded to self.length; empty list when valid."""
        errors: list[FieldError] = []
        if self.regex.match(line) is None:
            errors = self._field_errors(line)
        for sl, check, f in self.checks:
            text = line[sl]
            if text.strip() and (reason := check(text)) is not None:
                if not any(e.field is f for e in errors):
                    errors.append(FieldError(f, text, reason))
        return errors

    def _field_errors(self, line: str) -> list[FieldError]:
        errors = []
        for f, rx in zip(self.fields, self._field_res, strict=True):
            text = line[f.slice]
            if rx.fullmatch(text) is None:
                errors.append(FieldError(f, text, checks.explain(f, text)))
        return errors

    def decode(self, line: str, dropped: Collection[str] = ()) -> dict[str, object]:
        """Field name -> typed value; fields named in `dropped` (invalid) decode to None."""
        values = self._decode_all(line)
        for name in dropped:
            values[name] = None
        return values

    def encode(self, values: Mapping[str, object]) -> str:
        """Fixed-width text (no line end) of exactly self.length characters."""
        return self._encode_all(values.get)


def _compiled_decoder(record_fields: tuple[Field, ...]) -> Callable[[str], dict[str, object]]:
    """One function building the whole dict of a record at once (text and number fields inline): the reader's hot
    path."""
    names: dict[str, object] = {}
    items = []
    for n, f in enumerate(record_fields):
        text = f"line[{f.start - 1}:{f.end}]"
        decode = fields.decoder(f)
        if decode is fields.decode_a:
            items.append(f"{f.name!r}: {text}.strip() or None")
        elif decode is fields.decode_n:
            items.append(f"{f.name!r}: int(_n) if (_n := {text}.strip()).isdecimal() else None")
        else:
            names[f"d{n}"] = decode
            items.append(f"{f.name!r}: d{n}({text})")
    source = "def decode(line):\n    return {" + ", ".join(items) + "}\n"
    exec(compile(source, "<cwr layout>", "exec"), names)  # noqa: S102 - source built from our own layout tables
    return names["decode"]


def _compiled_encoder(record_fields: tuple[Field, ...]) -> Callable[[Callable[[str], object]], str]:
    """One function writing a whole record from a values getter, each field through its own encoder."""
    names = {f"e{n}": fields.encoder(f) for n, f in enumerate(record_fields)}
    parts = ", ".join(f"e{n}(get({f.name!r}))" for n, f in enumerate(record_fields))
    source = f"def encode(get):\n    return ''.join(({parts},))\n"
    exec(compile(source, "<cwr layout>", "exec"), names)  # noqa: S102 - source built from our own layout tables
    return names["encode"]


def _named(table: list[Field]) -> list[Field]:
    """Give every field its snake_case name (unique within the record) and check the table is contiguous."""
    seen: dict[str, int] = {}
    named = []
    position = 1
    for f in table:
        if f.start != position:
            raise ValueError(f"layout gap/overlap at {f.label!r}: starts at {f.start}, expected {position}")
        position = f.end + 1
        base = f.name or fields.slug(f.label)
        seen[base] = seen.get(base, 0) + 1
        named.append(replace(f, name=base if seen[base] == 1 else f"{base}_{seen[base]}"))
    return named


@cache
def layouts(version: str, ascii_only: bool = True) -> dict[str, RecordLayout]:
    """All record layouts of a version, keyed by record type."""
    if version not in _TABLES:
        raise ValueError(f"unknown CWR version {version!r} (expected one of {', '.join(VERSIONS)})")
    return {rt: RecordLayout(version, rt, table, ascii_only) for rt, table in _TABLES[version].items()}


def layout(version: str, record_type: str) -> RecordLayout:
    try:
        return layouts(version)[record_type]
    except KeyError:
        raise ValueError(f"CWR {version} has no record type {record_type!r}") from None
