from rest_framework import serializers

from phoihop.accounts.models import PERSONAL_DATA_GRANT_ERROR, Membership, User
from phoihop.core.access import may_see_personal_data
from phoihop.core.api.serializers import RecordSerializer


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "position", "phone", "clearance", "is_active", "language"]
        read_only_fields = fields


class MembershipSerializer(RecordSerializer):
    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "version",
            "created_at",
            "updated_at",
            "user",
            "organisation",
            "role",
            "personal_data",
            "note",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        granted = attrs.get("personal_data", getattr(self.instance, "personal_data", False))
        was = getattr(self.instance, "personal_data", False)
        organisation = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        request = self.context.get("request")
        if granted and not was and organisation is not None and request is not None:
            if not may_see_personal_data(request.user, organisation):
                raise serializers.ValidationError({"personal_data": [PERSONAL_DATA_GRANT_ERROR]})
        return attrs
