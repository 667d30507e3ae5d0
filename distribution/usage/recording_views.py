"""Related-rights screens: recordings with their performers and producers (edit through the related-rights
services), identification of a usage report to recordings with its review queue, and neighbouring-rights runs
started as jobs. They call the services and show their jobs' progress; they never compute money."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distribution.models import DistributionRun, Match, PayoutLine, UsageReport
from distribution.runs.engine.related import FEATURED, MAIN, NON_FEATURED, PRODUCER
from distribution.runs.related import is_related
from distribution.usage import recordings as related_identification
from distribution.usage.identification import IDENTIFIED
from distribution.usage.recording_forms import (
    ContributorFormSet,
    ProducerShareFormSet,
    RecordingPickForm,
    RecordingSearchForm,
    RelatedRunForm,
)
from distribution.usage.recording_models import RecordingMatch
from distribution.usage.recording_review import bulk_review_recordings
from distribution.usage.recording_tasks import (
    IDENTIFY_RECORDINGS_JOB,
    RELATED_RUN_JOB,
    error_message,
    start_identification,
    start_related_run,
)
from wipoconnect.core.codes import RELATED_RIGHT
from wipoconnect.core.models import AuditEntry, Job
from wipoconnect.core.roles import requires
from works.models import Recording
from works.models_related import ProducerShare, RecordingContributor
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

PAGE_SIZE = 50


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def search_recordings(queryset, text: str):
    """Recordings whose ISRC (with or without hyphens), title or main artist matches the text."""
    text = text.strip()
    if not text:
        return queryset
    isrc = text.replace("-", "").replace(" ", "").upper()
    return queryset.filter(Q(isrc=isrc) | Q(title__icontains=text) | Q(artist__icontains=text))


# Recordings


@requires("works.view_recording")
def recording_list(request):
    form = RecordingSearchForm(request.GET or None)
    recordings = search_recordings(Recording.objects.all(), request.GET.get("q", "")).order_by("title", "id")
    page = Paginator(recordings, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [r.pk for r in page]
    performers = _parties(RecordingContributor.objects.filter(recording_id__in=ids))
    producers = _parties(ProducerShare.objects.filter(recording_id__in=ids))
    rows = [{"recording": r, "performers": performers.get(r.pk, 0), "producers": producers.get(r.pk, 0)} for r in page]
    context = {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)}
    return render(request, "related/recordings.html", context)


def _parties(queryset) -> dict[int, int]:
    """Parties per recording of the page, in one grouped query (the page is counted, not the whole catalogue)."""
    rows = queryset.values("recording_id").annotate(n=Count("party_id", distinct=True)).order_by()
    return dict(rows.values_list("recording_id", "n"))


@requires("works.view_recording")
def recording_detail(request, pk: int):
    recording = get_object_or_404(Recording.objects.select_related("work"), pk=pk)
    usage = RecordingMatch.objects.filter(recording=recording, status__in=IDENTIFIED).aggregate(
        keys=Count("id"), plays=Sum("match__plays")
    )
    context = {
        "recording": recording,
        "works": recording.work_links.select_related("work").order_by("sequence"),
        "contributors": recording.contributors.select_related("party__related_profile").order_by("sequence", "id"),
        "producers": recording.producer_shares.select_related("party__related_profile").order_by("valid_from", "id"),
        "usage": usage,
        "history": AuditEntry.objects.filter(model="works.recording", object_id=recording.pk).select_related("user")[
            :50
        ],
    }
    return render(request, "related/recording.html", context)


@requires("works.view_recording", "works.change_recording")
def recording_edit(request, pk: int):
    recording = get_object_or_404(Recording, pk=pk)
    general: list[str] = []
    if request.method == "POST":
        performers = ContributorFormSet(request.POST, prefix="performers")
        producers = ProducerShareFormSet(request.POST, prefix="producers")
        if performers.is_valid() and producers.is_valid():
            try:
                save_recording_rights(
                    recording=recording, contributors=_contributors(performers), producers=_producers(producers),
                    user=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                general = _attach_errors(exc, performers, producers)
            else:
                messages.success(request, _("Recording %(title)s saved.") % {"title": recording.title})
                return redirect("related:recording", recording.pk)
    else:
        performers = ContributorFormSet(prefix="performers", initial=[
            {"party": c.party.code, "role": c.role, "instrument": c.instrument}
            for c in recording.contributors.select_related("party").order_by("sequence", "id")
        ])  # fmt: skip
        producers = ProducerShareFormSet(prefix="producers", initial=[
            {"party": s.party.code, "share": s.share, "territory": s.territory, "valid_from": s.valid_from,
             "valid_to": s.valid_to}
            for s in recording.producer_shares.select_related("party").order_by("valid_from", "id")
        ])  # fmt: skip
    context = {"recording": recording, "performers": performers, "producers": producers, "errors": general}
    return render(request, "related/recording_edit.html", context)


def _kept(formset) -> list:
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _contributors(formset) -> list[ContributorData]:
    return [
        ContributorData(f.cleaned_data["party"].pk, f.cleaned_data["role"], f.cleaned_data["instrument"] or "")
        for f in _kept(formset)
    ]


def _producers(formset) -> list[ProducerShareData]:
    return [
        ProducerShareData(d["party"].pk, d["share"], d["territory"], d["valid_from"], d["valid_to"])
        for d in (f.cleaned_data for f in _kept(formset))
    ]


def _attach_errors(exc: ValidationError, performers, producers) -> list[str]:
    """Service errors next to their fields: `contributors[1].role` on performer row 2, `producers[0].share` on
    producer row 1; errors of the whole picture (shares above 100 %) above the table."""
    rows = {"contributors": _kept(performers), "producers": _kept(producers)}
    general = []
    for key, errors in exc.message_dict.items():
        name, _sep, rest = key.partition("[")
        index, _sep, field = rest.partition("].")
        kept = rows.get(name, [])
        row = kept[int(index)] if index.isdigit() and int(index) < len(kept) else None
        if row is not None and field in row.fields:
            row.add_error(field, errors)
        else:
            general.extend(errors)
    return general


# Identification of usage reports to recordings


def report_counts(report_ids: list[int]) -> dict[int, dict[str, int]]:
    """Lines per recording outcome for each report, in one grouped query (keys never identified to recordings
    count as unidentified)."""
    rows = (
        Match.objects.filter(report_id__in=report_ids)
        .values_list("report_id", "recording_match__status")
        .annotate(lines=Sum("line_count"))
        .order_by()
    )
    counts = {pk: {"auto": 0, "review": 0, "unidentified": 0, "identified_at_all": 0} for pk in report_ids}
    for report_id, status, lines in rows:
        bucket = counts[report_id]
        if status in IDENTIFIED:
            bucket["auto"] += lines or 0
        elif status == Match.Status.REVIEW:
            bucket["review"] += lines or 0
        else:
            bucket["unidentified"] += lines or 0
        bucket["identified_at_all"] += bool(status)
    return counts


@requires("distribution.view_usagereport", "distribution.view_recordingmatch")
def report_list(request):
    page = Paginator(UsageReport.objects.order_by("-period_end", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = report_counts([r.pk for r in page])
    rows = [{"report": r, **counts[r.pk]} for r in page]
    return render(request, "related/reports.html", {"page": page, "rows": rows, "query": ""})


@requires("distribution.view_usagereport", "distribution.view_recordingmatch")
def report_detail(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job_id = request.GET.get("job")
    job = Job.objects.filter(pk=job_id, kind=IDENTIFY_RECORDINGS_JOB).first() if (job_id or "").isdigit() else None
    by_status = dict(
        RecordingMatch.objects.filter(match__report=report).values_list("status").annotate(n=Count("id")).order_by()
    )
    context = {
        "report": report,
        "counts": report_counts([report.pk])[report.pk],
        "statuses": [(label, by_status.get(value, 0), value) for value, label in Match.Status.choices],
        "job": job,
    }
    return render(request, "related/report.html", context)


@require_POST
@requires("distribution.view_usagereport", "distribution.change_recordingmatch")
def report_identify(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job = start_identification(report, user=request.user)
    return redirect(f"{reverse('related:report', args=[report.pk])}?job={job.pk}")


# Recording review queue


def _queue(request):
    queue = related_identification.review_queue()
    if (request.GET.get("report") or "").isdigit():
        queue = queue.filter(match__report_id=request.GET["report"])
    return queue


@requires("distribution.view_recordingmatch")
def review_queue(request):
    page = Paginator(_queue(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "related/review.html", {"page": page, "query": _query_without_page(request)})


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_bulk(request):
    ids = [int(i) for i in request.POST.getlist("match") if i.isdigit()]
    if not ids:
        messages.warning(request, _("Select at least one usage key."))
    else:
        try:
            count = bulk_review_recordings(ids=ids, action=request.POST.get("action", ""), user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s usage keys decided.") % {"count": count})
    return redirect(_safe_next(request) or "related:review")


def _safe_next(request) -> str:
    target = request.POST.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else ""


@requires("distribution.view_recordingmatch")
def review_match(request, pk: int):
    found = get_object_or_404(RecordingMatch.objects.select_related("match", "recording"), pk=pk)
    listed = Recording.objects.in_bulk([c["recording"] for c in found.candidates])
    candidates = [{**c, "obj": listed.get(c["recording"])} for c in found.candidates]
    results = []
    if request.GET.get("q"):
        results = search_recordings(Recording.objects.all(), request.GET["q"]).order_by("title", "id")[:10]
    context = {
        "found": found,
        "match": found.match,
        "candidates": candidates,
        "lines": found.match.lines.all()[:10],
        "pick": RecordingPickForm(request.GET or None),
        "results": results,
        "next_match": _queue(request).exclude(pk=found.pk).first(),
    }
    return render(request, "related/match.html", context)


def _after_decision(found: RecordingMatch):
    following = related_identification.review_queue().filter(match__report_id=found.match.report_id).first()
    return redirect("related:match", following.pk) if following else redirect("related:review")


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_accept(request, pk: int):
    recording_id = request.POST.get("recording") or ""
    try:
        found = related_identification.accept_recording(
            recording_match_id=pk, recording_id=int(recording_id) if recording_id.isdigit() else None,
            user=request.user,
        )  # fmt: skip
    except (ValidationError, RecordingMatch.DoesNotExist) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("related:match", pk)
    messages.success(request, _("Usage “%(usage)s” identified as recording %(recording)s.")
                     % {"usage": found.match.title, "recording": found.recording.title})  # fmt: skip
    return _after_decision(found)


@require_POST
@requires("distribution.view_recordingmatch", "distribution.change_recordingmatch")
def review_unidentifiable(request, pk: int):
    get_object_or_404(RecordingMatch, pk=pk)
    found = related_identification.mark_recording_unidentifiable(recording_match_id=pk, user=request.user)
    messages.success(request, _("Usage “%(usage)s” marked as no recording of the repertoire.")
                     % {"usage": found.match.title})  # fmt: skip
    return _after_decision(found)


# Neighbouring-rights runs


@requires("distribution.view_distributionrun", "distribution.add_distributionrun")
def run_new(request):
    form = RelatedRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = start_related_run(form.parameters(), user=request.user)
        return redirect("related:run-progress", job.pk)
    reports = UsageReport.objects.order_by("-period_end", "-id")[:200]
    selected = {int(i) for i in request.POST.getlist("reports") if i.isdigit()}
    counts = report_counts([r.pk for r in reports])
    rows = [{"report": r, "selected": r.pk in selected, **counts[r.pk]} for r in reports]
    return render(request, "related/run_new.html", {"form": form, "rows": rows})


@requires("distribution.view_distributionrun")
def run_progress(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id, kind=RELATED_RUN_JOB)
    run_id = (job.result or {}).get("run")
    if job.status == Job.Status.SUCCEEDED and run_id:
        messages.success(request, _("Neighbouring-rights run calculated."))
        return redirect("distribution:detail", run_id)
    return render(request, "related/run_progress.html", {"job": job, "error": error_message(job) if job.error else ""})


GROUPS = {PRODUCER: "producers", MAIN: "featured", FEATURED: "featured", NON_FEATURED: "non_featured"}


def run_context(run: DistributionRun) -> dict:
    """What the run detail adds for a neighbouring-rights run: its split and what performers and producers got
    (lines paid to members and sister societies, grouped by their roles in one query)."""
    if run.right_type != RELATED_RIGHT or not is_related(run):
        return {}
    rows = (
        PayoutLine.objects.filter(run=run, payee_kind__in=[PayoutLine.PayeeKind.MEMBER, PayoutLine.PayeeKind.SOCIETY])
        .values_list("roles")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    totals = {"producers": 0, "featured": 0, "non_featured": 0, "mixed": 0}
    for roles, amount in rows:
        groups = {GROUPS.get(role, "mixed") for role in roles.split(",") if role}
        totals[groups.pop() if len(groups) == 1 else "mixed"] += amount or 0
    totals["performers"] = totals["featured"] + totals["non_featured"]
    payees = PayoutLine.objects.filter(
        run=run, payee_kind__in=[PayoutLine.PayeeKind.MEMBER, PayoutLine.PayeeKind.SOCIETY]
    ).aggregate(
        producers=Count("payee", distinct=True, filter=Q(roles__contains=PRODUCER)),
        performers=Count("payee", distinct=True, filter=~Q(roles=PRODUCER)),
        recordings=Count("recording", distinct=True),
    )
    return {"related": {"split": (run.summary or {}).get("split", {}), "totals": totals, "payees": payees}}
