"""Bank details, withholding rates, payment batches (pain.001 and CSV files), transfers' status, incoming statements."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from distribution.payments import filtersets as f
from distribution.payments import incoming
from distribution.payments import services as payments
from distribution.payments.models import BankAccount, CreditTransfer, IncomingStatement, PaymentBatch, WithholdingRate
from wipoconnect.core.api.permissions import StaffModelPermissions
from wipoconnect.core.errors import DomainError

READ_CREATE = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class ChangePermissions(StaffModelPermissions):
    perms_map = {**StaffModelPermissions.perms_map, "POST": ["%(app_label)s.change_%(model_name)s"]}


class BankAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = BankAccount
        fields = ["id", "party", "society", "kind", "holder", "iban", "bic", "percent", "valid_from", "valid_to"]


class WithholdingRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = WithholdingRate
        fields = ["id", "party", "society", "territory", "rate", "valid_from", "valid_to"]


class CreditTransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditTransfer
        fields = [
            "id",
            "batch",
            "end_to_end_id",
            "payee_kind",
            "payee",
            "party",
            "society",
            "recipient_kind",
            "holder",
            "iban",
            "bic",
            "gross",
            "withholding",
            "amount",
            "status",
            "status_at",
        ]


class PaymentBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaymentBatch
        fields = [
            "id",
            "message_id",
            "currency",
            "execution_date",
            "status",
            "runs",
            "total",
            "withheld",
            "skipped",
            "created_at",
        ]


class NewBatchSerializer(serializers.Serializer):
    runs = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    execution_date = serializers.DateField(required=False, allow_null=True, default=None)


class MarkSerializer(serializers.Serializer):
    end_to_end_ids = serializers.ListField(child=serializers.CharField(), min_length=1)
    status = serializers.ChoiceField(choices=["paid", "failed"])


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class IncomingStatementSerializer(serializers.ModelSerializer):
    society = serializers.CharField(source="society.code", read_only=True)

    class Meta:
        model = IncomingStatement
        fields = [
            "id",
            "society",
            "filename",
            "distribution_id",
            "currency",
            "rate",
            "amount",
            "gross",
            "right_type",
            "territory",
            "period_start",
            "period_end",
            "line_count",
            "identified_count",
            "run",
            "created_at",
        ]


class IncomingUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    society = serializers.CharField(max_length=3)
    currency = serializers.CharField(max_length=3)
    rate = serializers.DecimalField(max_digits=20, decimal_places=10)
    # The currency's own decimals are checked by the service (KWD has 3).
    threshold = serializers.DecimalField(max_digits=18, decimal_places=4, default=0)


class BankAccountViewSet(*READ_CREATE):
    queryset = BankAccount.objects.order_by("id")
    serializer_class = BankAccountSerializer
    filterset_class = f.BankAccountFilterSet
    permission_classes = [StaffModelPermissions]

    def create(self, request):
        form = BankAccountSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        account = payments.add_bank_account(
            party_id=getattr(d.get("party"), "pk", None),
            society_id=getattr(d.get("society"), "pk", None),
            holder=d["holder"],
            iban=d["iban"],
            bic=d.get("bic", ""),
            kind=d.get("kind", "owner"),
            percent=d.get("percent", 100),
            valid_from=d.get("valid_from"),
            valid_to=d.get("valid_to"),
            user=request.user,
        )
        return Response(BankAccountSerializer(account).data, status=status.HTTP_201_CREATED)


class WithholdingRateViewSet(*READ_CREATE):
    queryset = WithholdingRate.objects.order_by("id")
    serializer_class = WithholdingRateSerializer
    filterset_class = f.WithholdingRateFilterSet
    permission_classes = [StaffModelPermissions]

    def create(self, request):
        form = WithholdingRateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        rate = payments.set_withholding(
            party_id=getattr(d.get("party"), "pk", None),
            society_id=getattr(d.get("society"), "pk", None),
            territory=d.get("territory", "2136"),
            rate=d["rate"],
            valid_from=d.get("valid_from"),
            valid_to=d.get("valid_to"),
        )
        return Response(WithholdingRateSerializer(rate).data, status=status.HTTP_201_CREATED)


class PaymentBatchViewSet(*READ_CREATE):
    queryset = PaymentBatch.objects.prefetch_related("runs").order_by("-id")
    serializer_class = PaymentBatchSerializer
    filterset_class = f.PaymentBatchFilterSet
    permission_classes = [ChangePermissions]

    @extend_schema(request=NewBatchSerializer, responses={201: PaymentBatchSerializer})
    def create(self, request):
        """A batch paying what the approved runs still owe their members and sister societies."""
        form = NewBatchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        batch = payments.create_batch(run_ids=d["runs"], execution_date=d["execution_date"], user=request.user)
        return Response(PaymentBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pain001(self, request, pk=None):
        batch = self.get_object()
        return _file(batch.document, "application/xml", f"pain001_{batch.message_id}.xml")

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="csv")
    def csv_file(self, request, pk=None):
        batch = self.get_object()
        return _file(payments.csv_text(batch), "text/csv", f"payments_{batch.message_id}.csv")


class CreditTransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = CreditTransfer.objects.order_by("id")
    serializer_class = CreditTransferSerializer
    filterset_class = f.CreditTransferFilterSet
    permission_classes = [ChangePermissions]

    @extend_schema(request=MarkSerializer, responses=MarkedSerializer)
    @action(detail=False, methods=["post"])
    def mark(self, request):
        """Record what the bank reported: paid, or failed (a payee whose transfers all failed is payable again)."""
        form = MarkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        count = payments.record_status(**form.validated_data, user=request.user)
        return Response({"marked": count})


class IncomingStatementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = IncomingStatement.objects.select_related("society").order_by("-id")
    serializer_class = IncomingStatementSerializer
    filterset_class = f.IncomingStatementFilterSet
    permission_classes = [ChangePermissions]

    @extend_schema(
        request={"multipart/form-data": IncomingUploadSerializer}, responses={201: IncomingStatementSerializer}
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser])
    def upload(self, request):
        """Import a sister society's statement and distribute it (200 with the earlier import for the same file)."""
        form = IncomingUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        try:
            statement, created = incoming.import_statement(
                data=d["file"].read(),
                filename=d["file"].name,
                society=d["society"],
                currency=d["currency"],
                rate=d["rate"],
                threshold=d["threshold"],
            )
        except DomainError as exc:
            raise serializers.ValidationError({"file": str(exc)}) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(IncomingStatementSerializer(statement).data, status=code)


def _file(content: str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
