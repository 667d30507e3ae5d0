"""Identification of a report's usage keys to recordings (related rights): the recording target of
`identification`.

The matching engine is the same: it runs over an index whose entries are recordings instead of works — ISRC exact
first, then normalized title with a performer or writer in common, then fuzzy with review — and the results are
kept per Match in RecordingMatch, with the same statuses, review queue and decisions, remembered per usage key in
RecordingKeyDecision.
"""

from __future__ import annotations

from collections import defaultdict

from distribution.usage import identification
from distribution.usage.identification import Counts, Target
from distribution.usage.matching.index import RepertoireIndex, WorkEntry
from distribution.usage.models import Match, RecordingKeyDecision, RecordingMatch, UsageReport
from wipoconnect.core.codes import WRITER_ROLES
from wipoconnect.core.models import Job
from works.models import Recording, RecordingContributor, RecordingWork, WorkShare

CHUNK = 20_000


def recording_key(isrc: str | None, pk: int) -> str:
    """The key of a recording on payout lines and statements: its ISRC, else `R` + 8 digits of its id."""
    return isrc or f"R{pk:08d}"


def load_recording_index() -> RepertoireIndex:
    """All recordings as the engine's entries: title, writers of the works recorded, artist and performers."""
    work_ids: dict[int, list[int]] = defaultdict(list)
    links = RecordingWork.objects.order_by("recording_id", "sequence").values_list("recording_id", "work_id")
    for recording_id, work_id in links.iterator(chunk_size=CHUNK):
        work_ids[recording_id].append(work_id)
    writers: dict[int, list[str]] = defaultdict(list)
    shares = WorkShare.objects.filter(role__in=list(WRITER_ROLES)).values_list("work_id", "party__last_name")
    for work_id, name in shares.iterator(chunk_size=CHUNK):
        writers[work_id].append(name)
    performers: dict[int, list[str]] = defaultdict(list)
    rows = RecordingContributor.objects.exclude(role=RecordingContributor.Role.NON_FEATURED)
    for recording_id, first, last in rows.values_list("recording_id", "party__first_name", "party__last_name"):
        performers[recording_id].append(f"{first} {last}".strip())
    index = RepertoireIndex()
    for pk, isrc, title, artist, work_id in Recording.objects.values_list("id", "isrc", "title", "artist", "work_id"):
        works = work_ids.get(pk) or ([work_id] if work_id else [])
        names = tuple(n for w in works for n in writers.get(w, ()))
        index.add(
            WorkEntry(
                pk,
                recording_key(isrc, pk),
                titles=(title,),
                writers=names,
                performers=(artist, *performers.get(pk, ())),
            )
        )
        if isrc:
            index.add_recording(isrc, pk)
    index.freeze()
    return index


def _prepare(report: UsageReport) -> None:
    """One RecordingMatch per key of the report that has none yet (identification updates them)."""
    missing = Match.objects.filter(report=report, recording_match__isnull=True).order_by("id")
    RecordingMatch.objects.bulk_create(
        (RecordingMatch(match_id=pk) for pk in missing.values_list("id", flat=True).iterator(chunk_size=CHUNK)),
        batch_size=CHUNK,
    )


RECORDINGS = Target(
    name="recording",
    model=RecordingMatch,
    decisions=RecordingKeyDecision,
    repertoire=Recording,
    load_index=load_recording_index,
    job_kind="identify_recordings",
    usage="match",
    from_match="recording_match",
    keys=("key", "norm_title", "norm_writers", "norm_artists", "isrc"),
    prepare=_prepare,
    related=("match",),
)


def identify_recordings(*, report: UsageReport, job: Job | None = None, index: RepertoireIndex | None = None) -> Counts:
    """Identify every usage key of the report to a recording; running it again gives the same result."""
    return identification.identify(RECORDINGS, report=report, job=job, index=index)


def accept_recording(*, recording_match_id: int, recording_id: int | None = None, user=None) -> RecordingMatch:
    return identification.accept(RECORDINGS, recording_match_id, recording_id, user=user)


def mark_recording_unidentifiable(*, recording_match_id: int, user=None) -> RecordingMatch:
    return identification.reject(RECORDINGS, recording_match_id, user=user)


def review_queue(report: UsageReport | None = None):
    return identification.review_queue(RECORDINGS, report)
