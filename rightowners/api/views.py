from rest_framework import viewsets

from rightowners.api.serializers import InterestedPartySerializer, SocietySerializer
from rightowners.filtersets import InterestedPartyFilterSet, SocietyFilterSet
from rightowners.models import InterestedParty, Society
from wipoconnect.core.api.permissions import PublicReadOrStaff


class SocietyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Society.objects.all()
    serializer_class = SocietySerializer
    filterset_class = SocietyFilterSet
    permission_classes = [PublicReadOrStaff]


class InterestedPartyViewSet(viewsets.ModelViewSet):
    queryset = InterestedParty.objects.prefetch_related("memberships__society").select_related("merged_into")
    serializer_class = InterestedPartySerializer
    filterset_class = InterestedPartyFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
