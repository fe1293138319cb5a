"""``/api/security/statistics/``: the statistics page's figures as JSON, described by serializers in the OpenAPI
schema. The filters are the page's (``from``/``to`` or ``date_from``/``date_to`` in yyyy-mm-dd or dd/mm/yyyy, ``unit``
an organisation id, ``category`` a case category id) and the figures ``security.selectors.crime_figures`` — the
function the page, the dashboard and the review report call."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.security import selectors

MONEY = {"max_digits": 24, "decimal_places": 0, "normalize_output": True}
QUANTITY = {"max_digits": 24, "decimal_places": 3, "normalize_output": True}
#: the query parameters the page names otherwise
ALIASES = {"from": "date_from", "to": "date_to"}


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class OutcomesSerializer(serializers.Serializer):
    prosecuted = serializers.IntegerField(help_text="Prosecuted and transferred to the investigating agency.")
    transferred = serializers.IntegerField(help_text="Initial file drawn up and handed over to another agency.")
    fined = serializers.IntegerField(help_text="Closed with an administrative fine.")
    confiscated = serializers.IntegerField(help_text="Ownerless goods confiscated.")
    pending = serializers.IntegerField(help_text="Still being handled.")


class TotalsSerializer(serializers.Serializer):
    operations = serializers.IntegerField(help_text="Operations (chuyên án) opened in the period.")
    operations_closed = serializers.IntegerField(help_text="Operations concluded in the period.")
    cases = serializers.IntegerField(help_text="Cases that occurred in the period.")
    criminal_cases = serializers.IntegerField()
    administrative_cases = serializers.IntegerField()
    lead = serializers.IntegerField(help_text="Cases led by the unit (chủ trì).")
    support = serializers.IntegerField(help_text="Cases in support of another force (phối hợp).")
    ownerless = serializers.IntegerField(help_text="Cases of goods whose owner was not identified.")
    subjects = serializers.IntegerField(help_text="The sum of the cases' numbers of subjects.")
    criminal_subjects = serializers.IntegerField()
    administrative_subjects = serializers.IntegerField()
    outcomes = OutcomesSerializer(help_text="The cases of the period by their outcome as recorded today.")
    fines = serializers.DecimalField(help_text="Administrative fines, VND.", **MONEY)
    budget_receipts = serializers.DecimalField(help_text="Paid to the state budget, VND.", **MONEY)


class LineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text="In the user's language.")
    level = serializers.IntegerField(help_text="0 for a total, 1 for a part of the total above it.")
    money = serializers.BooleanField()
    value = serializers.DecimalField(**QUANTITY)
    previous = serializers.DecimalField(allow_null=True, help_text="Same period last year.", **QUANTITY)


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    operations = serializers.IntegerField()
    cases = serializers.IntegerField()
    criminal_cases = serializers.IntegerField()
    administrative_cases = serializers.IntegerField()
    lead = serializers.IntegerField()
    support = serializers.IntegerField()
    ownerless = serializers.IntegerField()
    subjects = serializers.IntegerField()
    previous_operations = serializers.IntegerField()
    previous_cases = serializers.IntegerField()
    previous_subjects = serializers.IntegerField()


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cases = serializers.IntegerField()
    criminal_cases = serializers.IntegerField()
    ownerless = serializers.IntegerField()
    subjects = serializers.IntegerField()
    previous_cases = serializers.IntegerField()
    previous_subjects = serializers.IntegerField()


class SeizureSerializer(serializers.Serializer):
    item_type = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(
        help_text="The unit of measure (g, kg, banh, vien …): quantities are never added across units."
    )
    unit_label = serializers.CharField()
    quantity = serializers.DecimalField(**QUANTITY)
    cases = serializers.IntegerField()
    estimated_value = serializers.DecimalField(**MONEY)
    face_value = serializers.DecimalField(**MONEY)
    previous_quantity = serializers.DecimalField(**QUANTITY)
    previous_cases = serializers.IntegerField()


class CrimeStatisticsSerializer(TotalsSerializer):
    period = PeriodSerializer()
    comparison = PeriodSerializer(allow_null=True, help_text="The same period last year.")
    previous = TotalsSerializer(allow_null=True, help_text="The totals over the comparison period.")
    lines = LineSerializer(many=True, help_text="The summary table the page and the report print.")
    by_category = CategorySerializer(many=True)
    by_unit = UnitSerializer(many=True)
    seizures = SeizureSerializer(many=True, help_text="Per item type and unit of measure.")


def query_params(params):
    """The page's filter names for the API's aliases (``from`` → ``date_from``, ``to`` → ``date_to``)."""
    data = params.copy()
    for alias, name in ALIASES.items():
        values = data.pop(alias, None)
        if values and name not in data:
            data.setlist(name, values)
    return data


def date_parameter(name, description):
    return OpenApiParameter(name, OpenApiTypes.DATE, description=description + " (yyyy-mm-dd or dd/mm/yyyy)")


class CrimeStatisticsAPIView(APIView):
    """Crime-prevention figures of a period against the same period last year, through the gate with the
    ``count`` action: cases shared as totals only are counted (never listed), classified cases only up to the
    user's clearance."""

    @extend_schema(
        summary="Crime-prevention statistics",
        parameters=[
            date_parameter("from", "Start of the period; default 1 January of the end's year"),
            date_parameter("to", "End of the period; default today"),
            date_parameter("date_from", "Same as from"),
            date_parameter("date_to", "Same as to"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="An organisation: it and the units below it"),
            OpenApiParameter("category", OpenApiTypes.INT, description="A case category"),
        ],
        responses=CrimeStatisticsSerializer,
    )
    def get(self, request):
        from phoihop.security.views.statistics import compute

        form, _scope, figures = compute(request.user, query_params(request.query_params))
        if figures is None:
            return Response(form.errors, status=400)
        lines = [line for line in selectors.summary_lines(figures) if line["value"] != ""]
        return Response(CrimeStatisticsSerializer({**figures, "lines": lines}).data)


urlpatterns = [path("statistics/", CrimeStatisticsAPIView.as_view(), name="security-statistics")]
