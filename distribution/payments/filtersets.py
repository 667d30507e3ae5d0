import django_filters

from distribution.payments.models import BankAccount, CreditTransfer, IncomingStatement, PaymentBatch, WithholdingRate


class BankAccountFilterSet(django_filters.FilterSet):
    class Meta:
        model = BankAccount
        fields = ["party", "society", "kind"]


class WithholdingRateFilterSet(django_filters.FilterSet):
    class Meta:
        model = WithholdingRate
        fields = ["party", "society", "territory"]


class PaymentBatchFilterSet(django_filters.FilterSet):
    class Meta:
        model = PaymentBatch
        fields = ["currency", "status"]


class CreditTransferFilterSet(django_filters.FilterSet):
    class Meta:
        model = CreditTransfer
        fields = ["batch", "status", "payee_kind", "payee"]


class IncomingStatementFilterSet(django_filters.FilterSet):
    class Meta:
        model = IncomingStatement
        fields = ["society", "currency", "right_type"]
