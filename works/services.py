"""Every write to works, titles, shares and recordings goes through these actions (one transaction each)."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from wipoconnect.core import audit
from wipoconnect.core.changes import record_changes
from wipoconnect.core.identifiers import IdentifierError, normalize_isrc, normalize_iswc
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.numbering import allocate_codes
from wipoconnect.core.territories import normalize_tis
from works.models import AlternateTitle, Recording, ShareTerritory, Work, WorkShare
from works.related_services import move_related_rights
from works.share_rules import ShareData, share_errors

WORK_FIELDS = ("title", "iswc", "language", "duration", "version_type", "submitter_id")


def clean_work_fields(fields: dict) -> dict:
    """Normalized work fields; raises ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    cleaned["title"] = " ".join(str(fields.get("title") or "").split())
    if not cleaned["title"]:
        errors["title"] = ["a work needs a title"]
    iswc = (fields.get("iswc") or "").strip()
    try:
        cleaned["iswc"] = normalize_iswc(iswc) if iswc else None
    except IdentifierError as exc:
        errors["iswc"] = [str(exc)]
    version_type = fields.get("version_type") or Work.VersionType.ORIGINAL
    if version_type not in Work.VersionType.values:
        errors["version_type"] = [f"unknown version type {version_type!r} (ORI or MOD)"]
    cleaned["version_type"] = version_type
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_work(
    *,
    work: Work | None = None,
    fields: dict,
    alternate_titles: Sequence[str] | None = None,
    shares: Sequence[ShareData] | None = None,
    user=None,
) -> Work:
    """Create or update a work; `alternate_titles` / `shares`, when given, replace the existing ones."""
    cleaned = clean_work_fields({**_current(work), **fields})
    if shares is not None and (errors := share_errors(shares)):
        raise ValidationError(errors)
    if cleaned["iswc"] and Work.objects.filter(iswc=cleaned["iswc"]).exclude(pk=getattr(work, "pk", None)).exists():
        raise ValidationError({"iswc": [f"ISWC {cleaned['iswc']} belongs to another work"]})
    creating = work is None
    before = {} if creating else _work_snapshot(work)
    if creating:
        work = Work(code=allocate_codes("W", 1)[0])
    for name in WORK_FIELDS:
        setattr(work, name, cleaned.get(name) if name != "iswc" else cleaned["iswc"])
    for name in ("language", "submitter_id"):
        setattr(work, name, getattr(work, name) or "")
    work.save()
    if alternate_titles is not None:
        _replace_titles(work, alternate_titles)
    if shares is not None:
        _replace_shares(work, shares)
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=work, user=user, before=before, after=_work_snapshot(work))
    record_changes("work", [work])  # the change feed (wipoconnect/core/changes.py)
    if shares is not None:
        record_changes("shares", [work])
    return work


def share_data_of(work: Work) -> list[ShareData]:
    """The work's current shares as plain data (to edit one and save the whole picture)."""
    shares = list(work.shares.prefetch_related("territories"))
    index_of = {share.pk: index for index, share in enumerate(shares)}
    return [
        ShareData(
            party_id=s.party_id,
            role=s.role,
            pr_share=s.pr_share,
            mr_share=s.mr_share,
            sr_share=s.sr_share,
            chain=s.chain,
            controlled=s.controlled,
            publisher=index_of.get(s.publisher_id),
            territories=[
                {
                    "territory": t.territory,
                    "included": t.included,
                    "pr_collection": t.pr_collection,
                    "mr_collection": t.mr_collection,
                    "sr_collection": t.sr_collection,
                }
                for t in s.territories.all()
            ],
        )
        for s in shares
    ]


@transaction.atomic
def save_recording(*, recording: Recording | None = None, fields: dict, user=None) -> Recording:
    """Create a recording, or change the fields given of one (a field not given keeps its value)."""
    if "isrc" in fields or recording is None:
        isrc = (fields.get("isrc") or "").strip()
        try:
            fields = {**fields, "isrc": normalize_isrc(isrc) if isrc else None}
        except IdentifierError as exc:
            raise ValidationError({"isrc": [str(exc)]}) from None
    if (
        fields.get("isrc")
        and Recording.objects.filter(isrc=fields["isrc"]).exclude(pk=getattr(recording, "pk", None)).exists()
    ):
        raise ValidationError({"isrc": [f"ISRC {fields['isrc']} belongs to another recording"]})
    creating = recording is None
    recording = recording or Recording()
    before = {} if creating else audit.snapshot(recording)
    for name, value in fields.items():
        setattr(recording, name, value)
    recording.save()
    action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
    audit.record(action=action, instance=recording, user=user, before=before, after=audit.snapshot(recording))
    return recording


def _current(work: Work | None) -> dict:
    return {} if work is None else {name: getattr(work, name) for name in WORK_FIELDS}


def _work_snapshot(work: Work) -> dict:
    data = audit.snapshot(work)
    data["alternate_titles"] = list(work.alternate_titles.values_list("title", flat=True))
    data["shares"] = [
        f"{party_id} {role} {pr} {mr} {sr}"
        for party_id, role, pr, mr, sr in work.shares.values_list(
            "party_id", "role", "pr_share", "mr_share", "sr_share"
        )
    ]
    return data


def _replace_titles(work: Work, titles: Sequence[str]) -> None:
    """The work's alternate titles become `titles`: those it already has keep their type, language and script
    (a CWR ALT or NAT title stays one), the others are added as plain alternate titles (AT)."""
    wanted = dict.fromkeys(" ".join(t.split()) for t in titles if t and t.strip())
    wanted.pop(work.title, None)
    work.alternate_titles.exclude(title__in=list(wanted)).delete()
    kept = set(work.alternate_titles.values_list("title", flat=True))
    AlternateTitle.objects.bulk_create(AlternateTitle(work=work, title=t) for t in wanted if t not in kept)


def _replace_shares(work: Work, shares: Sequence[ShareData]) -> None:
    work.shares.all().delete()
    created = WorkShare.objects.bulk_create(
        WorkShare(
            work=work,
            party_id=s.party_id,
            role=s.role,
            chain=s.chain,
            controlled=s.controlled,
            pr_share=Decimal(str(s.pr_share)),
            mr_share=Decimal(str(s.mr_share)),
            sr_share=Decimal(str(s.sr_share)),
        )
        for s in shares
    )
    linked = []
    for row, data in zip(created, shares, strict=True):
        if data.publisher is not None:  # writers and sub-publishers point at their original publisher's share
            row.publisher = created[data.publisher]
            linked.append(row)
    WorkShare.objects.bulk_update(linked, ["publisher"])
    ShareTerritory.objects.bulk_create(
        ShareTerritory(
            share=row,
            sequence=sequence,
            included=t.get("included", True),
            territory=normalize_tis(t["territory"]),
            pr_collection=Decimal(str(t.get("pr_collection", 0))),
            mr_collection=Decimal(str(t.get("mr_collection", 0))),
            sr_collection=Decimal(str(t.get("sr_collection", 0))),
        )
        for row, data in zip(created, shares, strict=True)
        for sequence, t in enumerate(data.territories, start=1)
    )


def move_party_rows(sender, *, keep, duplicate, **kwargs) -> dict[str, int]:
    """Receiver of rightowners.signals.parties_merged: the duplicate's shares, performances and producer shares move
    to the kept party, and the share pictures that now name it go to the change feed."""
    moved = {"shares": WorkShare.objects.filter(party=duplicate).update(party=keep)}
    moved.update(move_related_rights(keep=keep, duplicate=duplicate))
    record_changes("shares", Work.objects.filter(shares__party=keep).distinct())
    return moved
