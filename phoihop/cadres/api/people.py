"""API of the people of cadre work: /api/cadres/ethnic-groups/ (the managed list), people/, positions/,
training-courses/, secondments/ and household-assignments/ (personal data: only memberships holding the permission
reach them; reading them is logged with the ``X-Processing-Purpose`` header's purpose). The filters are the list
pages' FilterSets; the pagination is the project's (page numbers, 50 a page)."""

from rest_framework.routers import DefaultRouter

from phoihop.cadres.api import serializers_people as serializers
from phoihop.cadres.filtersets import people as people_filtersets
from phoihop.cadres.filtersets import secondments as secondment_filtersets
from phoihop.cadres.models import EthnicGroup, HouseholdAssignment, PositionHolding, Secondment, TrainingCourse
from phoihop.cadres.views.people import people_queryset
from phoihop.core.api.views import RecordViewSet
from phoihop.programs.api.records import PersonalDataViewSet


class EthnicGroupViewSet(RecordViewSet):
    queryset = EthnicGroup.objects.all()
    serializer_class = serializers.EthnicGroupSerializer
    filterset_class = people_filtersets.EthnicGroupFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class PersonViewSet(PersonalDataViewSet):
    queryset = people_queryset()
    serializer_class = serializers.PersonSerializer
    filterset_class = people_filtersets.PersonFilterSet
    ordering_fields = ["full_name", "birth_date", "party_admitted_on"]


class PositionHoldingViewSet(PersonalDataViewSet):
    queryset = PositionHolding.objects.select_related("person", "organisation")
    serializer_class = serializers.PositionHoldingSerializer
    filterset_class = people_filtersets.PositionHoldingFilterSet
    ordering_fields = ["from_date", "to_date", "title"]


class TrainingCourseViewSet(PersonalDataViewSet):
    queryset = TrainingCourse.objects.select_related("person")
    serializer_class = serializers.TrainingCourseSerializer
    filterset_class = people_filtersets.TrainingCourseFilterSet
    ordering_fields = ["from_date", "to_date", "name"]


class SecondmentViewSet(PersonalDataViewSet):
    queryset = Secondment.objects.select_related("person", "sending_unit", "receiving_committee")
    serializer_class = serializers.SecondmentSerializer
    filterset_class = secondment_filtersets.SecondmentFilterSet
    ordering_fields = ["from_date", "to_date", "decision_date"]


class HouseholdAssignmentViewSet(PersonalDataViewSet):
    queryset = HouseholdAssignment.objects.select_related("person", "village__parent")
    serializer_class = serializers.HouseholdAssignmentSerializer
    filterset_class = secondment_filtersets.HouseholdAssignmentFilterSet
    ordering_fields = ["from_date", "to_date", "households"]


router = DefaultRouter()
router.register("ethnic-groups", EthnicGroupViewSet)
router.register("people", PersonViewSet)
router.register("positions", PositionHoldingViewSet)
router.register("training-courses", TrainingCourseViewSet)
router.register("secondments", SecondmentViewSet)
router.register("household-assignments", HouseholdAssignmentViewSet)

urlpatterns = router.urls
