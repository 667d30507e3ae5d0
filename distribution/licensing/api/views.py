"""REST API of licensing and collection: licensees, tariffs, agreements, declarations, invoices and credit notes,
payments and matching, the receivables ledger, collection pools and the runs' draws from them."""

import tempfile
from datetime import date
from pathlib import Path

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from distribution.licensing import engine as licensing
from distribution.licensing import export as licensing_export
from distribution.licensing import filtersets as f
from distribution.licensing import invoicing, receivables
from distribution.licensing import services as collection
from distribution.licensing.api import serializers as s
from distribution.licensing.models import (
    CollectionPool,
    Declaration,
    Invoice,
    LicenceAgreement,
    Licensee,
    Payment,
    Tariff,
)
from distribution.licensing.payment_import import import_payments
from distribution.runs.models import DistributionRun

WRITE = ["get", "post", "patch", "head", "options"]
CREATE = ["get", "post", "head", "options"]


def _period(request):
    text = request.query_params.get("period")
    if not text:
        return None
    try:
        return licensing.parse_period(text)
    except licensing.LicensingError as exc:
        raise serializers.ValidationError({"period": [str(exc)]}) from None


def _day(request, name="on") -> date:
    text = request.query_params.get(name)
    try:
        return date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise serializers.ValidationError({name: [f"{text!r} is not a date (YYYY-MM-DD)"]}) from None


def _xlsx(write, name: str) -> FileResponse:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # removed when the response closes it
    write(Path(handle.name))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=name)


class LicenseeViewSet(viewsets.ModelViewSet):
    queryset = Licensee.objects.all()
    serializer_class = s.LicenseeSerializer
    filterset_class = f.LicenseeFilterSet
    http_method_names = WRITE

    @action(detail=True, methods=["get"])
    def ledger(self, request, pk=None):
        """Invoices, credit notes and payments of the licensee with the running balance."""
        rows = receivables.ledger(self.get_object())
        return Response(
            [
                {
                    "date": r.entry.on,
                    "kind": r.entry.kind,
                    "reference": r.entry.reference,
                    "debit": r.entry.debit,
                    "credit": r.entry.credit,
                    "balance": r.balance,
                }
                for r in rows
            ]
        )


class TariffViewSet(viewsets.ModelViewSet):
    queryset = Tariff.objects.all()
    serializer_class = s.TariffSerializer
    filterset_class = f.TariffFilterSet
    http_method_names = CREATE


class AgreementViewSet(viewsets.ModelViewSet):
    queryset = LicenceAgreement.objects.select_related("licensee")
    serializer_class = s.AgreementSerializer
    filterset_class = f.LicenceAgreementFilterSet
    http_method_names = WRITE


class DeclarationViewSet(viewsets.ModelViewSet):
    queryset = Declaration.objects.select_related("agreement")
    serializer_class = s.DeclarationSerializer
    filterset_class = f.DeclarationFilterSet
    http_method_names = CREATE

    @extend_schema(request=s.FromUsageSerializer, responses=s.DeclarationSerializer)
    @action(detail=False, methods=["post"], url_path="from-usage")
    def from_usage(self, request):
        """Declare a usage report's plays and minutes for its period (per-use and per-minute tariffs)."""
        data = s.FromUsageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = invoicing.declare_from_usage(**data.validated_data, user=request.user)
        return Response(self.get_serializer(declaration).data, status=status.HTTP_201_CREATED)


class InvoiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Issued invoices are never edited: POST issues one, `credit` issues a credit note."""

    queryset = receivables.with_open_amount(Invoice.objects.select_related("licensee", "credited")).prefetch_related(
        "lines"
    )
    serializer_class = s.InvoiceSerializer
    filterset_class = f.InvoiceFilterSet

    @extend_schema(request=s.IssueInvoiceSerializer, responses=s.InvoiceSerializer)
    def create(self, request, *args, **kwargs):
        data = self._valid(s.IssueInvoiceSerializer)
        invoice = invoicing.invoice_agreement(**data, user=request.user)
        return Response(self._out(invoice), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CreditSerializer, responses=s.InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def credit(self, request, pk=None):
        data = self._valid(s.CreditSerializer)
        note = invoicing.issue_credit_note(invoice=self.get_object(), **data, user=request.user)
        return Response(self._out(note), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InvoicePeriodSerializer, responses=s.InvoiceSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="invoice-period")
    def invoice_period(self, request):
        """Invoice every agreement valid in the period; what could not be invoiced is listed with why."""
        result = invoicing.invoice_period(**self._valid(s.InvoicePeriodSerializer), user=request.user)
        invoices = self.get_queryset().filter(pk__in=[i.pk for i in result["invoices"]])
        body = {
            "invoices": self.get_serializer(invoices, many=True).data,
            "already_invoiced": result["already"],
            "not_invoiced": result["problems"],
            "totals": result["totals"],
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("period", str)], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The invoices (filtered like the list) and their lines as an Excel workbook."""
        invoices = Invoice.objects.filter(pk__in=self.filter_queryset(self.get_queryset()).values("pk"))
        period = _period(request)
        if period:
            invoices = invoices.filter(period_start__gte=period.start, period_end__lte=period.end)
        return _xlsx(lambda path: licensing_export.write_invoices(path, invoices), "invoices.xlsx")

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _out(self, invoice):
        return self.get_serializer(self.get_queryset().get(pk=invoice.pk)).data


class PaymentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = receivables.with_unallocated(Payment.objects.select_related("licensee")).prefetch_related(
        "allocations__invoice"
    )
    serializer_class = s.PaymentSerializer
    filterset_class = f.PaymentFilterSet

    @extend_schema(request=s.AllocateSerializer, responses=s.PaymentSerializer)
    @action(detail=True, methods=["post"])
    def allocate(self, request, pk=None):
        """Match (part of) the payment's unallocated money to an open invoice."""
        data = s.AllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        collection.allocate_payment(payment=self.get_object(), **data.validated_data, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request={"multipart/form-data": s.PaymentFileSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        """Import a bank file (CSV or XLSX) of payments and match them; the same file again changes nothing."""
        upload = s.PaymentFileSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        suffix = Path(file.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{Path(file.name).stem[:80]}{suffix}"
            path.write_bytes(file.read())
            try:
                result = import_payments(path, user=request.user)
            except (licensing.LicensingError, ValueError) as exc:
                raise serializers.ValidationError({"file": [str(exc)]}) from None
        body = {
            "import": result.payment_import.pk,
            "summary": result.first_line(),
            "already": result.already,
            "payments": result.payments,
            "matched": result.matched,
            "unmatched": result.unmatched,
            "rejected": result.rejected,
        }
        return Response(body, status=status.HTTP_200_OK if result.already else status.HTTP_201_CREATED)


class ReceivablesPermission(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("distribution.view_invoice")


class ReceivablesViewSet(viewsets.ViewSet):
    """What each licensee owes, per currency, with what is overdue and its aging (`?on=YYYY-MM-DD`)."""

    permission_classes = [ReceivablesPermission]

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE)], responses=s.BalanceSerializer(many=True))
    def list(self, request):
        return Response(s.BalanceSerializer(receivables.balances(_day(request)), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """Balances with aging and every ledger entry, as an Excel workbook."""
        today = _day(request)
        return _xlsx(lambda path: licensing_export.write_receivables(path, today), f"receivables-{today}.xlsx")


class CollectionPoolViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = CollectionPool.objects.prefetch_related("draws__run")
    serializer_class = s.CollectionPoolSerializer
    filterset_class = f.CollectionPoolFilterSet

    @extend_schema(request=s.DrawSerializer, responses=s.CollectionPoolSerializer)
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        """A draft distribution run takes its gross from the pool (all that remains unless `amount` is given)."""
        data = s.DrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = DistributionRun.objects.filter(pk=data.validated_data["run"]).first()
        if run is None:
            raise serializers.ValidationError({"run": [f"no distribution run {data.validated_data['run']}"]})
        collection.draw_from_pool(run, self.get_object(), data.validated_data.get("amount"), user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status.HTTP_201_CREATED)
