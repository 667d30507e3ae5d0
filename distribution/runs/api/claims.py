"""Claims on suspense (file, accept, reject), adjustment and release runs, and what a run's suspense still holds."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from distribution.runs import claims
from distribution.runs.filtersets import ClaimFilterSet
from distribution.runs.models import Claim, DistributionRun
from wipoconnect.core.api.permissions import StaffModelPermissions
from wipoconnect.core.errors import DomainError


class ClaimPermissions(StaffModelPermissions):
    """Filing and deciding claims, and paying them by adjustment runs, change claims."""

    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


class ClaimSerializer(serializers.ModelSerializer):
    work_key = serializers.CharField(source="work.key", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "run",
            "account",
            "item",
            "work",
            "work_key",
            "claimant",
            "role",
            "evidence",
            "status",
            "note",
            "adjustment",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["item", "status", "note", "adjustment", "created_at", "decided_at"]


class FileClaimSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    account = serializers.ChoiceField(choices=["unidentified", "unclaimed", "conflict"], default="unidentified")
    key = serializers.CharField(required=False, allow_blank=True, default="", help_text="usage key (unidentified)")
    work = serializers.IntegerField()
    claimant = serializers.IntegerField(required=False, allow_null=True, default=None)
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=2)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RunSerializer(serializers.Serializer):
    run = serializers.IntegerField()


class AdjustmentSerializer(serializers.Serializer):
    run = serializers.IntegerField(source="pk")
    kind = serializers.CharField(source="origin.kind")
    original = serializers.IntegerField(source="origin.original_id")
    summary = serializers.JSONField()
    suspense_left = serializers.SerializerMethodField()

    def get_suspense_left(self, run) -> dict:
        return claims.balance(run.origin.original)


class SuspenseSerializer(serializers.Serializer):
    """What each suspense account of a run still holds, in minor units."""

    unidentified = serializers.IntegerField()
    unclaimed = serializers.IntegerField()
    conflict = serializers.IntegerField()
    unaffiliated = serializers.IntegerField()


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Claim.objects.select_related("work").order_by("-id")
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    permission_classes = [ClaimPermissions]

    @extend_schema(request=FileClaimSerializer, responses={201: ClaimSerializer})
    def create(self, request):
        form = FileClaimSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        claim = claims.file_claim(
            run_id=_run(d["run"]).pk,
            account=d["account"],
            key=d["key"],
            work_id=d["work"],
            claimant_id=d["claimant"],
            role=d["role"],
            evidence=d["evidence"],
            user=request.user,
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        note = _note(request)
        return Response(ClaimSerializer(claims.accept_claim(claim_id=self.get_object().pk, note=note)).data)

    @extend_schema(request=DecisionSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        note = _note(request)
        return Response(ClaimSerializer(claims.reject_claim(claim_id=self.get_object().pk, note=note)).data)

    @extend_schema(request=RunSerializer, responses={201: AdjustmentSerializer})
    @action(detail=False, methods=["post"])
    def adjust(self, request):
        """Pay the run's accepted claims out of its suspense by an adjustment run."""
        return _pay(request, claims.run_adjustment)

    @extend_schema(request=RunSerializer, responses={201: AdjustmentSerializer})
    @action(detail=False, methods=["post"])
    def release(self, request):
        """Release what is left of the run's suspense after the claims period (pro rata to identified works)."""
        return _pay(request, claims.release_suspense)

    @extend_schema(parameters=[RunSerializer], responses=SuspenseSerializer)
    @action(detail=False, methods=["get"])
    def suspense(self, request):
        """What each suspense account of a run still holds, in minor units."""
        form = RunSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        return Response(claims.balance(_run(form.validated_data["run"])))


def _note(request) -> str:
    form = DecisionSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data["note"]


def _run(run_id: int) -> DistributionRun:
    run = DistributionRun.objects.filter(pk=run_id).first()
    if run is None:
        raise serializers.ValidationError({"run": f"no distribution run {run_id}"})
    return run


def _pay(request, service) -> Response:
    form = RunSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        run = service(run_id=_run(form.validated_data["run"]).pk, user=request.user)
    except DomainError as exc:
        raise serializers.ValidationError({"run": str(exc)}) from None
    return Response(AdjustmentSerializer(run).data, status=status.HTTP_201_CREATED)
