"""What a partner society reads of our distributions: approved runs that pay it, and its statement in each.

Unapproved runs are unpublished: they do not exist for a partner (404), nor do runs that pay it nothing.
"""

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.views import APIView

from distribution.runs.crd_export import society_file
from distribution.runs.models import DistributionRun, PayoutLine
from exchange.models import PartnerKey
from exchange.partners.auth import Partner

READ_DISTRIBUTIONS = PartnerKey.Scope.READ_DISTRIBUTIONS


class PartnerOnly:
    """Permission: a partner key holding read_distributions (a statement belongs to one society, staff use
    export_statements)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, Partner) and READ_DISTRIBUTIONS in request.user.scopes

    def has_object_permission(self, request, view, obj) -> bool:
        return True


def published_runs_of(society_id: int):
    paid = PayoutLine.objects.filter(payee_kind=PayoutLine.PayeeKind.SOCIETY, society_id=society_id)
    return DistributionRun.objects.filter(status=DistributionRun.Status.APPROVED, pk__in=paid.values("run_id"))


class PartnerRunSerializer(serializers.ModelSerializer):
    amount = serializers.IntegerField(help_text="total paid to this society, minor units")
    lines = serializers.IntegerField(source="line_count")

    class Meta:
        model = DistributionRun
        fields = ["id", "name", "right_type", "territory", "currency", "approved_at", "amount", "lines"]


class StatementLineSerializer(serializers.ModelSerializer):
    work = serializers.CharField(source="work_key")
    title = serializers.CharField(source="work.title", default="")
    iswc = serializers.CharField(source="work.iswc", default=None)

    class Meta:
        model = PayoutLine
        fields = ["work", "title", "iswc", "roles", "share", "weight", "amount"]


class PartnerRunList(generics.ListAPIView):
    serializer_class = PartnerRunSerializer
    permission_classes = [PartnerOnly]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no partner
            return DistributionRun.objects.none()
        society = self.request.user.society.pk
        own_lines = {"lines__payee_kind": PayoutLine.PayeeKind.SOCIETY, "lines__society_id": society}
        return (
            published_runs_of(society)
            .filter(**own_lines)
            .annotate(amount=Sum("lines__amount"), line_count=Count("lines"))
            .order_by("-approved_at", "-id")
        )


class PartnerStatement(generics.ListAPIView):
    """The society's lines in one approved run (one per work: all its members' shares added)."""

    serializer_class = StatementLineSerializer
    permission_classes = [PartnerOnly]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no partner
            return PayoutLine.objects.none()
        society = self.request.user.society.pk
        run = get_object_or_404(published_runs_of(society), pk=self.kwargs["pk"])
        return (
            PayoutLine.objects.filter(run=run, payee_kind=PayoutLine.PayeeKind.SOCIETY, society_id=society)
            .select_related("work")
            .order_by("work_key", "id")
        )


class PartnerCrdFile(APIView):
    """The society's CRD file of one approved run (`?as=csv`: the CSV fallback with the same data)."""

    permission_classes = [PartnerOnly]

    @extend_schema(
        operation_id="partner_run_crd",
        parameters=[OpenApiParameter("as", str, enum=["crd", "csv"], description="crd (default) or csv")],
        responses={(200, "text/plain"): OpenApiTypes.STR, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, pk: int):
        society = request.user.society
        run = get_object_or_404(published_runs_of(society.pk), pk=pk)
        fmt = request.query_params.get("as", "crd")
        if fmt not in ("crd", "csv"):
            raise ValidationError({"as": [f"{fmt!r}: use crd or csv"]})
        found = society_file(run, society.code, fmt)
        if found is None:
            raise NotFound(f"run {pk} pays society {society.code} nothing")
        name, content = found
        response = HttpResponse(content, content_type="text/csv" if fmt == "csv" else "text/plain; charset=ascii")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
