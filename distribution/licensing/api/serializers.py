"""Serializers of licensing and collection. Amounts are integers in minor units; writes go through the services."""

from django.conf import settings
from rest_framework import serializers

from distribution.licensing import engine as licensing
from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.models import (
    CollectionPool,
    Declaration,
    Invoice,
    InvoiceLine,
    LicenceAgreement,
    Licensee,
    Payment,
    PaymentAllocation,
    PoolDraw,
    Tariff,
)
from distribution.usage.models import UsageReport


class PeriodField(serializers.CharField):
    """'2026-Q1', '2026-03', '2026' or '2026-01-01..2026-03-31' → Period."""

    def to_internal_value(self, data):
        try:
            return licensing.parse_period(super().to_internal_value(data))
        except licensing.LicensingError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value):
        return str(value)


class BriefLicenseeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licensee
        fields = ["id", "code", "name", "kind"]


class LicenseeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licensee
        fields = ["id", "code", "name", "kind", "territory", "contact_name", "email", "phone", "address", "tax_id"]
        read_only_fields = ["code"]

    def create(self, validated_data):
        return collection.save_licensee(fields=validated_data, user=self.context["request"].user)

    def update(self, instance, validated_data):
        return collection.save_licensee(licensee=instance, fields=validated_data, user=self.context["request"].user)


class TariffSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tariff
        fields = [
            "id",
            "code",
            "name",
            "valid_from",
            "valid_to",
            "currency",
            "flat_fee",
            "fee_months",
            "revenue_percent",
            "per_use_rate",
            "per_minute_rate",
            "minimum_fee",
        ]

    def create(self, validated_data):
        return collection.create_tariff(fields=validated_data, user=self.context["request"].user)


class AgreementSerializer(serializers.ModelSerializer):
    licensee = serializers.PrimaryKeyRelatedField(queryset=Licensee.objects.all())
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True)

    class Meta:
        model = LicenceAgreement
        fields = [
            "id",
            "reference",
            "licensee",
            "rights",
            "territory",
            "valid_from",
            "valid_to",
            "tariff_code",
            "payment_days",
        ]

    def create(self, validated_data):
        return collection.save_agreement(fields=validated_data, user=self.context["request"].user)

    def update(self, instance, validated_data):
        return collection.save_agreement(agreement=instance, fields=validated_data, user=self.context["request"].user)


class DeclarationSerializer(serializers.ModelSerializer):
    period = PeriodField(write_only=True)

    class Meta:
        model = Declaration
        fields = [
            "id",
            "agreement",
            "period",
            "period_start",
            "period_end",
            "revenue",
            "uses",
            "seconds",
            "usage_report",
            "received_on",
        ]
        read_only_fields = ["period_start", "period_end", "received_on"]

    def create(self, validated_data):
        return invoicing.record_declaration(**validated_data, user=self.context["request"].user)


class FromUsageSerializer(serializers.Serializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=LicenceAgreement.objects.all())
    report = serializers.PrimaryKeyRelatedField(queryset=UsageReport.objects.all())
    revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True, help_text="minor units")


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["position", "kind", "description", "calculation", "amount"]


class InvoiceSerializer(serializers.ModelSerializer):
    licensee = BriefLicenseeSerializer(read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    credited = serializers.SlugRelatedField(slug_field="number", read_only=True)
    credited_amount = serializers.IntegerField(read_only=True)
    paid_amount = serializers.IntegerField(read_only=True)
    open_amount = serializers.IntegerField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "kind",
            "credited",
            "licensee",
            "agreement",
            "declaration",
            "tariff",
            "period_start",
            "period_end",
            "currency",
            "issued_on",
            "due_on",
            "total",
            "credited_amount",
            "paid_amount",
            "open_amount",
            "cancelled",
            "calculation",
            "reason",
            "licensee_kind",
            "territory",
            "rights",
            "lines",
        ]
        read_only_fields = fields


class IssueInvoiceSerializer(serializers.Serializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=LicenceAgreement.objects.select_related("licensee"))
    period = PeriodField()
    issued_on = serializers.DateField(required=False)


class InvoicePeriodSerializer(serializers.Serializer):
    period = PeriodField()
    issued_on = serializers.DateField(required=False)


class CreditSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, required=False, help_text="minor units; default all still open")
    reason = serializers.CharField(max_length=200)
    issued_on = serializers.DateField(required=False)


class AllocationSerializer(serializers.ModelSerializer):
    invoice = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = PaymentAllocation
        fields = ["invoice", "amount", "method"]


class PaymentSerializer(serializers.ModelSerializer):
    licensee = serializers.PrimaryKeyRelatedField(queryset=Licensee.objects.all(), required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, default=settings.CURRENCY)
    invoice_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    allocations = AllocationSerializer(many=True, read_only=True)
    unallocated = serializers.IntegerField(read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "licensee",
            "received_on",
            "amount",
            "currency",
            "reference",
            "payer",
            "invoice_number",
            "allocations",
            "unallocated",
            "source",
            "row",
        ]
        read_only_fields = ["source", "row"]

    def create(self, validated_data):
        payment = collection.record_payment(**validated_data, user=self.context["request"].user)
        payment.unallocated = payment.amount - sum(a.amount for a in payment.allocations.all())
        return payment


class AllocateSerializer(serializers.Serializer):
    invoice = serializers.SlugRelatedField(slug_field="number", queryset=Invoice.objects.all())
    amount = serializers.IntegerField(min_value=1, required=False)


class PaymentFileSerializer(serializers.Serializer):
    file = serializers.FileField()


class PoolDrawSerializer(serializers.ModelSerializer):
    run_status = serializers.CharField(source="run.status", read_only=True)

    class Meta:
        model = PoolDraw
        fields = ["run", "run_status", "amount", "created_at"]


class CollectionPoolSerializer(serializers.ModelSerializer):
    period = PeriodField(write_only=True)
    remaining = serializers.IntegerField(read_only=True)
    draws = PoolDrawSerializer(many=True, read_only=True)
    territory = serializers.CharField(max_length=4, default=settings.SOCIETY_TERRITORY)
    currency = serializers.CharField(max_length=3, default=settings.CURRENCY)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)

    class Meta:
        model = CollectionPool
        fields = [
            "id",
            "name",
            "source",
            "right_type",
            "territory",
            "period",
            "period_start",
            "period_end",
            "currency",
            "collected",
            "distributed",
            "remaining",
            "draws",
            "created_at",
        ]
        read_only_fields = ["period_start", "period_end", "collected", "distributed", "created_at"]

    def create(self, validated_data):
        return collection.create_pool(**validated_data, user=self.context["request"].user)


class DrawSerializer(serializers.Serializer):
    run = serializers.IntegerField()
    amount = serializers.IntegerField(min_value=1, required=False, help_text="minor units; default all that remains")


class BalanceSerializer(serializers.Serializer):
    licensee = BriefLicenseeSerializer()
    currency = serializers.CharField()
    invoiced = serializers.IntegerField()
    credited = serializers.IntegerField()
    paid = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    overdue = serializers.IntegerField()
    aging = serializers.DictField(child=serializers.IntegerField())
