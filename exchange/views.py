"""Exchange screens: CWR files received and sent, with their acknowledgements."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from exchange.models import CwrFile
from wipoconnect.views import requires

PAGE_SIZE = 50


@requires("exchange.view_cwrfile")
def cwr_list(request):
    page = Paginator(CwrFile.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/list.html", {"page": page, "query": ""})


@requires("exchange.view_cwrfile")
def cwr_detail(request, pk: int):
    cwr = get_object_or_404(CwrFile, pk=pk)
    return render(request, "exchange/detail.html", {"cwr": cwr})
