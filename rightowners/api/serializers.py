from rest_framework import serializers

from rightowners import services
from rightowners.models import InterestedParty, Membership, Society


class SocietySerializer(serializers.ModelSerializer):
    class Meta:
        model = Society
        fields = ["id", "code", "name", "country", "territory"]


class BriefPartySerializer(serializers.ModelSerializer):
    class Meta:
        model = InterestedParty
        fields = ["id", "code", "name", "ipi_name"]


class MembershipSerializer(serializers.ModelSerializer):
    society = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["society", "right_type", "territory", "excluded", "valid_from", "valid_to", "source"]


class InterestedPartySerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = InterestedParty
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "last_name",
            "first_name",
            "ipi_name",
            "ipi_base",
            "isni",
            "native_last_name",
            "native_first_name",
            "native_language",
            "memberships",
            "merged_into",
            "created_at",
            "updated_at",
        ]
        # Names in original script come from CWR (NPN / NWN); the party services do not edit them.
        read_only_fields = [
            "code",
            "native_last_name",
            "native_first_name",
            "native_language",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"ipi_name": {"validators": []}}  # the service checks uniqueness with a clear message

    def create(self, validated_data):
        return services.save_party(fields=validated_data, user=self.context["request"].user)

    def update(self, instance, validated_data):
        return services.save_party(party=instance, fields=validated_data, user=self.context["request"].user)
