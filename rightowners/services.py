"""Every write to parties, memberships, agreements and societies goes through these actions."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from rightowners.models import Agreement, InterestedParty, Membership, Society
from rightowners.signals import parties_merged
from wipoconnect.core import audit
from wipoconnect.core.changes import record_changes
from wipoconnect.core.identifiers import IdentifierError, normalize_ipi_base, normalize_ipi_name, normalize_isni
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.numbering import allocate_codes
from wipoconnect.core.tabular import read_rows
from wipoconnect.core.territories import normalize_tis

SOCIETIES_CSV = Path(__file__).resolve().parent / "data" / "societies.csv"
PARTY_FIELDS = ("kind", "last_name", "first_name", "ipi_name", "ipi_base", "isni")


def load_societies(path: Path = SOCIETIES_CSV) -> int:
    """Load the CISAC society code list; existing codes keep their row (names are refreshed)."""
    rows = [row for _, row in read_rows(path)[1]]
    existing = set(Society.objects.values_list("code", flat=True))
    Society.objects.bulk_create(
        Society(code=r["code"], name=r["name"], country=r["country"]) for r in rows if r["code"] not in existing
    )
    return len(rows)


def clean_party_fields(fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {name: (fields.get(name) or "") for name in PARTY_FIELDS}
    cleaned["kind"] = cleaned["kind"] or InterestedParty.Kind.PERSON
    cleaned["last_name"] = " ".join(str(cleaned["last_name"]).split())
    cleaned["first_name"] = " ".join(str(cleaned["first_name"]).split())
    if not cleaned["last_name"]:
        errors["last_name"] = ["a party needs a last name or company name"]
    if cleaned["kind"] not in InterestedParty.Kind.values:
        errors["kind"] = [f"unknown kind {cleaned['kind']!r} (person or company)"]
    for name, normalize in (
        ("ipi_name", normalize_ipi_name),
        ("ipi_base", normalize_ipi_base),
        ("isni", normalize_isni),
    ):
        if cleaned[name]:
            try:
                cleaned[name] = normalize(cleaned[name])
            except IdentifierError as exc:
                errors[name] = [str(exc)]
    cleaned["ipi_name"] = cleaned["ipi_name"] or None
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_party(*, party: InterestedParty | None = None, fields: dict, user=None) -> InterestedParty:
    current = {} if party is None else {name: getattr(party, name) for name in PARTY_FIELDS}
    cleaned = clean_party_fields({**current, **fields})
    if cleaned["ipi_name"]:
        clash = InterestedParty.objects.filter(ipi_name=cleaned["ipi_name"]).exclude(pk=getattr(party, "pk", None))
        if clash.exists():
            raise ValidationError({"ipi_name": [f"IPI name number {cleaned['ipi_name']} belongs to {clash.first()}"]})
    creating = party is None
    before = {} if creating else audit.snapshot(party)
    party = party or InterestedParty(code=allocate_codes("P", 1)[0])
    for name, value in cleaned.items():
        setattr(party, name, value)
    party.save()
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=party, user=user, before=before, after=audit.snapshot(party))
    record_changes("party", [party])  # the change feed (wipoconnect/core/changes.py)
    return party


@transaction.atomic
def save_membership(
    *,
    party: InterestedParty,
    society: Society,
    right_type: str,
    territory: str = "2136",
    valid_from=None,
    valid_to=None,
    source: str = "staff",
    user=None,
) -> Membership:
    try:
        territory = normalize_tis(territory)
    except ValueError as exc:
        raise ValidationError({"territory": [str(exc)]}) from None
    membership = Membership.objects.create(
        party=party,
        society=society,
        right_type=right_type,
        territory=territory,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
    )
    audit.record(action=AuditEntry.Action.CREATE, instance=membership, user=user, after=audit.snapshot(membership))
    return membership


@transaction.atomic
def merge_parties(*, keep: InterestedParty, duplicate: InterestedParty, user=None) -> InterestedParty:
    """Fold `duplicate` into `keep`: memberships and agreements move, and the apps above move their rows (shares,
    recordings: rightowners.signals); the duplicate stays as history."""
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": ["a party cannot be merged into itself"]})
    if duplicate.merged_into_id:
        raise ValidationError({"duplicate": [f"{duplicate} was already merged into {duplicate.merged_into}"]})
    before = audit.snapshot(keep)
    moved = {
        "memberships": duplicate.memberships.update(party=keep),
        "agreements_given": Agreement.objects.filter(assignor=duplicate).update(assignor=keep),
        "agreements_received": Agreement.objects.filter(acquirer=duplicate).update(acquirer=keep),
    }
    inherited = {name: getattr(duplicate, name) for name in ("ipi_name", "ipi_base", "isni") if not getattr(keep, name)}
    duplicate_ipi = duplicate.ipi_name
    duplicate.merged_into = keep
    duplicate.ipi_name = None  # the IPI name number is unique: it now lives on the kept party
    duplicate.save(update_fields=["merged_into", "ipi_name", "updated_at"])
    for name, value in inherited.items():
        setattr(keep, name, value)
    keep.save()
    record_changes("party", [keep, duplicate])
    for _receiver, counts in parties_merged.send(sender=InterestedParty, keep=keep, duplicate=duplicate, user=user):
        moved.update(counts or {})
    after = {**audit.snapshot(keep), "merged": f"{duplicate.code} (IPI {duplicate_ipi or '-'})", **moved}
    audit.record(action=AuditEntry.Action.MERGE, instance=keep, user=user, before=before, after=after)
    return keep
