from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from phoihop.core.api.views import RecordViewSet
from phoihop.reports import services
from phoihop.reports.api.serializers import GeneratedReportSerializer
from phoihop.reports.filtersets import ReportFilterSet
from phoihop.reports.models import Report
from phoihop.reports.selectors import RELATED


class ReportViewSet(RecordViewSet):
    """Generated reports: every edition is listed; ``POST`` requests a report, ``regenerate`` makes a new edition.
    The files are downloaded from the links in ``files`` (through the same access gate as the pages)."""

    queryset = Report.objects.select_related(*RELATED)
    serializer_class = GeneratedReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at", "issued_on", "period_start", "period_end", "edition", "status"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(request=None, responses={201: GeneratedReportSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        report = self.get_object()
        edition = services.report_regenerate(acting_user=request.user, report=report)
        return Response(GeneratedReportSerializer(edition, context=self.get_serializer_context()).data, status=201)
