from rest_framework import viewsets

from phoihop.audit.api.serializers import ChangeRecordSerializer
from phoihop.audit.filtersets import ChangeRecordFilterSet
from phoihop.audit.models import ChangeRecord
from phoihop.audit.selectors import visible_changes
from phoihop.core.pagination import RecordCursorPagination


class ChangeRecordViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ChangeRecord.objects.all()
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilterSet
    pagination_class = RecordCursorPagination  # the whole change history: pages by cursor, not by number

    def get_queryset(self):
        return visible_changes(self.request.user)
