"""Work screens: search, detail with the share picture per right and territory, edit through save_work."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rightowners.models import InterestedParty
from wipoconnect.core.codes import RIGHT_PREFIXES, RIGHTS
from wipoconnect.core.labels import territory as territory_label
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.screens import query_without_page, requires
from wipoconnect.core.territories import TerritoryRecord, collection_share
from works.filtersets import WorkFilterSet
from works.forms import ShareFormSet, WorkForm, WorkSearchForm
from works.models import Work, WorkShare, unbalanced_works
from works.services import save_work, share_data_of
from works.share_rules import ShareData

PAGE_SIZE = 50
MAX_TERRITORIES = 4  # columns of the collection picture; the rest is in the territory records list


@requires("works.view_work")
def work_list(request):
    form = WorkSearchForm(request.GET or None)
    works = Work.objects.prefetch_related(
        Prefetch("shares", queryset=WorkShare.objects.select_related("party").order_by("id"))
    )
    if request.GET.get("problem") == "shares":
        works = unbalanced_works().prefetch_related("shares__party").order_by("title", "id")
    filtered = WorkFilterSet(request.GET, queryset=works).qs
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "works/list.html", {"form": form, "page": page, "query": query_without_page(request)})


@requires("works.view_work")
def work_detail(request, pk: int):
    work = get_object_or_404(Work.objects.prefetch_related("alternate_titles", "recordings"), pk=pk)
    shares = list(work.shares.select_related("party").prefetch_related("territories").order_by("chain", "id"))
    history = AuditEntry.objects.filter(model="works.work", object_id=work.pk).select_related("user")[:50]
    context = {"work": work, "history": history, **share_picture(shares)}
    return render(request, "works/detail.html", context)


def share_picture(shares: list[WorkShare]) -> dict:
    """Ownership per right, and collection per right in each territory the picture names (engine rules)."""
    totals = {right: sum((getattr(s, f"{right}_share") for s in shares), Decimal(0)) for right in RIGHT_PREFIXES}
    named = [t.territory for s in shares for t in s.territories.all()]
    territories = list(dict.fromkeys([settings.SOCIETY_TERRITORY.zfill(4), *named]))[:MAX_TERRITORIES]
    rows = []
    for share in shares:
        cells = []
        for tis in territories:
            for right in RIGHT_PREFIXES:
                records = tuple(
                    TerritoryRecord(t.included, t.territory, int(getattr(t, f"{right}_collection") * 100))
                    for t in share.territories.all()
                )
                own = int(getattr(share, f"{right}_share") * 100)
                cells.append(Decimal(collection_share(records, tis, own)) / 100)
        rows.append({"share": share, "cells": cells})
    width = len(territories) * len(RIGHTS)
    column_totals = [sum((row["cells"][i] for row in rows), Decimal(0)) for i in range(width)]
    return {
        "shares": shares,
        "totals": totals,
        "balanced": all(total in (0, 100) for total in totals.values()) and bool(shares),
        "territories": [(tis, territory_label(tis)) for tis in territories],
        "collection_rows": rows,
        "collection_totals": column_totals,
        "rights": list(RIGHTS),
    }


@requires("works.view_work", "works.change_work")
def work_edit(request, pk: int | None = None):
    work = get_object_or_404(Work, pk=pk) if pk else None
    if pk is None and not request.user.has_perm("works.add_work"):
        return redirect("works:list")
    saved = share_data_of(work) if work else []
    if request.method == "POST":
        form, formset = WorkForm(request.POST), ShareFormSet(request.POST, prefix="shares")
        share_errors: list[str] = []
        if form.is_valid() and formset.is_valid():
            try:
                work = save_work(
                    work=work,
                    fields=_work_fields(form),
                    shares=_shares(formset, saved),
                    alternate_titles=form.cleaned_data["alternate_titles"].splitlines(),
                    user=request.user,
                )
            except ValidationError as exc:
                share_errors = _attach_errors(exc, form, formset)
            else:
                messages.success(request, _("Work %(title)s saved.") % {"title": work.title})
                return redirect("works:detail", work.pk)
    else:
        form = WorkForm(initial=_work_initial(work))
        codes = dict(InterestedParty.objects.filter(pk__in=[s.party_id for s in saved]).values_list("pk", "code"))
        formset = ShareFormSet(prefix="shares", initial=[_share_initial(i, s, codes) for i, s in enumerate(saved)])
        share_errors = []
    codes = [str(f["party"].value() or "").strip().upper() for f in formset.forms]
    names = {p.code: p.name for p in InterestedParty.objects.filter(code__in=[c for c in codes if c])}
    context = {"work": work, "form": form, "formset": formset, "share_errors": share_errors, "party_names": names}
    return render(request, "works/edit.html", context)


def _work_initial(work: Work | None) -> dict:
    if work is None:
        return {"version_type": Work.VersionType.ORIGINAL}
    fields = {
        name: getattr(work, name) for name in ("title", "iswc", "language", "duration", "version_type", "submitter_id")
    }
    fields["alternate_titles"] = "\n".join(work.alternate_titles.values_list("title", flat=True))
    return fields


def _share_initial(index: int, share: ShareData, codes: dict[int, str]) -> dict:
    return {
        "origin": index,
        "party": codes[share.party_id],
        "role": share.role,
        "pr_share": share.pr_share,
        "mr_share": share.mr_share,
        "sr_share": share.sr_share,
    }


def _work_fields(form: WorkForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "alternate_titles"}


def _kept_forms(formset) -> list:
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _shares(formset, saved: list[ShareData]) -> list[ShareData]:
    """The edited rows; a row from the saved picture keeps its chain, publisher link and territory records."""
    kept = _kept_forms(formset)
    new_index = {f.cleaned_data["origin"]: i for i, f in enumerate(kept) if f.cleaned_data.get("origin") is not None}
    shares = []
    for f in kept:
        data = f.cleaned_data
        origin = saved[data["origin"]] if data.get("origin") is not None and data["origin"] < len(saved) else None
        shares.append(
            ShareData(
                party_id=data["party"].pk,
                role=data["role"],
                pr_share=data["pr_share"],
                mr_share=data["mr_share"],
                sr_share=data["sr_share"],
                chain=origin.chain if origin else None,
                controlled=origin.controlled if origin else True,
                publisher=new_index.get(origin.publisher) if origin and origin.publisher is not None else None,
                territories=origin.territories if origin else [],
            )
        )
    return shares


def _attach_errors(exc: ValidationError, form, formset) -> list[str]:
    """Service errors next to their fields: `iswc` on the work form, `shares[1].pr_share` on share row 2."""
    kept, general = _kept_forms(formset), []
    for key, errors in exc.message_dict.items():
        if key in form.fields:
            form.add_error(key, errors)
        elif key.startswith("shares[") and "]." in key:
            index, field = key[len("shares[") :].split("].", 1)
            row = kept[int(index)] if int(index) < len(kept) else None
            if row is not None and field in row.fields:
                row.add_error(field, errors)
            else:
                general.extend(errors)
        else:
            general.extend(errors)
    return general
