import copy

from rest_framework import serializers

from phoihop.audit.models import ChangeRecord
from phoihop.audit.names import HistoryNames

NAMES = "history_names"


class ChangeRecordListSerializer(serializers.ListSerializer):
    """A page of entries: the names they print are resolved for the reader at once (``audit.names``)."""

    def to_representation(self, data):
        entries = list(data.all() if hasattr(data, "all") else data)
        request = self.context.get("request")
        self.context[NAMES] = HistoryNames(getattr(request, "user", None), entries)
        return super().to_representation(entries)


class ChangeRecordSerializer(serializers.ModelSerializer):
    """One history entry. Other records are named only as the reader may see them: a relation's name (its ends)
    and the records a many-to-many change added or removed read "[record you may not view]" / "[classified
    record]" where the reader may not open them; a foreign key's value is the related record's id."""

    actor = serializers.StringRelatedField()
    record_type = serializers.CharField(source="content_type.model", read_only=True)
    action = serializers.CharField(source="get_action_display", read_only=True)
    object_repr = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRecord
        list_serializer_class = ChangeRecordListSerializer
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

    def names(self, entry) -> HistoryNames:
        names = self.context.get(NAMES)
        if names is None or entry.pk not in names.entry_pks:
            request = self.context.get("request")
            names = HistoryNames(getattr(request, "user", None), [entry])
        return names

    def get_object_repr(self, entry) -> str:
        return str(self.names(entry).record_name(entry))

    def get_changes(self, entry) -> dict | None:
        changes = entry.changes
        if not isinstance(changes, dict):
            return changes
        changes = copy.deepcopy(changes)
        names = None
        for name, values in changes.items():
            if isinstance(values, dict) and "objects" in values:  # many-to-many: names of other records
                names = names or self.names(entry)
                values["objects"] = [str(ref) for ref in names.m2m_refs(entry, name)]
        return changes
