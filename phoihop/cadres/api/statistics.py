"""``/api/cadres/statistics/``: the figures of cadre work and Party building as JSON, described by serializers in the
OpenAPI schema. The filters are the statistics page's (``from``/``to`` or ``date_from``/``date_to`` in yyyy-mm-dd or
dd/mm/yyyy, ``unit`` an organisation id, ``term`` a planning term) and the figures ``cadres.selectors.cadre_figures``
— the function the page, its Excel export, the dashboard and the review report call. Every number is a total: no
field names a person, and a plan is named only to a user who may view it (the others are the selector's folded rows,
``shared``)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from phoihop.cadres import selectors
from phoihop.cadres.choices import (
    AgeCohort,
    CommitteeLevel,
    CourseLevel,
    PlanLevel,
    PlannedSource,
    PlanTerm,
    SecondmentPosition,
)
from phoihop.security.api.statistics import date_parameter, query_params

TARGET_KEYS = [key for key, _field in selectors.STRUCTURE_TARGETS]


def keyed(name, keys, make_field, doc=""):
    """A serializer of a dict with fixed ``keys`` (some, like "45_49", are not identifiers), one field each."""
    return type(name, (serializers.Serializer,), {"__doc__": doc or None, **{key: make_field() for key in keys}})


def count():
    return serializers.IntegerField()


def share():
    return serializers.FloatField(allow_null=True, help_text="Per cent, one decimal; null when nothing is counted.")


TargetCounts = keyed("CadreTargetCountsSerializer", TARGET_KEYS, count)
TargetShares = keyed("CadreTargetSharesSerializer", TARGET_KEYS, share)
Targets = keyed(
    "CadreTargetsSerializer",
    TARGET_KEYS,
    lambda: serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False),
)
TargetsMet = keyed("CadreTargetsMetSerializer", TARGET_KEYS, lambda: serializers.BooleanField(allow_null=True))
Cohorts = keyed("CadreCohortsSerializer", AgeCohort.values, count, "Planned people by age cohort at the term's start.")
Sources = keyed("CadreSourcesSerializer", PlannedSource.values, count, "Planned people by origin.")
RatingLevels = keyed("CadreRatingLevelsSerializer", selectors.RATING_LEVELS, count, "By decided level.")
PeopleShares = keyed(
    "CadrePeopleSharesSerializer", ("party_members", "women", "minority", "local_province", "local_commune"), share
)


class CadrePeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


# --- secondments and households ---------------------------------------------------------------------------------


class SecondmentLevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=CommitteeLevel.choices)
    label = serializers.CharField()
    officers = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True, help_text="On the same day last year.")


class SecondmentPositionSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=CommitteeLevel.choices)
    level_label = serializers.CharField()
    position = serializers.ChoiceField(choices=SecondmentPosition.choices)
    label = serializers.CharField()
    officers = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True)


class SecondmentUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    officers = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True)


class SecondmentsSerializer(serializers.Serializer):
    officers = serializers.IntegerField(help_text="Officers seconded on the stock day, each counted once.")
    committees = serializers.IntegerField(help_text="Committees receiving them.")
    previous_officers = serializers.IntegerField(allow_null=True)
    previous_committees = serializers.IntegerField(allow_null=True)
    by_level = SecondmentLevelSerializer(many=True)
    by_position = SecondmentPositionSerializer(many=True)
    by_unit = SecondmentUnitSerializer(many=True, help_text="By sending unit.")


class HouseholdUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    members = serializers.IntegerField()
    households = serializers.IntegerField()
    previous_members = serializers.IntegerField(allow_null=True)
    previous_households = serializers.IntegerField(allow_null=True)


class HouseholdsSerializer(serializers.Serializer):
    members = serializers.IntegerField(help_text="Party members in charge of households (Chỉ thị 681).")
    households = serializers.IntegerField()
    villages = serializers.IntegerField()
    previous_members = serializers.IntegerField(allow_null=True)
    previous_households = serializers.IntegerField(allow_null=True)
    previous_villages = serializers.IntegerField(allow_null=True)
    by_unit = HouseholdUnitSerializer(many=True, help_text="By the members' organisation.")


# --- planning ------------------------------------------------------------------------------------------------


class StructureSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Planned people still in the plan.")
    under_40 = serializers.IntegerField(help_text="Under 40 at the start of the term.")
    women = serializers.IntegerField()
    minority = serializers.IntegerField()
    local = serializers.IntegerField(help_text="Of local origin.")
    shares = TargetShares()
    cohorts = Cohorts()
    sources = Sources()


class PlanSerializer(StructureSerializer):
    """A plan the user may view, or the plans of one term and level the user only counts (``shared``: a "totals
    only" sharing rule), folded into one row that names none of them."""

    shared = serializers.BooleanField(
        help_text="True: the plans of this term and level counted through a “totals only” sharing rule, folded; "
        "no id, committee or target."
    )
    plans = serializers.IntegerField(help_text="How many plans the row stands for (1 for a plan of its own).")
    id = serializers.IntegerField(allow_null=True, help_text="The plan (null on a folded row).")
    title = serializers.CharField(help_text="The planned title, or the folded row's label.")
    term = serializers.ChoiceField(choices=PlanTerm.choices)
    term_label = serializers.CharField()
    level = serializers.ChoiceField(choices=PlanLevel.choices)
    level_label = serializers.CharField()
    organisation = serializers.CharField(allow_blank=True, help_text="The planning committee (empty on a folded row).")
    organisation_id = serializers.IntegerField(allow_null=True)
    targets = Targets(help_text="The plan's targets in per cent (null: none set, or a folded row).")
    met = TargetsMet(help_text="Whether each target is reached (null: no target, nobody planned, or a folded row).")
    with_target = TargetCounts(help_text="Of the row's plans, those with a target and someone planned.")
    meeting_target = TargetCounts()
    below_target = TargetCounts()


class PlanningOverallSerializer(StructureSerializer):
    plans = serializers.IntegerField()
    with_target = TargetCounts(help_text="Plans with a target and someone planned.")
    meeting_target = TargetCounts()
    below_target = TargetCounts()


class PlanningSerializer(serializers.Serializer):
    term = serializers.CharField(allow_null=True)
    plans = PlanSerializer(many=True)
    overall = PlanningOverallSerializer()


# --- ratings, training, people --------------------------------------------------------------------------------


class RatingTotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    levels = RatingLevels()
    undecided = serializers.IntegerField()
    decided = serializers.IntegerField()
    disciplined = serializers.IntegerField()
    excellent_share_of_good = serializers.FloatField(allow_null=True)


class OrganisationRatingTotalsSerializer(RatingTotalsSerializer):
    clean_and_strong = serializers.IntegerField(help_text="Recognised “trong sạch, vững mạnh”.")
    clean_and_strong_share = serializers.FloatField(allow_null=True)


class MemberRatingsSerializer(RatingTotalsSerializer):
    previous = RatingTotalsSerializer(help_text="The year before.")


class OrganisationRatingsSerializer(OrganisationRatingTotalsSerializer):
    previous = OrganisationRatingTotalsSerializer(help_text="The year before.")


class RatingsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The year rated: the period's own when it reaches 31 December.")
    previous_year = serializers.IntegerField()
    organisations = OrganisationRatingsSerializer()
    members = MemberRatingsSerializer()


class TrainingLevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=CourseLevel.choices)
    label = serializers.CharField()
    courses = serializers.IntegerField()
    attendances = serializers.IntegerField()
    people = serializers.IntegerField()
    previous_courses = serializers.IntegerField(allow_null=True)
    previous_attendances = serializers.IntegerField(allow_null=True)
    previous_people = serializers.IntegerField(allow_null=True)


class TrainingSerializer(serializers.Serializer):
    courses = serializers.IntegerField(help_text="Courses held in the period (name, level and first day).")
    attendances = serializers.IntegerField()
    people = serializers.IntegerField(help_text="People trained, each once.")
    previous_courses = serializers.IntegerField(allow_null=True)
    previous_attendances = serializers.IntegerField(allow_null=True)
    previous_people = serializers.IntegerField(allow_null=True)
    by_level = TrainingLevelSerializer(many=True)


class EthnicGroupCountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_minority = serializers.BooleanField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class SexSerializer(serializers.Serializer):
    sex = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class AgeBandSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=[key for key, _low, _high in selectors.AGE_BANDS])
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class PeopleSerializer(serializers.Serializer):
    as_at = serializers.DateField(help_text="The day ages are counted on.")
    total = serializers.IntegerField()
    party_members = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    minority = serializers.IntegerField()
    local_province = serializers.IntegerField(help_text="From the province.")
    local_commune = serializers.IntegerField(help_text="From a commune of their organisation.")
    shares = PeopleShares()
    by_sex = SexSerializer(many=True)
    by_age_band = AgeBandSerializer(many=True)
    by_ethnic_group = EthnicGroupCountSerializer(many=True)


class CadreLineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text="In the user's language.")
    level = serializers.IntegerField(help_text="0 for a total, 1 for a part of the total above it.")
    value = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True)


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(
        child=serializers.CharField(allow_null=True), help_text="The two columns' headers (null: no comparison)."
    )
    lines = CadreLineSerializer(many=True)


class CadreStatisticsSerializer(serializers.Serializer):
    period = CadrePeriodSerializer()
    comparison = CadrePeriodSerializer(allow_null=True, help_text="The same period last year.")
    as_at = serializers.DateField(help_text="The day stocks (secondments, households) are read on.")
    previous_as_at = serializers.DateField(allow_null=True, help_text="The day they are compared with.")
    secondments = SecondmentsSerializer()
    households = HouseholdsSerializer()
    planning = PlanningSerializer()
    ratings = RatingsSerializer()
    training = TrainingSerializer()
    people = PeopleSerializer()
    groups = GroupSerializer(many=True, help_text="The summary tables the page and the report print.")


class CadreStatisticsAPIView(APIView):
    """Figures of cadre work and Party building, through the gate with the ``count`` action: people of the units a
    sharing rule shares as totals only, and people whose personal data the user may not read, are counted, never
    listed."""

    @extend_schema(
        summary="Cadre work and Party building statistics",
        parameters=[
            date_parameter("from", "Start of the period; default 1 January of the end's year"),
            date_parameter("to", "End of the period; default today"),
            date_parameter("date_from", "Same as from"),
            date_parameter("date_to", "Same as to"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="An organisation: it and the units below it"),
            OpenApiParameter("term", OpenApiTypes.STR, enum=PlanTerm.values, description="A planning term"),
        ],
        responses=CadreStatisticsSerializer,
    )
    def get(self, request):
        from phoihop.cadres.views.statistics import compute

        form, _scope, figures = compute(request.user, query_params(request.query_params))
        if figures is None:
            return Response(form.errors, status=400)
        return Response(CadreStatisticsSerializer({**figures, "groups": selectors.summary_groups(figures)}).data)


urlpatterns = [path("statistics/", CadreStatisticsAPIView.as_view(), name="cadres-statistics")]
