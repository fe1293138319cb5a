from rest_framework import serializers

from phoihop.audit.models import ChangeRecord


class ChangeRecordSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    record_type = serializers.CharField(source="content_type.model", read_only=True)
    action = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = ChangeRecord
        fields = [
            "id",
            "timestamp",
            "actor",
            "remote_addr",
            "action",
            "record_type",
            "object_pk",
            "object_repr",
            "changes",
            "organisation_id",
        ]
