from rest_framework import viewsets

from phoihop.audit.api.serializers import ChangeRecordSerializer
from phoihop.audit.filtersets import ChangeRecordFilterSet
from phoihop.audit.models import ChangeRecord
from phoihop.audit.selectors import visible_changes


class ChangeRecordViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ChangeRecord.objects.all()
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilterSet

    def get_queryset(self):
        return visible_changes(self.request.user)
