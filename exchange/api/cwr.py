"""CWR files over the API: upload one (imported as a Job), list and read them, download the ACK we wrote."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from exchange.filtersets import CwrFileFilterSet
from exchange.models import CwrFile
from exchange.tasks import IMPORT_CWR_JOB, import_cwr_task
from wipoconnect.core import jobs
from wipoconnect.core.api.permissions import StaffModelPermissions
from wipoconnect.core.uploads import store_upload


class CwrFileSerializer(serializers.ModelSerializer):
    job = serializers.SerializerMethodField()

    class Meta:
        model = CwrFile
        fields = [
            "id",
            "direction",
            "filename",
            "version",
            "sender",
            "recipient",
            "status",
            "transactions",
            "accepted",
            "rejected",
            "ack_filename",
            "error",
            "created_at",
            "job",
        ]

    def get_job(self, obj) -> dict | None:
        return _job_data(obj.job) if obj.job_id else None


class CwrUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class CwrFileViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = CwrFile.objects.select_related("job")
    serializer_class = CwrFileSerializer
    filterset_class = CwrFileFilterSet
    permission_classes = [StaffModelPermissions]
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": CwrUploadSerializer}, responses=CwrFileSerializer)
    def create(self, request, *args, **kwargs):
        """Import a CWR file as a job: 201 with the file's counts when done in-process, 202 while queued."""
        form = CwrUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        path = store_upload(upload, "cwr")
        job = jobs.create_job(IMPORT_CWR_JOB, user=request.user)
        cwr_file = CwrFile.objects.create(direction=CwrFile.Direction.INCOMING, filename=path.name, version="", job=job)
        import_cwr_task.delay(job.pk, cwr_file.pk, str(path))
        job.refresh_from_db()
        # A file imported before answers with its first import (the new row was dropped).
        result_id = (job.result or {}).get("cwr_file", cwr_file.pk)
        cwr_file = CwrFile.objects.select_related("job").filter(pk=result_id).first() or cwr_file
        data = self.get_serializer(cwr_file).data | {"job": _job_data(job)}
        code = {job.Status.SUCCEEDED: status.HTTP_201_CREATED, job.Status.FAILED: status.HTTP_400_BAD_REQUEST}
        return Response(data, status=code.get(job.status, status.HTTP_202_ACCEPTED))

    @extend_schema(responses={(200, "text/plain"): bytes})
    @action(detail=True, methods=["get"])
    def ack(self, request, pk=None):
        """The ACK file we wrote for this incoming file."""
        cwr_file = self.get_object()
        if not cwr_file.ack:
            raise NotFound("no ACK for this file (yet)")
        response = HttpResponse(cwr_file.ack.encode("ascii", "replace"), content_type="text/plain; charset=us-ascii")
        response["Content-Disposition"] = f'attachment; filename="{cwr_file.ack_filename}"'
        return response


def _job_data(job) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        "result": job.result,
    }
