"""REST API of related rights: a recording's works, performers and producer shares; performer/producer identifiers.

`recording-rights/<recording id>/` reads and replaces (PUT/PATCH) the rights picture of a recording through
`works.related_services`; `related-profiles/` holds IPN, label code and DPID of parties.
"""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from rightowners.api.serializers import BriefPartySerializer
from rightowners.models import InterestedParty
from wipoconnect.core.api.permissions import StaffModelPermissions
from works.filtersets import RecordingRightsFilterSet, RelatedProfileFilterSet
from works.models import ProducerShare, Recording, RecordingContributor, RecordingWork, RelatedRightsProfile, Work
from works.related_services import ContributorData, ProducerShareData, save_recording_rights, save_related_profile

PARTY_CODE = {"slug_field": "code", "source": "party", "queryset": InterestedParty.objects.all(), "write_only": True}


class ContributorSerializer(serializers.ModelSerializer):
    party = BriefPartySerializer(read_only=True)
    party_code = serializers.SlugRelatedField(**PARTY_CODE)
    role = serializers.CharField(max_length=12)  # checked by the service, with the known roles

    class Meta:
        model = RecordingContributor
        fields = ["party", "party_code", "role", "instrument"]


class ProducerShareSerializer(serializers.ModelSerializer):
    party = BriefPartySerializer(read_only=True)
    party_code = serializers.SlugRelatedField(**PARTY_CODE)
    territory = serializers.CharField(max_length=4, required=False, default="2136")

    class Meta:
        model = ProducerShare
        fields = ["party", "party_code", "share", "territory", "valid_from", "valid_to"]


class WorkLinksField(serializers.ListField):
    """Work codes, the main work first."""

    child = serializers.SlugRelatedField(slug_field="code", queryset=Work.objects.all())

    def to_representation(self, data):
        return [link.work.code for link in data.all()]


class RecordingRightsSerializer(serializers.ModelSerializer):
    works = WorkLinksField(source="work_links", required=False)
    contributors = ContributorSerializer(many=True, required=False)
    producers = ProducerShareSerializer(many=True, required=False, source="producer_shares")

    class Meta:
        model = Recording
        fields = ["id", "isrc", "title", "artist", "works", "contributors", "producers"]
        read_only_fields = ["isrc", "title", "artist"]

    def update(self, instance, validated_data):
        works = validated_data.get("work_links")
        contributors = validated_data.get("contributors")
        producers = validated_data.get("producer_shares")
        save_recording_rights(
            recording=instance,
            works=works,
            contributors=None
            if contributors is None
            else [ContributorData(c["party"].pk, c["role"], c.get("instrument", "")) for c in contributors],
            producers=None
            if producers is None
            else [
                ProducerShareData(
                    p["party"].pk, p["share"], p.get("territory", "2136"), p.get("valid_from"), p.get("valid_to")
                )
                for p in producers
            ],
            user=self.context["request"].user,
        )
        return Recording.objects.prefetch_related(*RIGHTS_PREFETCH).get(pk=instance.pk)


class RelatedProfileSerializer(serializers.ModelSerializer):
    party = BriefPartySerializer(read_only=True)
    party_code = serializers.SlugRelatedField(**PARTY_CODE)
    ipn = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    label_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    dpid = serializers.CharField(max_length=24, required=False, allow_blank=True)

    class Meta:
        model = RelatedRightsProfile
        fields = ["id", "party", "party_code", "ipn", "label_code", "dpid"]

    def create(self, validated_data):
        return self._save(validated_data.pop("party"), validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("party", None)
        return self._save(instance.party, validated_data)

    def _save(self, party, data):
        fields = {k: v or "" for k, v in data.items()}
        return save_related_profile(party=party, user=self.context["request"].user, **fields)


RIGHTS_PREFETCH = (
    Prefetch("work_links", queryset=RecordingWork.objects.select_related("work")),
    Prefetch("contributors", queryset=RecordingContributor.objects.select_related("party")),
    Prefetch("producer_shares", queryset=ProducerShare.objects.select_related("party")),
)


class RecordingRightsViewSet(viewsets.ModelViewSet):
    queryset = Recording.objects.prefetch_related(*RIGHTS_PREFETCH).order_by("id")
    serializer_class = RecordingRightsSerializer
    filterset_class = RecordingRightsFilterSet
    permission_classes = [StaffModelPermissions]  # names performers and producers: not the public repertoire
    http_method_names = ["get", "put", "patch", "head", "options"]


class RelatedProfileViewSet(viewsets.ModelViewSet):
    queryset = RelatedRightsProfile.objects.select_related("party").order_by("id")
    serializer_class = RelatedProfileSerializer
    filterset_class = RelatedProfileFilterSet
    permission_classes = [StaffModelPermissions]  # parties' identifiers: not the public repertoire
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
