"""Rules a share picture must follow, with messages naming the field. Plain Python, no Django."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from wipoconnect.core.codes import RIGHT_PREFIXES, ROLES
from wipoconnect.core.territories import normalize_tis

HUNDRED = Decimal(100)


@dataclass
class ShareData:
    party_id: int
    role: str
    pr_share: Decimal = Decimal(0)
    mr_share: Decimal = Decimal(0)
    sr_share: Decimal = Decimal(0)
    chain: int | None = None
    controlled: bool = True
    publisher: int | None = None  # index, in the same list, of the original publisher's share
    territories: list[dict] = field(default_factory=list)


def share_errors(shares: Sequence[ShareData]) -> dict[str, list[str]]:
    """Field-keyed messages: `shares[1].role`, `shares[0].pr_share`, `shares.pr_share` (the total)."""
    errors: dict[str, list[str]] = {}
    totals = dict.fromkeys(RIGHT_PREFIXES, Decimal(0))
    for index, share in enumerate(shares):
        prefix = f"shares[{index}]"
        if share.role not in ROLES:
            errors.setdefault(f"{prefix}.role", []).append(
                f"unknown role code {share.role!r} (known: {', '.join(sorted(ROLES))})"
            )
        for right in RIGHT_PREFIXES:
            value = _decimal(getattr(share, f"{right}_share"))
            if value is None or not Decimal(0) <= value <= HUNDRED or value != value.quantize(Decimal("0.01")):
                errors.setdefault(f"{prefix}.{right}_share", []).append(
                    f"{right.upper()} share must be between 0 and 100 with at most 2 decimals"
                )
                continue
            totals[right] += value
        if share.publisher is not None and not 0 <= share.publisher < len(shares):
            errors.setdefault(f"{prefix}.publisher", []).append(f"no share number {share.publisher} in this work")
        for t_index, territory in enumerate(share.territories):
            try:
                normalize_tis(territory.get("territory", ""))
            except ValueError as exc:
                errors.setdefault(f"{prefix}.territories[{t_index}].territory", []).append(str(exc))
    for right, total in totals.items():
        if total > HUNDRED:
            errors.setdefault(f"shares.{right}_share", []).append(
                f"{right.upper()} shares sum to {total:.2f} %, more than 100 %"
            )
    return errors


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
