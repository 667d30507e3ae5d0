"""Recordings screens (related rights): search, a recording with its works, performers and producers, and the edit
of its performers and producer shares through works.related_services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wipoconnect.core import panels
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.screens import query_without_page, requires
from works.forms import (
    ContributorFormSet,
    ProducerShareFormSet,
    RecordingSearchForm,
)
from works.models import ProducerShare, Recording, RecordingContributor
from works.related_services import ContributorData, ProducerShareData, save_recording_rights

PAGE_SIZE = 50


def search_recordings(queryset, text: str):
    """Recordings whose ISRC (with or without hyphens), title or main artist matches the text."""
    text = text.strip()
    if not text:
        return queryset
    isrc = text.replace("-", "").replace(" ", "").upper()
    return queryset.filter(Q(isrc=isrc) | Q(title__icontains=text) | Q(artist__icontains=text))


@requires("works.view_recording")
def recording_list(request):
    form = RecordingSearchForm(request.GET or None)
    recordings = search_recordings(Recording.objects.all(), request.GET.get("q", "")).order_by("title", "id")
    page = Paginator(recordings, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [r.pk for r in page]
    performers = _parties(RecordingContributor.objects.filter(recording_id__in=ids))
    producers = _parties(ProducerShare.objects.filter(recording_id__in=ids))
    rows = [{"recording": r, "performers": performers.get(r.pk, 0), "producers": producers.get(r.pk, 0)} for r in page]
    context = {"form": form, "page": page, "rows": rows, "query": query_without_page(request)}
    return render(request, "related/recordings.html", context)


def _parties(queryset) -> dict[int, int]:
    """Parties per recording of the page, in one grouped query (the page is counted, not the whole catalogue)."""
    rows = queryset.values("recording_id").annotate(n=Count("party_id", distinct=True)).order_by()
    return dict(rows.values_list("recording_id", "n"))


@requires("works.view_recording")
def recording_detail(request, pk: int):
    recording = get_object_or_404(Recording.objects.select_related("work"), pk=pk)
    context = {
        "recording": recording,
        "works": recording.work_links.select_related("work").order_by("sequence"),
        "contributors": recording.contributors.select_related("party__related_profile").order_by("sequence", "id"),
        "producers": recording.producer_shares.select_related("party__related_profile").order_by("valid_from", "id"),
        "panels": panels.render("related:recording", request, recording),
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
                    recording=recording,
                    contributors=_contributors(performers),
                    producers=_producers(producers),
                    user=request.user,
                )
            except ValidationError as exc:
                general = _attach_errors(exc, performers, producers)
            else:
                messages.success(request, _("Recording %(title)s saved.") % {"title": recording.title})
                return redirect("related:recording", recording.pk)
    else:
        performers = ContributorFormSet(
            prefix="performers",
            initial=[
                {"party": c.party.code, "role": c.role, "instrument": c.instrument}
                for c in recording.contributors.select_related("party").order_by("sequence", "id")
            ],
        )
        producers = ProducerShareFormSet(
            prefix="producers",
            initial=[
                {
                    "party": s.party.code,
                    "share": s.share,
                    "territory": s.territory,
                    "valid_from": s.valid_from,
                    "valid_to": s.valid_to,
                }
                for s in recording.producer_shares.select_related("party").order_by("valid_from", "id")
            ],
        )
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
