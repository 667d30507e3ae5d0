"""Every write to related-rights data goes through these actions: performer/producer identifiers, the works a
recording records, its performers and its producers' ownership shares (one transaction each, audited)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from rightowners.models import InterestedParty
from wipoconnect.core import audit
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.territories import covers, normalize_tis
from works.models import ProducerShare, Recording, RecordingContributor, RecordingWork, RelatedRightsProfile, Work

ROLES = tuple(RecordingContributor.Role.values)
HUNDRED = Decimal(100)
_IPN = re.compile(r"\d{1,13}")
_LABEL_CODE = re.compile(r"\d{4,5}")
_DPID = re.compile(r"PADPIDA[0-9A-Z]{11}")


@dataclass(frozen=True)
class ContributorData:
    party_id: int
    role: str
    instrument: str = ""


@dataclass(frozen=True)
class ProducerShareData:
    party_id: int
    share: Decimal | str
    territory: str = "2136"
    valid_from: date | None = None
    valid_to: date | None = None


def clean_profile_fields(*, ipn: str = "", label_code: str = "", dpid: str = "") -> dict:
    """IPN digits, label code without its `LC` prefix, DPID upper-case; errors name the field."""
    ipn = re.sub(r"[\s.\-]", "", ipn or "")
    label_code = re.sub(r"^LC[\s\-]*", "", (label_code or "").strip().upper())
    dpid = re.sub(r"[\s\-]", "", dpid or "").upper()
    errors = {}
    if ipn and not _IPN.fullmatch(ipn):
        errors["ipn"] = [f"IPN {ipn!r} must be 1 to 13 digits"]
    if label_code and not _LABEL_CODE.fullmatch(label_code):
        errors["label_code"] = [f"label code {label_code!r} must be LC followed by 4 or 5 digits"]
    if dpid and not _DPID.fullmatch(dpid):
        errors["dpid"] = [f"DPID {dpid!r} must be PADPIDA followed by 11 letters or digits"]
    if errors:
        raise ValidationError(errors)
    return {"ipn": ipn or None, "label_code": label_code, "dpid": dpid}


@transaction.atomic
def save_related_profile(*, party: InterestedParty, user=None, **fields) -> RelatedRightsProfile:
    """Set a performer's IPN or a producer's label code and DPID (fields not given keep their value)."""
    profile = RelatedRightsProfile.objects.filter(party=party).first()
    current = {} if profile is None else {n: getattr(profile, n) or "" for n in ("ipn", "label_code", "dpid")}
    cleaned = clean_profile_fields(**{**current, **fields})
    if cleaned["ipn"]:
        clash = RelatedRightsProfile.objects.filter(ipn=cleaned["ipn"]).exclude(party=party).first()
        if clash:
            raise ValidationError({"ipn": [f"IPN {cleaned['ipn']} belongs to {clash.party}"]})
    before = {} if profile is None else audit.snapshot(profile)
    profile = profile or RelatedRightsProfile(party=party)
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.save()
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit.record(action=action, instance=profile, user=user, before=before, after=audit.snapshot(profile))
    return profile


def contributor_errors(contributors: Sequence[ContributorData]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for index, c in enumerate(contributors):
        if c.role not in ROLES:
            errors[f"contributors[{index}].role"] = [f"unknown performer role {c.role!r} (known: {', '.join(ROLES)})"]
        if c.party_id in seen:
            errors[f"contributors[{index}].party"] = ["the same performer twice on one recording"]
        seen.add(c.party_id)
    return errors


def producer_errors(shares: Sequence[ProducerShareData]) -> dict[str, list[str]]:
    """Each share 0–100 with 2 decimals, a known territory, a period in order; at any day and place ≤ 100 %."""
    errors: dict[str, list[str]] = {}
    valid: list[tuple[Decimal, str, date | None, date | None]] = []
    for index, s in enumerate(shares):
        prefix = f"producers[{index}]"
        value = _percent(s.share)
        if value is None:
            errors[f"{prefix}.share"] = ["ownership must be between 0 and 100 with at most 2 decimals"]
        try:
            territory = normalize_tis(s.territory)
        except ValueError as exc:
            errors[f"{prefix}.territory"] = [str(exc)]
            continue
        if s.valid_from and s.valid_to and s.valid_to < s.valid_from:
            errors[f"{prefix}.valid_to"] = [f"period ends ({s.valid_to}) before it starts ({s.valid_from})"]
        if value is not None:
            valid.append((value, territory, s.valid_from, s.valid_to))
    for territory in {t for _, t, _, _ in valid}:
        for day in {f for _, _, f, _ in valid}:
            total = sum(v for v, t, f, to in valid if covers(t, territory) and _on(day, f, to))
            if total > HUNDRED:
                when = f"from {day}" if day else "at the start"
                errors["producers.share"] = [f"producer shares sum to {total} % in territory {territory} {when}"]
    return errors


def _on(day: date | None, valid_from: date | None, valid_to: date | None) -> bool:
    if day is None:
        return valid_from is None
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def _percent(value) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or not 0 <= number <= HUNDRED or number != number.quantize(Decimal("0.01")):
        return None
    return number


@transaction.atomic
def save_recording_rights(
    *,
    recording: Recording,
    works: Sequence[Work] | None = None,
    contributors: Sequence[ContributorData] | None = None,
    producers: Sequence[ProducerShareData] | None = None,
    user=None,
) -> Recording:
    """Replace the recording's works, performers and/or producer shares (those given); the first work is its
    main work (`Recording.work`, which identification of works reads)."""
    errors = {**contributor_errors(contributors or ()), **producer_errors(producers or ())}
    if errors:
        raise ValidationError(errors)
    before = related_snapshot(recording)
    if works is not None:
        _replace_works(recording, works)
    if contributors is not None:
        recording.contributors.all().delete()
        RecordingContributor.objects.bulk_create(
            RecordingContributor(
                recording=recording,
                party_id=c.party_id,
                role=c.role,
                instrument=" ".join(c.instrument.split())[:80],
                sequence=n,
            )
            for n, c in enumerate(contributors, start=1)
        )
    if producers is not None:
        recording.producer_shares.all().delete()
        ProducerShare.objects.bulk_create(
            ProducerShare(
                recording=recording,
                party_id=s.party_id,
                share=_percent(s.share),
                territory=normalize_tis(s.territory),
                valid_from=s.valid_from,
                valid_to=s.valid_to,
            )
            for s in producers
        )
    after = related_snapshot(recording)
    audit.record(action=AuditEntry.Action.UPDATE, instance=recording, user=user, before=before, after=after)
    return recording


def _replace_works(recording: Recording, works: Sequence[Work]) -> None:
    unique = list({w.pk: w for w in works}.values())
    recording.work_links.all().delete()
    RecordingWork.objects.bulk_create(
        RecordingWork(recording=recording, work=w, sequence=n) for n, w in enumerate(unique, start=1)
    )
    main = unique[0] if unique else None
    if recording.work_id != getattr(main, "pk", None):
        recording.work = main
        recording.save(update_fields=["work"])


def related_snapshot(recording: Recording) -> dict:
    """The recording's related-rights facts as comparable text (audit trail, and 'unchanged' on import)."""
    return {
        "works": [w for w in recording.work_links.order_by("sequence").values_list("work__code", flat=True)],
        "contributors": [
            f"{p} {r} {i}".strip()
            for p, r, i in recording.contributors.order_by("sequence", "id").values_list(
                "party_id", "role", "instrument"
            )
        ],
        "producers": [
            f"{p} {s} {t} {f or ''}..{to or ''}"
            for p, s, t, f, to in recording.producer_shares.order_by("valid_from", "id").values_list(
                "party_id", "share", "territory", "valid_from", "valid_to"
            )
        ],
    }


def move_related_rights(*, keep: InterestedParty, duplicate: InterestedParty) -> dict[str, int]:
    """Part of merging parties (works.services.move_party_rows): the duplicate's performances, producer
    shares and identifiers move to the kept party. On a recording where both perform, the kept row stays."""
    both = RecordingContributor.objects.filter(party=keep).values("recording_id")
    dropped, _ = RecordingContributor.objects.filter(party=duplicate, recording_id__in=both).delete()
    moved = {
        "performances": RecordingContributor.objects.filter(party=duplicate).update(party=keep) + dropped,
        "producer_shares": ProducerShare.objects.filter(party=duplicate).update(party=keep),
    }
    profile = RelatedRightsProfile.objects.filter(party=duplicate).first()
    if profile is not None:
        kept = RelatedRightsProfile.objects.filter(party=keep).first()
        fields = {n: getattr(profile, n) for n in ("ipn", "label_code", "dpid") if not getattr(kept, n, None)}
        profile.delete()  # the IPN is unique: it lives on the kept party from now on
        if fields:
            save_related_profile(party=keep, **{n: v or "" for n, v in fields.items()})
    return moved
