"""Screens of payments: payment batches with their files and bank answers, statements received from sister
societies, and the panel of payments on the party screen. They call the services and never compute money."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from distribution.payments import incoming, incoming_csv
from distribution.payments import services as payments
from distribution.payments.models import CreditTransfer, IncomingStatement, PaymentBatch
from distribution.runs import engine
from distribution.runs.models import DistributionRun, PayoutLine
from rightowners.models import InterestedParty
from wipoconnect.core.screens import requires, show_error

LIST_SIZE = 200


# Payments


@requires("distribution.view_paymentbatch")
def batch_list(request):
    payable = DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED).order_by("-id")[:50]
    batches = PaymentBatch.objects.order_by("-id")[:LIST_SIZE]
    return render(request, "money/batches.html", {"batches": batches, "payable": payable})


@require_POST
@requires("distribution.view_paymentbatch", "distribution.add_paymentbatch")
def batch_create(request):
    try:
        run_ids = [int(x) for x in request.POST.getlist("runs")]
        when = request.POST.get("execution_date")
        batch = payments.create_batch(
            run_ids=run_ids, execution_date=date.fromisoformat(when) if when else None, user=request.user
        )
    except (ValidationError, ValueError) as exc:
        show_error(request, exc)
        return redirect("money:batches")
    return redirect("money:batch", batch.pk)


@requires("distribution.view_paymentbatch", "distribution.view_credittransfer")
def batch_detail(request, pk: int):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    context = {"batch": batch, "transfers": batch.transfers.order_by("end_to_end_id"), "runs": batch.runs.all()}
    return render(request, "money/batch.html", context)


@require_POST
@requires("distribution.view_paymentbatch", "distribution.change_credittransfer")
def batch_mark(request, pk: int):
    try:
        payments.record_status(
            end_to_end_ids=request.POST.getlist("transfers"), status=request.POST.get("status"), user=request.user
        )
    except ValidationError as exc:
        show_error(request, exc)
    return redirect("money:batch", pk)


@requires("distribution.view_paymentbatch")
def batch_file(request, pk: int, kind: str):
    batch = get_object_or_404(PaymentBatch, pk=pk)
    if kind == "xml":
        content, media, name = batch.document, "application/xml", f"pain001_{batch.message_id}.xml"
    else:
        content, media, name = payments.csv_text(batch), "text/csv", f"payments_{batch.message_id}.csv"
    response = HttpResponse(content, content_type=f"{media}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Incoming statements


@requires("distribution.view_incomingstatement")
def incoming_list(request):
    statements = IncomingStatement.objects.select_related("society", "run").order_by("-id")[:LIST_SIZE]
    return render(request, "money/incoming.html", {"statements": statements})


@require_POST
@requires("distribution.view_incomingstatement", "distribution.add_incomingstatement")
def incoming_upload(request):
    upload = request.FILES.get("file")
    data = request.POST
    try:
        if upload is None:
            raise ValueError("choose a statement file")
        statement, created = incoming.import_statement(
            data=upload.read(),
            filename=upload.name,
            society=data.get("society", ""),
            currency=data.get("currency", ""),
            rate=data.get("rate", ""),
        )
    except (ValidationError, ValueError, incoming_csv.StatementError, engine.EngineError) as exc:
        show_error(request, exc)
        return redirect("money:incoming")
    if not created:
        messages.info(request, f"This file was imported already (statement {statement.pk}).")
    return redirect("distribution:detail", statement.run_id)


# Panel on the party screen (registered in DistributionConfig.ready)

PAID_KINDS = (PayoutLine.PayeeKind.MEMBER, PayoutLine.PayeeKind.BROUGHT_FORWARD, PayoutLine.PayeeKind.CARRY_FORWARD)


def party_payments(request, party: InterestedParty) -> dict:
    """What the party received per run, and its bank transfers."""
    transfers = CreditTransfer.objects.filter(party=party).select_related("batch").order_by("-batch", "id")[:50]
    return {"payments": _payments_of(party), "transfers": transfers}


def _payments_of(party: InterestedParty) -> list[dict]:
    """Per run: paid (member and brought-forward lines) and carried forward, from the runs' payout lines."""
    rows = (
        PayoutLine.objects.filter(party=party, payee_kind__in=PAID_KINDS)
        .values("run_id", "run__name", "run__status", "run__currency", "run__approved_at", "payee_kind")
        .annotate(amount=Sum("amount"))
        .order_by("-run_id")
    )
    runs: dict[int, dict] = {}
    for row in rows:
        run = runs.setdefault(
            row["run_id"],
            {
                "id": row["run_id"],
                "name": row["run__name"],
                "status": row["run__status"],
                "currency": row["run__currency"],
                "approved_at": row["run__approved_at"],
                "paid": 0,
                "carried": 0,
            },
        )
        key = "carried" if row["payee_kind"] == PayoutLine.PayeeKind.CARRY_FORWARD else "paid"
        run[key] += row["amount"]
    return list(runs.values())
