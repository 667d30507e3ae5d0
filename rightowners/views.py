"""Party screens: search, detail (works, memberships, payments received, history), merge of duplicates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightowners.filtersets import InterestedPartyFilterSet
from rightowners.forms import MergeForm, PartySearchForm
from rightowners.models import InterestedParty
from rightowners.services import merge_parties
from wipoconnect.core import panels
from wipoconnect.core.models import AuditEntry
from wipoconnect.core.screens import query_without_page, requires

PAGE_SIZE = 50


@requires("rightowners.view_interestedparty")
def party_list(request):
    form = PartySearchForm(request.GET or None)
    parties = (
        InterestedParty.objects.filter(merged_into=None)
        .annotate(work_count=Count("shares__work", distinct=True))
        .order_by("last_name", "first_name", "id")
    )
    if request.GET.get("no_ipi"):
        parties = parties.filter(ipi_name=None)
    filtered = InterestedPartyFilterSet(request.GET, queryset=parties).qs
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "parties/list.html", {"form": form, "page": page, "query": query_without_page(request)})


@requires("rightowners.view_interestedparty")
def party_detail(request, pk: int):
    party = get_object_or_404(InterestedParty.objects.select_related("merged_into"), pk=pk)
    context = {
        "party": party,
        "shares": party.shares.select_related("work").order_by("work__title")[:200],
        "share_count": party.shares.count(),
        "memberships": party.memberships.select_related("society"),
        "panels": panels.render("parties:detail", request, party),
        "merged": party.merged_parties.all(),
        "history": AuditEntry.objects.filter(model="rightowners.interestedparty", object_id=party.pk)[:30],
        "merge_form": MergeForm(),
    }
    return render(request, "parties/detail.html", context)


@require_POST
@requires("rightowners.view_interestedparty", "rightowners.change_interestedparty")
def party_merge(request, pk: int):
    keep = get_object_or_404(InterestedParty, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("duplicate", []):
            messages.error(request, error)
        return redirect("parties:detail", keep.pk)
    duplicate = form.cleaned_data["duplicate"]
    try:
        merge_parties(keep=keep, duplicate=duplicate, user=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(duplicate)s (%(code)s) was merged into %(keep)s.")
            % {"duplicate": duplicate.name, "code": duplicate.code, "keep": keep.name},
        )
    return redirect("parties:detail", keep.pk)
