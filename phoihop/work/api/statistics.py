from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView


class StatisticsAPIView(APIView):
    """The statistics page's figures as JSON (same filters: date_from, date_to in yyyy-mm-dd or dd/mm/yyyy,
    organisation id, role: any, assigning, lead or coordinating). The figures are ``work.selectors``' — the same
    functions as the dashboard and the review report."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from phoihop.work.views.statistics import compute

        form, figures = compute(request.user, request.query_params)
        if form.is_bound and not form.is_valid():
            return Response(form.errors, status=400)
        for row in figures["tasks"]["by_status"]:
            row["status"] = row.pop("value")
        for row in figures["outreach"]["by_month"]:
            row["month"] = row["month"].strftime("%Y-%m") if row["month"] else None
        return Response(figures)


urlpatterns = [path("statistics/", StatisticsAPIView.as_view(), name="work-statistics")]
