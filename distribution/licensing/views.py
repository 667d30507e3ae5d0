"""Staff screens of licensing and collection: receivables with aging, invoices with their calculation and credit
notes, a licensee's ledger, collection pools with their draws. They call the services and never compute money."""

import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from distribution.licensing import engine as licensing
from distribution.licensing import invoicing, receivables
from distribution.licensing import services as collection
from distribution.licensing.models import CollectionPool, Invoice, Licensee
from distribution.licensing.payment_import import import_payments
from wipoconnect.core import money
from wipoconnect.core.screens import requires

LIST_SIZE = 200


def _error(request, exc: Exception) -> None:
    messages.error(request, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))


def _day(text: str) -> date:
    return date.fromisoformat(text) if text else timezone.localdate()


@requires("distribution.view_invoice")
def receivables_view(request):
    try:
        today = _day(request.GET.get("on", ""))
    except ValueError:
        today = timezone.localdate()
    context = {
        "today": today,
        "balances": receivables.balances(today),
        "overdue": receivables.overdue(today).select_related("licensee").order_by("due_on")[:LIST_SIZE],
        "kinds": Licensee.Kind.choices,
        "currency": settings.CURRENCY,
        "territory": settings.SOCIETY_TERRITORY,
    }
    return render(request, "licensing/receivables.html", context)


@requires("distribution.view_invoice")
def invoice_list(request):
    found = receivables.with_open_amount(Invoice.objects.select_related("licensee")).order_by("-issued_on", "-number")
    if request.GET.get("open"):
        found = found.filter(kind=Invoice.Kind.INVOICE, open_amount__gt=0)
    if request.GET.get("q"):
        q = request.GET["q"].strip()
        found = found.filter(number__icontains=q) | found.filter(licensee__name__icontains=q)
    return render(request, "licensing/invoices.html", {"invoices": found[:LIST_SIZE], "q": request.GET.get("q", "")})


@requires("distribution.view_invoice")
def invoice_detail(request, pk: int):
    queryset = receivables.with_open_amount(Invoice.objects.select_related("licensee", "agreement", "credited"))
    invoice = get_object_or_404(queryset, pk=pk)
    context = {
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "notes": invoice.credit_notes.order_by("issued_on", "number"),
        "allocations": invoice.allocations.select_related("payment").order_by("id"),
    }
    return render(request, "licensing/invoice.html", context)


@require_POST
@requires("distribution.view_invoice", "distribution.add_invoice")
def invoice_credit(request, pk: int):
    invoice = get_object_or_404(Invoice, pk=pk)
    try:
        amount = request.POST.get("amount", "").strip()
        invoicing.issue_credit_note(
            invoice=invoice,
            amount=money.parse_minor(amount, invoice.currency, grouped=True) if amount else None,
            reason=request.POST.get("reason", "").strip() or "correction",
            user=request.user,
        )
    except (ValidationError, licensing.LicensingError, money.MoneyError) as exc:
        _error(request, exc)
    else:
        messages.success(request, "Credit note issued.")
    return redirect("licensing:invoice", pk=pk)


@require_POST
@requires("distribution.add_invoice")
def invoice_period(request):
    try:
        result = invoicing.invoice_period(
            period=licensing.parse_period(request.POST.get("period", "")), user=request.user
        )
    except (ValidationError, licensing.LicensingError) as exc:
        _error(request, exc)
        return redirect("licensing:receivables")
    messages.success(request, f"{len(result['invoices'])} invoices issued, {result['already']} already invoiced.")
    for problem in result["problems"][:20]:
        messages.warning(request, f"Not invoiced: {problem}")
    return redirect("licensing:invoices")


@require_POST
@requires("distribution.add_payment")
def payment_upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a bank file (CSV or XLSX).")
        return redirect("licensing:receivables")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.read())
        try:
            result = import_payments(path, user=request.user)
        except (licensing.LicensingError, ValueError) as exc:
            _error(request, exc)
            return redirect("licensing:receivables")
    messages.success(request, result.first_line())
    for rejection in result.rejected[:20]:
        messages.warning(request, rejection)
    return redirect("licensing:receivables")


@requires("distribution.view_invoice")
def licensee_ledger(request, pk: int):
    licensee = get_object_or_404(Licensee, pk=pk)
    context = {"licensee": licensee, "rows": receivables.ledger(licensee), "agreements": licensee.agreements.all()}
    return render(request, "licensing/licensee.html", context)


@requires("distribution.view_collectionpool")
def pool_list(request):
    pools = CollectionPool.objects.prefetch_related("draws__run").order_by("-period_start", "-id")[:LIST_SIZE]
    context = {
        "pools": pools,
        "kinds": Licensee.Kind.choices,
        "currency": settings.CURRENCY,
        "territory": settings.SOCIETY_TERRITORY,
    }
    return render(request, "licensing/pools.html", context)


@require_POST
@requires("distribution.add_collectionpool")
def pool_create(request):
    data = request.POST
    try:
        pool = collection.create_pool(
            source=data.get("source", ""),
            right_type=data.get("right_type", ""),
            territory=data.get("territory") or settings.SOCIETY_TERRITORY,
            period=licensing.parse_period(data.get("period", "")),
            currency=data.get("currency") or settings.CURRENCY,
            user=request.user,
        )
    except (ValidationError, licensing.LicensingError) as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Pool {pool.pk} created: {pool.collected} collected (minor units).")
    return redirect("licensing:pools")
