from rest_framework import serializers

from phoihop.accounts.models import Membership, User
from phoihop.core.api.serializers import RecordSerializer


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "position", "phone", "clearance", "is_active", "language"]
        read_only_fields = fields


class MembershipSerializer(RecordSerializer):
    class Meta:
        model = Membership
        fields = ["id", "url", "version", "created_at", "updated_at", "user", "organisation", "role", "note"]
