"""`GET /api/v1/changes/?since=CURSOR`: the change feed, for staff and partner keys with read_works and read_parties
(the feed carries parties, also inside share pictures)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from exchange import changes
from exchange.models import PartnerKey
from exchange.partners.auth import scoped

ChangeEntry = inline_serializer(
    "ChangeEntry",
    many=True,
    fields={
        "cursor": serializers.CharField(),
        "kind": serializers.CharField(help_text="work, party or shares (the share picture of a work)"),
        "action": serializers.CharField(help_text="upsert or delete"),
        "code": serializers.CharField(),
        "identifier": serializers.CharField(help_text="ISWC or IPI name number when the change was written"),
        "at": serializers.DateTimeField(),
        "data": serializers.JSONField(allow_null=True, help_text="the object's state now; null when deleted"),
    },
)


class ChangesView(APIView):
    permission_classes = [scoped(PartnerKey.Scope.READ_WORKS, PartnerKey.Scope.READ_PARTIES)]

    @extend_schema(
        operation_id="changes_list",
        parameters=[OpenApiParameter("since", str, description="cursor from the previous page's `next`; empty: all")],
        responses=inline_serializer(
            "ChangesPage",
            {
                "next": serializers.CharField(help_text="cursor to pass as `since` next time"),
                "more": serializers.BooleanField(help_text="true when another page is ready now"),
                "results": ChangeEntry,
            },
        ),
    )
    def get(self, request):
        try:
            page = changes.feed_page(request.query_params.get("since"))
        except ValueError as exc:
            raise ValidationError({"since": [str(exc)]}) from None
        return Response(page)
