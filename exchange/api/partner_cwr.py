"""`POST /api/v1/partner/cwr/`: a partner key with submit_cwr uploads a CWR file and gets the counts and ACK back."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from exchange.models import CwrFile, PartnerKey
from exchange.partners.auth import Partner
from wipoconnect.core import jobs
from wipoconnect.core.uploads import store_upload


class SubmitCwr:
    """Permission: a partner key holding submit_cwr (staff upload through /api/v1/cwr-files/)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, Partner) and PartnerKey.Scope.SUBMIT_CWR in request.user.scopes

    def has_object_permission(self, request, view, obj) -> bool:
        return True


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class PartnerCwrUpload(APIView):
    permission_classes = [SubmitCwr]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="partner_cwr_submit",
        request={"multipart/form-data": UploadSerializer},
        responses=inline_serializer(
            "PartnerCwrResult",
            {
                "id": serializers.IntegerField(),
                "status": serializers.CharField(),
                "transactions": serializers.IntegerField(),
                "accepted": serializers.IntegerField(),
                "rejected": serializers.IntegerField(),
                "ack_filename": serializers.CharField(),
                "ack": serializers.CharField(help_text="the ACK file's content"),
                "error": serializers.CharField(),
            },
        ),
    )
    def post(self, request):
        from exchange.tasks import IMPORT_CWR_JOB, import_cwr_task  # the CWR import (exchange/cwr_import.py)

        form = UploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        path = store_upload(form.validated_data["file"], "cwr", "partners")
        job = jobs.create_job(IMPORT_CWR_JOB)  # no staff user: the request log names the partner key
        cwr_file = CwrFile.objects.create(direction=CwrFile.Direction.INCOMING, filename=path.name, version="", job=job)
        import_cwr_task.delay(job.pk, cwr_file.pk, str(path))
        job.refresh_from_db()
        done = CwrFile.objects.filter(pk=(job.result or {}).get("cwr_file", cwr_file.pk)).first() or cwr_file
        fields = ("id", "status", "transactions", "accepted", "rejected", "ack_filename", "ack", "error")
        body = {name: getattr(done, name) for name in fields} | {"error": done.error or job.error}
        code = {job.Status.SUCCEEDED: status.HTTP_201_CREATED, job.Status.FAILED: status.HTTP_400_BAD_REQUEST}
        return Response(body, status=code.get(job.status, status.HTTP_202_ACCEPTED))
