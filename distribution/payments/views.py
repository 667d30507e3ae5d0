"""Screens of the money loop: claims on suspense and adjustment runs, payment batches, incoming statements.
They call the services (claims, payments, incoming) and never compute money themselves."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from distribution.models import Claim, DistributionRun, IncomingStatement, PaymentBatch
from distribution.payments import incoming, incoming_csv
from distribution.payments import services as payments
from distribution.runs import claims, engine
from distribution.runs.calculation import RunError
from distribution.runs.filtersets import ClaimFilterSet
from rightowners.models import InterestedParty
from wipoconnect.core.roles import requires
from works.models import Work

LIST_SIZE = 200


def _errors(request, exc: Exception) -> None:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


@requires("distribution.view_claim")
def claim_list(request):
    status = request.GET.get("status", "")
    found = ClaimFilterSet(
        request.GET, queryset=Claim.objects.select_related("work", "claimant", "run").order_by("-id")
    ).qs
    approved = DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED, origin__isnull=True)
    suspense = [(run, claims.balance(run)) for run in approved.order_by("-id")[:20]]
    context = {"claims": found[:LIST_SIZE], "status": status, "statuses": Claim.Status.choices,
               "suspense": [(run, left) for run, left in suspense if any(left.values())]}  # fmt: skip
    return render(request, "money/claims.html", context)


@require_POST
@requires("distribution.view_claim", "distribution.change_claim")
def claim_file(request):
    data = request.POST
    try:
        work = _work(data.get("work", ""))
        claimant = _party(data.get("claimant", "")) if data.get("claimant") else None
        claims.file_claim(
            run_id=int(data.get("run") or 0), account=data.get("account", "unidentified"), key=data.get("key", ""),
            work_id=work.pk, claimant_id=claimant.pk if claimant else None, evidence=data.get("evidence", ""),
            user=request.user,
        )  # fmt: skip
    except (ValidationError, ValueError, DistributionRun.DoesNotExist) as exc:
        _errors(request, exc if not isinstance(exc, DistributionRun.DoesNotExist) else ValueError("no such run"))
    else:
        messages.success(request, "Claim filed.")
    return redirect("money:claims")


@require_POST
@requires("distribution.view_claim", "distribution.change_claim")
def claim_decide(request, pk: int, decision: str):
    try:
        if decision == "accept":
            claims.accept_claim(claim_id=pk, note=request.POST.get("note", ""), user=request.user)
        else:
            claims.reject_claim(claim_id=pk, note=request.POST.get("note", ""), user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("money:claims")


@require_POST
@requires("distribution.view_claim", "distribution.change_claim", "distribution.add_distributionrun")
def run_pay(request, pk: int, kind: str):
    """Pay the run's accepted claims (adjustment run), or release its suspense after the claims period."""
    service = claims.run_adjustment if kind == "adjust" else claims.release_suspense
    try:
        run = service(run_id=pk, user=request.user)
    except (RunError, engine.EngineError) as exc:
        _errors(request, exc)
        return redirect("money:claims")
    messages.success(request, f"Run {run.pk} calculated: {run.gross} drawn from run {pk}'s suspense; approve it.")
    return redirect("distribution:detail", run.pk)


def _work(text: str) -> Work:
    text = text.strip().upper()
    work = Work.objects.filter(Q(iswc=text) | Q(code=text)).first()
    if work is None:
        raise ValueError(f"no work with ISWC or code {text!r}")
    return work


def _party(text: str) -> InterestedParty:
    text = text.strip()
    party = InterestedParty.objects.filter(
        Q(ipi_name=text.zfill(11) if text.isdigit() else text) | Q(code=text)
    ).first()
    if party is None:
        raise ValueError(f"no party with IPI name number or code {text!r}")
    return party


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
        batch = payments.create_batch(run_ids=run_ids, execution_date=date.fromisoformat(when) if when else None,
                                      user=request.user)  # fmt: skip
    except (ValidationError, ValueError) as exc:
        _errors(request, exc)
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
        payments.record_status(end_to_end_ids=request.POST.getlist("transfers"), status=request.POST.get("status"),
                               user=request.user)  # fmt: skip
    except ValidationError as exc:
        _errors(request, exc)
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
            data=upload.read(), filename=upload.name, society=data.get("society", ""),
            currency=data.get("currency", ""), rate=data.get("rate", ""),
        )  # fmt: skip
    except (ValidationError, ValueError, incoming_csv.StatementError, engine.EngineError) as exc:
        _errors(request, exc)
        return redirect("money:incoming")
    if not created:
        messages.info(request, f"This file was imported already (statement {statement.pk}).")
    return redirect("distribution:detail", statement.run_id)
