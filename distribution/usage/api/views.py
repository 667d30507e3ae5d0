"""Usage reports (upload, identify, export, rejected rows) and the review queue of identification."""

import tempfile
from pathlib import Path

import django_filters
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from distribution.usage import identification
from distribution.usage.api import serializers as s
from distribution.usage.export import export_rows, export_usage
from distribution.usage.models import Match, UsageRejection, UsageReport
from distribution.usage.tasks import IDENTIFY_JOB, IMPORT_JOB, identify_report_task, import_usage_task
from wipoconnect.core import jobs
from wipoconnect.core.api.errors import service_errors
from wipoconnect.core.api.permissions import StaffModelPermissions
from wipoconnect.core.tabular import csv_lines
from wipoconnect.core.uploads import store_upload


class ChangePermissions(StaffModelPermissions):
    """Review actions change matches; uploads and identification change reports."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


class UsageReportFilterSet(django_filters.FilterSet):
    class Meta:
        model = UsageReport
        fields = ["source", "right_type", "status", "format"]


class MatchFilterSet(django_filters.FilterSet):
    class Meta:
        model = Match
        fields = ["report", "status", "method", "work"]


def _job_response(job, report_id=None) -> Response:
    job.refresh_from_db()
    report = report_id or (job.result or {}).get("report")
    code = status.HTTP_201_CREATED if job.status == job.Status.SUCCEEDED else status.HTTP_202_ACCEPTED
    if job.status == job.Status.FAILED:
        code = status.HTTP_400_BAD_REQUEST
    return Response({"job": job.pk, "status": job.status, "report": report, "result": job.result,
                     "error": job.error}, status=code)


class UsageReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = UsageReport.objects.all()
    serializer_class = s.UsageReportSerializer
    filterset_class = UsageReportFilterSet
    permission_classes = [ChangePermissions]

    def get_serializer_class(self):
        return s.UsageReportDetailSerializer if self.action == "retrieve" else s.UsageReportSerializer

    @extend_schema(request={"multipart/form-data": s.UsageUploadSerializer}, responses=s.JobStartedSerializer)
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser])
    def upload(self, request):
        """Import a usage file (CSV, XLSX, DDEX DSR) as a job; 201 when done in-process, 202 when queued."""
        form = s.UsageUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        path = store_upload(data["file"], "usage")
        job = jobs.create_job(IMPORT_JOB, user=request.user)
        import_usage_task.delay(job.pk, str(path), data["source"], data["period"], data["right_type"],
                                data.get("territory") or settings.SOCIETY_TERRITORY, data.get("format"))
        return _job_response(job)

    @extend_schema(request=None, responses=s.JobStartedSerializer)
    @action(detail=True, methods=["post"])
    def identify(self, request, pk=None):
        """Identify the report's works as a job (auto, review, unidentified)."""
        report = self.get_object()
        job = jobs.create_job(IDENTIFY_JOB, user=request.user)
        identify_report_task.delay(job.pk, report.pk)
        return _job_response(job, report.pk)

    @extend_schema(
        parameters=[OpenApiParameter("file_format", str, enum=["csv", "xlsx"], description="default csv")],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """Every line with its original columns, then line, status, work, candidate, method, score."""
        report = self.get_object()
        if request.query_params.get("file_format") == "xlsx":
            out = Path(tempfile.mkdtemp()) / f"usage_{report.pk}.xlsx"
            export_usage(report=report, out=out)
            return FileResponse(open(out, "rb"), as_attachment=True, filename=out.name)  # noqa: SIM115
        response = StreamingHttpResponse(csv_lines(export_rows(report)), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="usage_{report.pk}.csv"'
        return response

    @extend_schema(responses=s.UsageRejectionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rejections(self, request, pk=None):
        """Rows refused at import, with line, field and reason."""
        report = self.get_object()
        page = self.paginate_queryset(UsageRejection.objects.filter(report=report).order_by("line"))
        return self.get_paginated_response(s.UsageRejectionSerializer(page, many=True).data)


class MatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Distinct usage keys of reports with their identification; `?status=review` is the review queue."""

    queryset = Match.objects.select_related("work").order_by("-plays", "id")
    serializer_class = s.MatchSerializer
    filterset_class = MatchFilterSet
    permission_classes = [ChangePermissions]

    @extend_schema(request=s.AcceptSerializer, responses=s.MatchSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Confirm the best candidate, another candidate, or any work picked by search (`work`)."""
        form = s.AcceptSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        match = self.get_object()
        with service_errors():
            match = identification.accept_candidate(match_id=match.pk, work_id=form.validated_data.get("work"),
                                                    user=request.user)
        return Response(s.MatchSerializer(match).data)

    @extend_schema(request=None, responses=s.MatchSerializer)
    @action(detail=True, methods=["post"])
    def unidentifiable(self, request, pk=None):
        """The usage is of no work of the repertoire; remembered for later reports."""
        match = identification.mark_unidentifiable(match_id=self.get_object().pk, user=request.user)
        return Response(s.MatchSerializer(match).data)

    @extend_schema(request=s.BulkReviewSerializer, responses=s.BulkResultSerializer)
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Accept the best candidate of, or mark unidentifiable, several matches at once."""
        form = s.BulkReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with service_errors():
            count = identification.bulk_review(match_ids=form.validated_data["ids"],
                                               action=form.validated_data["action"], user=request.user)
        return Response({"updated": count})

