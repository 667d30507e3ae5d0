"""Review screens of identification, one set for both targets (works, and recordings for related rights): the review
queue with its bulk decisions, a key with its candidates side by side and a search for another, the decisions, and
the identification of a report started as a job. A `Screen` says what differs: the target, its URL namespace, how a
candidate is rendered (a template of parts) and searched, the texts and the permissions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from distribution.usage import identification
from distribution.usage.forms import RecordingPickForm, WorkPickForm
from distribution.usage.identification import WORKS, Target
from distribution.usage.models import UsageReport
from distribution.usage.recordings import RECORDINGS
from distribution.usage.tasks import start_identification
from wipoconnect.core.screens import query_without_page, requires, safe_next
from works.filtersets import WorkFilterSet
from works.models import Recording, Work
from works.recording_views import search_recordings

PAGE_SIZE = 50
SEARCH_RESULTS = 10


@dataclass(frozen=True)
class Screen:
    target: Target
    namespace: str  # of the review URLs
    reports: tuple[str, str]  # the list of reports the queue belongs to: URL name, label
    report_view: str  # a report's screen for this target
    object_view: str  # a work's or a recording's screen
    parts: str  # template rendering the target's own cells (see templates/usage/_work.html)
    pick_form: type[forms.Form]
    search: Callable[[str], QuerySet]  # the repertoire matching a text, in display order
    identify_perms: tuple[str, ...]
    prefetch: tuple[str, ...]  # of a candidate's object, for its parts
    texts: dict[str, str]  # queue, match, search, none_found, proposed, current, accepted, rejected

    @property
    def view_perm(self) -> str:
        return f"distribution.view_{self.target.model._meta.model_name}"

    @property
    def change_perm(self) -> str:
        return f"distribution.change_{self.target.model._meta.model_name}"

    def url(self, name: str) -> str:
        return f"{self.namespace}:{name}"


WORK_SCREEN = Screen(
    target=WORKS,
    namespace="usage",
    reports=("usage:list", _("Usage reports")),
    report_view="usage:detail",
    object_view="works:detail",
    parts="usage/_work.html",
    pick_form=WorkPickForm,
    search=lambda text: WorkFilterSet({"q": text}, queryset=Work.objects.prefetch_related("shares__party")).qs,
    identify_perms=("distribution.view_usagereport", "distribution.change_usagereport"),
    prefetch=("shares__party",),
    texts={
        "queue": _("Review queue"),
        "match": _("Review a match"),
        "search": _("Search another work"),
        "none_found": _("No work matches this search."),
        "proposed": _("Proposed work"),
        "current": _("Current work"),
        "accepted": _("Usage “%(usage)s” identified as %(work)s."),
        "rejected": _("Usage “%(usage)s” marked as not in the repertoire."),
    },
)

RECORDING_SCREEN = Screen(
    target=RECORDINGS,
    namespace="related",
    reports=("related:reports", _("Usage to recordings")),
    report_view="related:report",
    object_view="related:recording",
    parts="related/_recording.html",
    pick_form=RecordingPickForm,
    search=lambda text: search_recordings(Recording.objects.all(), text).order_by("title", "id"),
    identify_perms=("distribution.view_usagereport", "distribution.change_recordingmatch"),
    prefetch=(),
    texts={
        "queue": _("Recording review queue"),
        "match": _("Review a recording match"),
        "search": _("Search another recording"),
        "none_found": _("No recording matches this search."),
        "proposed": _("Proposed recording"),
        "current": _("Current recording"),
        "accepted": _("Usage “%(usage)s” identified as recording %(recording)s."),
        "rejected": _("Usage “%(usage)s” marked as no recording of the repertoire."),
    },
)


def _queue(request, screen: Screen):
    report = request.GET.get("report") or ""
    return identification.review_queue(screen.target, int(report) if report.isdigit() else None)


def review_queue(request, *, screen: Screen):
    page = Paginator(_queue(request, screen), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(row, screen.target.match_of(row)) for row in page]
    context = {"screen": screen, "page": page, "rows": rows, "query": query_without_page(request)}
    return render(request, "usage/review.html", context)


def review_bulk(request, *, screen: Screen):
    ids = [int(i) for i in request.POST.getlist("match") if i.isdigit()]
    if not ids:
        messages.warning(request, _("Select at least one usage key."))
    else:
        try:
            count = identification.bulk_review(screen.target, ids, request.POST.get("action", ""), user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s usage keys decided.") % {"count": count})
    return redirect(safe_next(request) or screen.url("review"))


def review_match(request, pk: int, *, screen: Screen):
    target = screen.target
    row = get_object_or_404(target.rows().select_related(target.name), pk=pk)
    listed = target.repertoire.objects.prefetch_related(*screen.prefetch).in_bulk(
        [c[target.name] for c in row.candidates]
    )
    found = screen.search(request.GET["q"])[:SEARCH_RESULTS] if request.GET.get("q") else []
    context = {
        "screen": screen,
        "decision": row,
        "match": target.match_of(row),
        "current": getattr(row, target.name),
        "candidates": [{**c, "id": c[target.name], "obj": listed.get(c[target.name])} for c in row.candidates],
        "lines": target.match_of(row).lines.all()[:10],
        "pick": screen.pick_form(request.GET or None),
        "found": found,
        "next_match": _queue(request, screen).exclude(pk=row.pk).first(),
    }
    return render(request, "usage/match.html", context)


def _after_decision(screen: Screen, row):
    following = identification.review_queue(screen.target, screen.target.match_of(row).report_id).first()
    return redirect(screen.url("match"), following.pk) if following else redirect(screen.url("review"))


def review_accept(request, pk: int, *, screen: Screen):
    name = screen.target.name
    chosen = request.POST.get(name) or ""
    try:
        row = identification.accept(screen.target, pk, int(chosen) if chosen.isdigit() else None, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(screen.url("match"), pk)
    title = getattr(row, name).title
    messages.success(request, screen.texts["accepted"] % {"usage": screen.target.match_of(row).title, name: title})
    return _after_decision(screen, row)


def review_unidentifiable(request, pk: int, *, screen: Screen):
    get_object_or_404(screen.target.model, pk=pk)
    row = identification.reject(screen.target, pk, user=request.user)
    messages.success(request, screen.texts["rejected"] % {"usage": screen.target.match_of(row).title})
    return _after_decision(screen, row)


def report_identify(request, pk: int, *, screen: Screen):
    report = get_object_or_404(UsageReport, pk=pk)
    job = start_identification(screen.target, report, user=request.user)
    return redirect(f"{reverse(screen.report_view, args=[report.pk])}?job={job.pk}")


def patterns(screen: Screen, identify_route: str) -> list:
    """The review URLs of a target (names `review`, `review-bulk`, `match`, `accept`, `unidentifiable`) and the
    identification of a report (`identify`) at `identify_route`."""

    def see(view):
        return requires(screen.view_perm)(partial(view, screen=screen))

    def decide(view, perms=(screen.view_perm, screen.change_perm)):
        return require_POST(requires(*perms)(partial(view, screen=screen)))

    return [
        path(identify_route, decide(report_identify, screen.identify_perms), name="identify"),
        path("review/", see(review_queue), name="review"),
        path("review/bulk/", decide(review_bulk), name="review-bulk"),
        path("review/<int:pk>/", see(review_match), name="match"),
        path("review/<int:pk>/accept/", decide(review_accept), name="accept"),
        path("review/<int:pk>/unidentifiable/", decide(review_unidentifiable), name="unidentifiable"),
    ]
