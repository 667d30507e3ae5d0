from django.db.models import Prefetch
from rest_framework import viewsets

from wipoconnect.core.api.permissions import PublicReadOrStaff
from works.api.serializers import RecordingSerializer, WorkSerializer
from works.filtersets import RecordingFilterSet, WorkFilterSet
from works.models import Recording, Work, WorkShare


class WorkViewSet(viewsets.ModelViewSet):
    queryset = Work.objects.prefetch_related(
        "alternate_titles",
        "recordings",
        Prefetch("shares", queryset=WorkShare.objects.select_related("party").prefetch_related("territories")),
    )
    serializer_class = WorkSerializer
    filterset_class = WorkFilterSet
    permission_classes = [PublicReadOrStaff]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class RecordingViewSet(viewsets.ModelViewSet):
    queryset = Recording.objects.select_related("work")
    serializer_class = RecordingSerializer
    filterset_class = RecordingFilterSet
    permission_classes = [PublicReadOrStaff]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
