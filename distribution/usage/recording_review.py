"""Staff decisions on many recording matches at once (the recording review queue's bulk actions).

Set-based: the keys are read and locked in one query, decided in memory, written with one bulk update, and the
decisions remembered per usage key (RecordingKeyDecision) with one upsert, as accept_recording and
mark_recording_unidentifiable do for one key.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from distribution.models import Match
from distribution.usage.recording_models import RecordingKeyDecision, RecordingMatch
from works.models import Recording

ACCEPT, UNIDENTIFIABLE = "accept", "unidentifiable"
BULK_ACTIONS = (ACCEPT, UNIDENTIFIABLE)
FIELDS = ["recording", "status", "method", "score", "decided_by", "decided_at"]


def bulk_review_recordings(*, ids: list[int], action: str, user=None) -> int:
    """Accept the best candidate of, or mark unidentifiable, the keys still in review among `ids` (one
    transaction); keys decided meanwhile are left as they are. Returns how many keys were decided."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": f"must be one of {', '.join(BULK_ACTIONS)}"})
    decided_by = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    with transaction.atomic():
        found = list(
            RecordingMatch.objects.select_for_update()
            .filter(pk__in=ids, status=Match.Status.REVIEW)
            .select_related("match")
            .order_by("pk")
        )
        if action == ACCEPT:
            _accept_best(found)
        else:
            for row in found:
                row.recording, row.status, row.method, row.score = (
                    None,
                    Match.Status.REJECTED,
                    Match.Method.MANUAL,
                    None,
                )
        for row in found:
            row.decided_by, row.decided_at = decided_by, now
        RecordingMatch.objects.bulk_update(found, FIELDS)
        RecordingKeyDecision.objects.bulk_create(
            [
                RecordingKeyDecision(
                    key=row.match.key,
                    recording_id=row.recording_id,
                    decided_by=decided_by,
                    decided_at=now,
                    status="confirmed" if row.recording_id else "rejected",
                )  # fmt: skip
                for row in found
            ],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["recording", "status", "decided_by", "decided_at"],
        )
    return len(found)


def _accept_best(found: list[RecordingMatch]) -> None:
    """Each key's best candidate (else its proposed recording); a key with neither is an error for all."""
    best = {row.pk: (row.candidates[0]["recording"] if row.candidates else row.recording_id) for row in found}
    known = set(Recording.objects.filter(pk__in={r for r in best.values() if r}).values_list("pk", flat=True))
    missing = [row.match.title or row.match.key for row in found if best[row.pk] not in known]
    if missing:
        raise ValidationError({"recording": [f"no recording to accept for: {', '.join(missing)}"]})
    for row in found:
        recording_id = best[row.pk]
        listed = {c["recording"]: c["score"] for c in row.candidates}
        row.recording_id, row.status = recording_id, Match.Status.CONFIRMED
        row.method = row.method or Match.Method.MANUAL
        row.score = listed.get(recording_id, row.score if row.score is not None else 100)
