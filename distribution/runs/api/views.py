"""Distribution runs: create (and calculate), recalculate, progress, summary with suspense, approve, lines,
statements. Approval needs the permission distribution.approve_distributionrun."""

from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from distribution.runs import services as runs
from distribution.runs import statements
from distribution.runs.api.serializers import (
    CreateRunSerializer,
    DistributionRunSerializer,
    JobSerializer,
    PayoutLineSerializer,
)
from distribution.runs.filtersets import DistributionRunFilterSet
from distribution.runs.models import DistributionRun, PayoutLine, RunWeight
from wipoconnect.core.api.permissions import StaffModelPermissions

TOP_UNIDENTIFIED = 100  # usage keys listed in the summary's unidentified split


class RunPermissions(StaffModelPermissions):
    """Creating or recalculating a run needs add/change; approving needs its own permission."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.add_%(model_name)s"]}


class CanApprove(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("distribution.approve_distributionrun")


class DistributionRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = DistributionRun.objects.select_related("job").prefetch_related("reports")
    serializer_class = DistributionRunSerializer
    filterset_class = DistributionRunFilterSet
    permission_classes = [RunPermissions]

    @extend_schema(request=CreateRunSerializer, responses={201: DistributionRunSerializer})
    def create(self, request, *args, **kwargs):
        """Create a run and start calculating it (follow its job under `progress`)."""
        form = CreateRunSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        run = runs.create_run(
            name=d["name"],
            report_ids=[r.pk for r in d["reports"]],
            right=d["right_type"],
            territory=d.get("territory") or settings.SOCIETY_TERRITORY,
            gross=d["gross"],
            currency=d.get("currency") or settings.CURRENCY,
            admin=d["admin_percent"],
            social=d["social_percent"],
            weighting=d["weighting"],
            threshold=d["threshold"],
            user=request.user,
        )
        runs.calculate(run, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def calculate(self, request, pk=None):
        """Recalculate a draft or calculated run; its lines are replaced atomically when done."""
        job = runs.calculate(self.get_object(), user=request.user)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=JobSerializer)
    @action(detail=True)
    def progress(self, request, pk=None):
        run = self.get_object()
        return Response(JobSerializer(run.job).data if run.job else {"status": "not started"})

    @action(detail=True)
    def summary(self, request, pk=None):
        """G, A, S, N, totals per payee kind, suspense per account, conservation check, conflicts, and the
        unidentified account's split by usage key (largest first)."""
        run = self.get_object()
        split = (
            RunWeight.objects.filter(run=run, attempt=run.attempt, work__isnull=True, recording__isnull=True)
            .values("key")
            .annotate(weight=Sum("weight"))
            .order_by("-weight", "key")[:TOP_UNIDENTIFIED]
        )
        return Response({**run.summary, "status": run.status, "unidentified_split": list(split)})

    @extend_schema(request=None, responses=DistributionRunSerializer)
    @action(detail=True, methods=["post"], permission_classes=[RunPermissions, CanApprove])
    def approve(self, request, pk=None):
        run = runs.approve(self.get_object().pk, user=request.user)
        return Response(self.get_serializer(run).data)

    @extend_schema(
        parameters=[OpenApiParameter("payee_kind", str), OpenApiParameter("payee", str)],
        responses=PayoutLineSerializer(many=True),
    )
    @action(detail=True)
    def lines(self, request, pk=None):
        lines = PayoutLine.objects.filter(run=self.get_object()).select_related("work").order_by("id")
        for name in ("payee_kind", "payee"):
            if request.query_params.get(name):
                lines = lines.filter(**{name: request.query_params[name]})
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(PayoutLineSerializer(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("as", str, enum=list(statements.FORMATS), description="csv (default) or xlsx")],
        responses={(200, "application/zip"): bytes},
    )
    @action(detail=True, url_path="statements")
    def statements_zip(self, request, pk=None):
        """payout_lines, summary and one statement per payee, zipped (`?as=xlsx` for workbooks)."""
        run = self.get_object()
        fmt = request.query_params.get("as", "csv")  # not `format`: DRF reserves it for renderers
        try:
            content = statements.export_zip(run, fmt)
        except ValueError as exc:
            raise ValidationError({"as": [str(exc)]}) from None
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="run_{run.pk}_statements_{fmt}.zip"'
        return response
