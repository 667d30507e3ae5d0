"""What a partner society reads of our distributions: approved runs that pay it, and its statement in each.

Unapproved runs are unpublished: they do not exist for a partner (404), nor do runs that pay it nothing.
"""

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers

from distribution.models import DistributionRun, PayoutLine
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
        society = self.request.user.society.pk
        run = get_object_or_404(published_runs_of(society), pk=self.kwargs["pk"])
        return (
            PayoutLine.objects.filter(run=run, payee_kind=PayoutLine.PayeeKind.SOCIETY, society_id=society)
            .select_related("work")
            .order_by("work_key", "id")
        )
