"""Usage reports (upload, identify, export, rejected rows) and the review queue of identification."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from distribution.usage import identification
from distribution.usage.api import serializers as s
from distribution.usage.export import export_rows, export_usage
from distribution.usage.filtersets import MatchFilterSet, UsageReportFilterSet
from distribution.usage.identification import WORKS, Target
from distribution.usage.models import Match, UsageRejection, UsageReport
from distribution.usage.tasks import IMPORT_JOB, import_usage_task, start_identification
from wipoconnect.core import jobs
from wipoconnect.core.api.permissions import StaffModelPermissions
from wipoconnect.core.tabular import csv_lines
from wipoconnect.core.uploads import store_upload


class ChangePermissions(StaffModelPermissions):
    """Review actions change matches; uploads and identification change reports."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


def _job_response(job, report_id=None) -> Response:
    job.refresh_from_db()
    report = report_id or (job.result or {}).get("report")
    code = status.HTTP_201_CREATED if job.status == job.Status.SUCCEEDED else status.HTTP_202_ACCEPTED
    if job.status == job.Status.FAILED:
        code = status.HTTP_400_BAD_REQUEST
    return Response(
        {"job": job.pk, "status": job.status, "report": report, "result": job.result, "error": job.error}, status=code
    )


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
        import_usage_task.delay(
            job.pk,
            str(path),
            data["source"],
            data["period"],
            data["right_type"],
            data.get("territory") or settings.SOCIETY_TERRITORY,
            data.get("format"),
        )
        return _job_response(job)

    @extend_schema(request=None, responses=s.JobStartedSerializer)
    @action(detail=True, methods=["post"])
    def identify(self, request, pk=None):
        """Identify the report's works as a job (auto, review, unidentified)."""
        report = self.get_object()
        return _job_response(start_identification(WORKS, report, user=request.user), report.pk)

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


def decision_schema(row: type[serializers.Serializer], accept: type[serializers.Serializer], name: str):
    """The OpenAPI description of a DecisionViewSet's actions, for rows of `row` decided to a `name`."""
    return extend_schema_view(
        accept=extend_schema(
            request=accept,
            responses=row,
            description=f"Confirm the best candidate, another candidate, or any {name} picked by search (`{name}`); "
            "remembered for later reports.",
        ),
        unidentifiable=extend_schema(
            request=None,
            responses=row,
            description=f"The usage is of no {name} of the repertoire; remembered for later reports.",
        ),
        bulk=extend_schema(request=s.BulkReviewSerializer, responses=s.BulkResultSerializer),
    )


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The keys of reports with their identification to a target (`target`) and the staff decisions on them."""

    target: Target
    accept_serializer_class: type[serializers.Serializer]
    permission_classes = [ChangePermissions]

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        form = self.accept_serializer_class(data=request.data)
        form.is_valid(raise_exception=True)
        chosen = form.validated_data.get(self.target.name)
        row = identification.accept(self.target, self.get_object().pk, chosen, user=request.user)
        return Response(self.get_serializer(row).data)

    @action(detail=True, methods=["post"])
    def unidentifiable(self, request, pk=None):
        row = identification.reject(self.target, self.get_object().pk, user=request.user)
        return Response(self.get_serializer(row).data)

    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Accept the best candidate of, or mark unidentifiable, several keys at once (keys already decided by staff
        are left as they are)."""
        form = s.BulkReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        count = identification.bulk_review(self.target, data["ids"], data["action"], user=request.user)
        return Response({"updated": count})


@decision_schema(s.MatchSerializer, s.AcceptSerializer, "work")
class MatchViewSet(DecisionViewSet):
    """Distinct usage keys of reports with their identification; `?status=review` is the review queue."""

    target = WORKS
    queryset = Match.objects.select_related("work").order_by("-plays", "id")
    serializer_class = s.MatchSerializer
    accept_serializer_class = s.AcceptSerializer
    filterset_class = MatchFilterSet
