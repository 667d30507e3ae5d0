"""Distribution screens: the run wizard (reports, parameters, preview), progress, summary with suspense,
approval and statements; neighbouring-rights runs started as jobs; claims on suspense and the runs that pay them.
They call the run services and the engine's own functions; they never compute money."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distribution.runs import claims, engine, statements
from distribution.runs import services as runs
from distribution.runs.engine.related import FEATURED, MAIN, NON_FEATURED, PRODUCER
from distribution.runs.filtersets import ClaimFilterSet
from distribution.runs.forms import RelatedRunForm, RunParametersForm, RunReportsForm
from distribution.runs.models import Claim, DistributionRun, PayoutLine
from distribution.runs.phases import RunError
from distribution.runs.related import is_related
from distribution.runs.tasks import RELATED_RUN_JOB, start_related_run
from distribution.usage import identification
from distribution.usage.models import UsageReport
from distribution.usage.recording_views import report_counts
from rightowners.models import InterestedParty, Society
from wipoconnect.core import money
from wipoconnect.core.codes import RELATED_RIGHT
from wipoconnect.core.errors import DomainError
from wipoconnect.core.jobs import error_message
from wipoconnect.core.labels import suspense_label
from wipoconnect.core.models import Job
from wipoconnect.core.screens import requires, show_error
from wipoconnect.core.tabular import csv_text
from works.models import Work

PAGE_SIZE = 50
CLAIMS_SHOWN = 200
WIZARD = "run_wizard"  # session key of the run wizard's answers


@requires("distribution.view_distributionrun")
def run_list(request):
    page = Paginator(DistributionRun.objects.select_related("job"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "distribution/list.html", {"page": page, "query": ""})


@requires("distribution.view_distributionrun", "distribution.add_distributionrun")
def run_wizard(request):
    """Three steps kept in the session: reports, parameters, preview; confirming creates and calculates."""
    state = request.session.get(WIZARD, {})
    step = request.POST.get("step") if request.method == "POST" else "reports"
    if step == "reports":
        form = RunReportsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            state = {"right": form.cleaned_data["right_type"], "reports": [r.pk for r in form.cleaned_data["reports"]]}
            request.session[WIZARD] = state
            return _wizard_page(request, "parameters", RunParametersForm(initial={"name": _default_name(state)}))
        return _wizard_page(request, "reports", form)
    if step == "parameters":
        form = RunParametersForm(request.POST)
        if not state or not form.is_valid():
            return _wizard_page(request, "parameters", form)
        state["parameters"] = {k: str(v) for k, v in form.cleaned_data.items()}
        request.session[WIZARD] = state
        return _wizard_page(request, "preview", None, preview=_preview(state))
    if step == "confirm" and state.get("parameters"):
        return _create_and_calculate(request, state)
    return redirect("distribution:new")


def _default_name(state: dict) -> str:
    reports = UsageReport.objects.filter(pk__in=state["reports"])
    start = min(r.period_start for r in reports)
    end = max(r.period_end for r in reports)
    return f"{state['right']} {start:%Y-%m-%d}..{end:%Y-%m-%d}"


def _wizard_page(request, step: str, form, preview: dict | None = None):
    context = {"step": step, "form": form, "preview": preview}
    if step == "reports":
        context["all_reports"] = UsageReport.objects.order_by("-period_end", "-id")[:200]
        context["selected"] = {int(i) for i in request.POST.getlist("reports") if i.isdigit()}
    return render(request, "distribution/wizard.html", context)


def _preview(state: dict) -> dict:
    """What the run will cover and the deductions, from the engine's own functions (nothing is written)."""
    params = state["parameters"]
    reports = list(UsageReport.objects.filter(pk__in=state["reports"]))
    counts = [identification.report_counts(r) for r in reports]
    gross = money.parse_minor(params["gross"], params["currency"], _("gross"))
    deductions = engine.deduct(gross, engine.parse_percent(params["admin"]), engine.parse_percent(params["social"]))
    return {
        "params": params,
        "right": state["right"],
        "reports": reports,
        "lines": sum(r.line_count for r in reports),
        "identified": sum(c.auto for c in counts),
        "review": sum(c.review for c in counts),
        "unidentified": sum(c.unidentified for c in counts),
        "deductions": deductions,
        "threshold": money.parse_minor(params["threshold"], params["currency"]),
    }


def _create_and_calculate(request, state: dict):
    params = state["parameters"]
    try:
        run = runs.create_run(
            name=params["name"],
            report_ids=state["reports"],
            right=state["right"],
            territory=params["territory"],
            gross=params["gross"],
            currency=params["currency"],
            admin=params["admin"],
            social=params["social"],
            weighting=params["weighting"],
            threshold=params["threshold"],
            user=request.user,
        )
        runs.calculate(run, user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("distribution:new")
    request.session.pop(WIZARD, None)
    messages.success(request, _("Distribution run %(name)s created; calculation started.") % {"name": run.name})
    return redirect("distribution:detail", run.pk)


@requires("distribution.view_distributionrun")
def run_detail(request, pk: int):
    run = get_object_or_404(DistributionRun.objects.select_related("job", "approved_by"), pk=pk)
    context = {
        "run": run,
        "summary": run.summary or {},
        "payees": _payees(run),
        "payee_count": PayoutLine.objects.filter(run=run).values("payee").distinct().count(),
        "reports": run.reports.all(),
        "finished": run.job is None or run.job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED),
        **run_context(run),  # a neighbouring-rights run: its split, performers' and producers' totals
    }
    return render(request, "distribution/detail.html", context)


def _payees(run: DistributionRun, limit: int = 200) -> list[dict]:
    """Payees and suspense accounts by amount (largest first), with the party or society behind the key."""
    rows = list(
        PayoutLine.objects.filter(run=run)
        .values("payee", "party_id", "society_id")
        .annotate(amount=Sum("amount"), works=Count("work", distinct=True) + Count("recording", distinct=True))
        .order_by("-amount", "payee")[:limit]
    )
    parties = InterestedParty.objects.in_bulk({r["party_id"] for r in rows if r["party_id"]})
    societies = Society.objects.in_bulk({r["society_id"] for r in rows if r["society_id"]})
    for row in rows:
        owner = parties.get(row["party_id"]) or societies.get(row["society_id"])
        row["name"] = owner.name if owner else suspense_label(row["payee"])
        row["is_society"] = bool(row["society_id"])
        row["is_suspense"] = owner is None
    return rows


@require_POST
@requires("distribution.view_distributionrun", "distribution.change_distributionrun")
def run_calculate(request, pk: int):
    run = get_object_or_404(DistributionRun, pk=pk)
    try:
        runs.calculate(run, user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("distribution:detail", run.pk)


@require_POST
@requires("distribution.view_distributionrun", "distribution.approve_distributionrun")
def run_approve(request, pk: int):
    try:
        run = runs.approve(pk, user=request.user)
    except DistributionRun.DoesNotExist:
        raise Http404 from None
    except RunError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Distribution run %(name)s approved.") % {"name": run.name})
    return redirect("distribution:detail", pk)


@requires("distribution.view_distributionrun", "distribution.view_payoutline")
def run_statements_zip(request, pk: int, fmt: str):
    run = get_object_or_404(DistributionRun, pk=pk)
    if fmt not in statements.FORMATS:
        raise Http404
    try:
        content = statements.export_zip(run, fmt)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("distribution:detail", pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="run_{run.pk}_statements_{fmt}.zip"'
    return response


@requires("distribution.view_distributionrun", "distribution.view_payoutline")
def run_statement(request, pk: int, payee: str):
    """One payee's statement (CSV): the statements service's rows, from that payee's lines only."""
    run = get_object_or_404(DistributionRun, pk=pk)
    # A neighbouring-rights line names a recording where a usage run's names a work (as statements._lines reads).
    title = Coalesce("work__title", "recording__title")
    columns = ("payee_kind", "payee", "work_key", "amount", title, "work__iswc", "roles", "share", "weight")
    lines = sorted(
        PayoutLine.objects.filter(run=run, payee=payee).values_list(*columns),
        key=lambda row: (statements.KIND_ORDER[row[0]], row[1], row[2]),
    )
    if not run.summary or not lines:
        raise Http404
    _, rows = statements.statements(run, lines)[payee]
    text = csv_text(statements.STATEMENT_COLUMNS, rows, line_end="\r\n")
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run_{run.pk}_statement_{payee}.csv"'
    return response


@requires("distribution.view_claim")
def claim_list(request):
    status = request.GET.get("status", "")
    found = ClaimFilterSet(
        request.GET, queryset=Claim.objects.select_related("work", "claimant", "run").order_by("-id")
    ).qs
    approved = DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED, origin__isnull=True)
    suspense = [(run, claims.balance(run)) for run in approved.order_by("-id")[:20]]
    context = {
        "claims": found[:CLAIMS_SHOWN],
        "status": status,
        "statuses": Claim.Status.choices,
        "suspense": [(run, left) for run, left in suspense if any(left.values())],
    }
    return render(request, "money/claims.html", context)


@require_POST
@requires("distribution.view_claim", "distribution.change_claim")
def claim_file(request):
    data = request.POST
    try:
        work = _work(data.get("work", ""))
        claimant = _party(data.get("claimant", "")) if data.get("claimant") else None
        claims.file_claim(
            run_id=int(data.get("run") or 0),
            account=data.get("account", "unidentified"),
            key=data.get("key", ""),
            work_id=work.pk,
            claimant_id=claimant.pk if claimant else None,
            evidence=data.get("evidence", ""),
            user=request.user,
        )
    except (ValidationError, ValueError, DistributionRun.DoesNotExist) as exc:
        show_error(request, exc if not isinstance(exc, DistributionRun.DoesNotExist) else ValueError("no such run"))
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
        show_error(request, exc)
    return redirect("money:claims")


@require_POST
@requires("distribution.view_claim", "distribution.change_claim", "distribution.add_distributionrun")
def run_pay(request, pk: int, kind: str):
    """Pay the run's accepted claims (adjustment run), or release its suspense after the claims period."""
    service = claims.run_adjustment if kind == "adjust" else claims.release_suspense
    try:
        run = service(run_id=pk, user=request.user)
    except DomainError as exc:
        show_error(request, exc)
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
