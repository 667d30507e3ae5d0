"""Names and titles in their original script (CWR NAT, NPN, NWN, ...): written as given, in a UTF-8 file.

The CWR writer upper-cases text and transliterates it to ASCII, which is what every other record needs. Records in
non-Roman script carry text that has no ASCII form, so a file holding them declares the UTF-8 character set in its
HDR (as our reader expects) and these records' text fields are written unchanged. Field lengths count characters,
as the reader counts them once a UTF-8 line is decoded.
"""

from __future__ import annotations

from collections.abc import Mapping

from exchange.cwr import fields
from exchange.cwr.writer import EOL, CwrWriter

CHARACTER_SET = "UTF-8"
NON_ROMAN_RECORDS = frozenset(("NAT", "NPN", "NWN", "NET", "NCT", "NVT", "NOW", "NPR", "NPA"))


class Utf8CwrWriter(CwrWriter):
    """A CwrWriter for files in UTF-8: HDR with the character set, non-Roman records' text kept as given."""

    def header(self, **values: object) -> None:
        super().header(**({"character_set": CHARACTER_SET} | values))

    def _emit(self, record_type: str, values: Mapping[str, object]) -> None:
        if record_type not in NON_ROMAN_RECORDS:
            super()._emit(record_type, values)
            return
        layout = self._layouts[record_type]
        self.out.write("".join(_encode(f, values.get(f.name)) for f in layout.fields) + EOL)
        self.record_count += 1


def _encode(f: fields.Field, value: object) -> str:
    if f.type == "A" and f.literal is None and f.kind is None and value not in (None, ""):
        return str(value).ljust(f.length)[: f.length]
    return fields.encode(f, value)
