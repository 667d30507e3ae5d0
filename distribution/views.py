"""Usage and distribution screens. They call the services of distribution (import, identification, review,
runs, statements) and show their jobs' progress; they never compute money or matches themselves."""

import csv
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distribution import engine, identification, runs, statements
from distribution.calculation import RunError
from distribution.forms import RunParametersForm, RunReportsForm, UsageUploadForm, WorkPickForm
from distribution.models import DistributionRun, Match, PayoutLine, UsageReport
from distribution.usage_tasks import IDENTIFY_JOB, IMPORT_JOB, identify_report_task, import_usage_task
from rightowners.models import InterestedParty, Society
from wipoconnect import jobs
from wipoconnect.models import Job
from wipoconnect.templatetags.ui import suspense_label
from wipoconnect.views import requires
from works.filtersets import WorkFilterSet
from works.models import Work

PAGE_SIZE = 50
WIZARD = "run_wizard"  # session key of the run wizard's answers

# Usage reports


@requires("distribution.view_usagereport")
def report_list(request):
    reports = Paginator(UsageReport.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "usage/list.html", {"page": reports, "form": UsageUploadForm(), "query": ""})


@requires("distribution.view_usagereport", "distribution.add_usagereport")
def report_upload(request):
    form = UsageUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "usage/upload.html", {"form": form})
    data = form.cleaned_data
    path = _store_upload(data["file"])
    job = jobs.create_job(IMPORT_JOB, user=request.user)
    period = f"{data['period_start']:%Y-%m-%d}..{data['period_end']:%Y-%m-%d}"
    import_usage_task.delay(job.pk, str(path), data["source"], period, data["right_type"], data["territory"],
                            data["format"] or None)
    return redirect("usage:import-progress", job.pk)


def _store_upload(upload) -> Path:
    """Uploads are kept under MEDIA_ROOT so a worker on the same volume can read them."""
    folder = Path(settings.MEDIA_ROOT) / "usage" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / Path(upload.name).name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@requires("distribution.view_usagereport")
def import_progress(request, job_id: int):
    job = get_object_or_404(Job, pk=job_id, kind=IMPORT_JOB)
    report_id = (job.result or {}).get("report")
    if job.status == Job.Status.SUCCEEDED and report_id:
        messages.success(request, _("Report imported: %(lines)s lines, %(rejected)s rejected.")
                         % _import_counts(report_id))
        return redirect("usage:detail", report_id)
    return render(request, "usage/import_progress.html", {"job": job})


def _import_counts(report_id: int) -> dict:
    report = UsageReport.objects.get(pk=report_id)
    return {"lines": report.line_count, "rejected": report.rejected_count}


@requires("distribution.view_usagereport")
def report_detail(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    by_status = dict(report.matches.values_list("status").annotate(keys=Count("id")).values_list("status", "keys"))
    job = Job.objects.filter(pk=request.GET.get("job"), kind=IDENTIFY_JOB).first() if request.GET.get("job") else None
    context = {
        "report": report,
        "counts": identification.report_counts(report),
        "statuses": [(label, by_status.get(value, 0), value) for value, label in Match.Status.choices],
        "rejections": report.rejections.all()[:50],
        "job": job,
    }
    return render(request, "usage/detail.html", context)


@require_POST
@requires("distribution.view_usagereport", "distribution.change_usagereport")
def report_identify(request, pk: int):
    report = get_object_or_404(UsageReport, pk=pk)
    job = jobs.create_job(IDENTIFY_JOB, user=request.user)
    identify_report_task.delay(job.pk, report.pk)
    return redirect(f"{reverse('usage:detail', args=[report.pk])}?job={job.pk}")


# Review queue


def _queue(request):
    matches = Match.objects.filter(status=Match.Status.REVIEW).select_related("report").order_by("-plays", "id")
    if request.GET.get("report"):
        matches = matches.filter(report_id=request.GET["report"])
    return matches


@requires("distribution.view_match")
def review_queue(request):
    page = Paginator(_queue(request), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "usage/review.html", {"page": page, "query": query.urlencode()})


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_bulk(request):
    ids = [int(i) for i in request.POST.getlist("match") if i.isdigit()]
    action = request.POST.get("action", "")
    if not ids:
        messages.warning(request, _("Select at least one usage key."))
    else:
        try:
            count = identification.bulk_review(match_ids=ids, action=action, user=request.user)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("%(count)s usage keys decided.") % {"count": count})
    return redirect(request.POST.get("next") or "usage:review")


@requires("distribution.view_match")
def review_match(request, pk: int):
    match = get_object_or_404(Match.objects.select_related("report", "work"), pk=pk)
    candidate_works = Work.objects.prefetch_related("shares__party").in_bulk([c["work"] for c in match.candidates])
    candidates = [{**c, "obj": candidate_works.get(c["work"])} for c in match.candidates]
    pick = WorkPickForm(request.GET or None)
    found = []
    if request.GET.get("q"):
        found = WorkFilterSet({"q": request.GET["q"]}, queryset=Work.objects.prefetch_related("shares__party")).qs[:10]
    context = {
        "match": match,
        "candidates": candidates,
        "lines": match.lines.all()[:10],
        "pick": pick,
        "found": found,
        "next_match": _queue(request).exclude(pk=match.pk).first(),
    }
    return render(request, "usage/match.html", context)


def _after_decision(request, match: Match):
    following = Match.objects.filter(status=Match.Status.REVIEW, report=match.report).order_by("-plays", "id").first()
    return redirect("usage:match", following.pk) if following else redirect("usage:review")


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_accept(request, pk: int):
    work_id = request.POST.get("work")
    try:
        match = identification.accept_candidate(match_id=pk, work_id=int(work_id) if work_id else None,
                                                user=request.user)
    except (ValidationError, Match.DoesNotExist) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("usage:match", pk)
    messages.success(request, _("Usage “%(usage)s” identified as %(work)s.")
                     % {"usage": match.title, "work": match.work.title})
    return _after_decision(request, match)


@require_POST
@requires("distribution.view_match", "distribution.change_match")
def review_unidentifiable(request, pk: int):
    match = identification.mark_unidentifiable(match_id=pk, user=request.user)
    messages.success(request, _("Usage “%(usage)s” marked as not in the repertoire.") % {"usage": match.title})
    return _after_decision(request, match)


# Distribution runs


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
            state = {"right": form.cleaned_data["right_type"],
                     "reports": [r.pk for r in form.cleaned_data["reports"]]}
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
    gross = engine.parse_amount(params["gross"], _("gross"))
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
        "threshold": engine.parse_amount(params["threshold"]),
    }


def _create_and_calculate(request, state: dict):
    params = state["parameters"]
    try:
        run = runs.create_run(
            name=params["name"], report_ids=state["reports"], right=state["right"], territory=params["territory"],
            gross=params["gross"], currency=params["currency"], admin=params["admin"], social=params["social"],
            weighting=params["weighting"], threshold=params["threshold"], user=request.user,
        )  # fmt: skip
        runs.calculate(run, user=request.user)
    except (RunError, engine.EngineError) as exc:
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
    }
    return render(request, "distribution/detail.html", context)


def _payees(run: DistributionRun, limit: int = 200) -> list[dict]:
    """Payees and suspense accounts by amount (largest first), with the party or society behind the key."""
    rows = list(
        PayoutLine.objects.filter(run=run)
        .values("payee", "party_id", "society_id")
        .annotate(amount=Sum("amount"), works=Count("work", distinct=True))
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
    except (RunError, engine.EngineError) as exc:
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
    columns = ("payee_kind", "payee", "work_key", "amount", "work__title", "work__iswc", "roles", "share", "weight")
    lines = sorted(PayoutLine.objects.filter(run=run, payee=payee).values_list(*columns),
                   key=lambda row: (statements.KIND_ORDER[row[0]], row[1], row[2]))
    if not run.summary or not lines:
        raise Http404
    _, rows = statements.statements(run, lines)[payee]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run_{run.pk}_statement_{payee}.csv"'
    writer = csv.writer(response)
    writer.writerow(statements.STATEMENT_COLUMNS)
    writer.writerows(rows)
    return response
