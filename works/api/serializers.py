from rest_framework import serializers

from rightowners.api.serializers import BriefPartySerializer
from rightowners.models import InterestedParty
from works import services
from works.models import Recording, ShareTerritory, Work, WorkShare
from works.share_rules import ShareData


class ShareTerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ShareTerritory
        fields = ["sequence", "included", "territory", "pr_collection", "mr_collection", "sr_collection"]
        read_only_fields = ["sequence"]


class WorkShareSerializer(serializers.ModelSerializer):
    party = BriefPartySerializer(read_only=True)
    party_code = serializers.SlugRelatedField(
        slug_field="code", source="party", queryset=InterestedParty.objects.all(), write_only=True
    )
    territories = ShareTerritorySerializer(many=True, required=False)
    role = serializers.CharField(max_length=2)  # validated by the service, with the list of known codes

    class Meta:
        model = WorkShare
        fields = [
            "party",
            "party_code",
            "role",
            "controlled",
            "chain",
            "pr_share",
            "mr_share",
            "sr_share",
            "territories",
        ]


class BriefRecordingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recording
        fields = ["id", "isrc", "title", "artist"]


class AlternateTitlesField(serializers.ListField):
    child = serializers.CharField(max_length=200)

    def to_representation(self, data):
        return [title.title for title in data.all()]


class WorkSerializer(serializers.ModelSerializer):
    alternate_titles = AlternateTitlesField(required=False)
    shares = WorkShareSerializer(many=True, required=False)
    recordings = BriefRecordingSerializer(many=True, read_only=True)
    iswc = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    version_type = serializers.CharField(max_length=3, required=False)

    class Meta:
        model = Work
        fields = [
            "id",
            "code",
            "title",
            "iswc",
            "language",
            "duration",
            "version_type",
            "submitter_id",
            "alternate_titles",
            "shares",
            "recordings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["code", "created_at", "updated_at"]

    def create(self, validated_data):
        return self._save(None, validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, work, data):
        titles = data.pop("alternate_titles", None)
        shares = data.pop("shares", None)
        share_data = (
            None
            if shares is None
            else [
                ShareData(
                    party_id=s["party"].pk,
                    role=s["role"],
                    pr_share=s.get("pr_share", 0),
                    mr_share=s.get("mr_share", 0),
                    sr_share=s.get("sr_share", 0),
                    chain=s.get("chain"),
                    controlled=s.get("controlled", True),
                    territories=s.get("territories", []),
                )
                for s in shares
            ]
        )
        return services.save_work(
            work=work, fields=data, alternate_titles=titles, shares=share_data, user=self.context["request"].user
        )


class RecordingSerializer(serializers.ModelSerializer):
    work = serializers.SlugRelatedField(slug_field="code", queryset=Work.objects.all(), required=False, allow_null=True)
    isrc = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Recording
        fields = ["id", "isrc", "title", "duration", "artist", "label", "release_date", "work"]

    def create(self, validated_data):
        return services.save_recording(fields=validated_data, user=self.context["request"].user)

    def update(self, instance, validated_data):
        return services.save_recording(recording=instance, fields=validated_data, user=self.context["request"].user)
