"""API of the movements: /api/movements/teams/, events/, twinnings/, twinning-activities/, occasions/, visits/."""

from phoihop.core.api.views import RecordViewSet
from phoihop.movements.api import serializers
from phoihop.movements.filtersets.events import TowardsBorderEventFilterSet
from phoihop.movements.filtersets.teams import SelfManagementTeamFilterSet
from phoihop.movements.filtersets.twinning import TwinningActivityFilterSet, TwinningFilterSet
from phoihop.movements.filtersets.visits import HolidayVisitFilterSet, OccasionFilterSet
from phoihop.movements.models import (
    HolidayVisit,
    Occasion,
    SelfManagementTeam,
    TowardsBorderEvent,
    Twinning,
    TwinningActivity,
)


class SelfManagementTeamViewSet(RecordViewSet):
    queryset = SelfManagementTeam.objects.select_related("post").prefetch_related("markers", "segments")
    serializer_class = serializers.SelfManagementTeamSerializer
    filterset_class = SelfManagementTeamFilterSet
    ordering_fields = ["name", "founded_on", "members_count", "border_length_km"]


class TowardsBorderEventViewSet(RecordViewSet):
    queryset = TowardsBorderEvent.objects.prefetch_related("co_organisers")
    serializer_class = serializers.TowardsBorderEventSerializer
    filterset_class = TowardsBorderEventFilterSet
    ordering_fields = ["held_on", "participants_count", "contributions_vnd"]


class TwinningViewSet(RecordViewSet):
    queryset = Twinning.objects.all()
    serializer_class = serializers.TwinningSerializer
    filterset_class = TwinningFilterSet
    ordering_fields = ["started_on", "ended_on"]


class TwinningActivityViewSet(RecordViewSet):
    queryset = TwinningActivity.objects.all()
    serializer_class = serializers.TwinningActivitySerializer
    filterset_class = TwinningActivityFilterSet
    ordering_fields = ["held_on", "value_vnd"]


class OccasionViewSet(RecordViewSet):
    queryset = Occasion.objects.all()
    serializer_class = serializers.OccasionSerializer
    filterset_class = OccasionFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class HolidayVisitViewSet(RecordViewSet):
    queryset = HolidayVisit.objects.all()
    serializer_class = serializers.HolidayVisitSerializer
    filterset_class = HolidayVisitFilterSet
    ordering_fields = ["held_on", "households_visited", "gifts_count", "value_vnd"]


def register(router):
    router.register("teams", SelfManagementTeamViewSet)
    router.register("events", TowardsBorderEventViewSet)
    router.register("twinnings", TwinningViewSet)
    router.register("twinning-activities", TwinningActivityViewSet)
    router.register("occasions", OccasionViewSet)
    router.register("visits", HolidayVisitViewSet)
