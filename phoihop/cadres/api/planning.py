"""API of cadre planning: /api/cadres/plans/ (not personal data: the committee's users read them) and
/api/cadres/planned-cadres/ (personal data: only memberships holding the permission reach them; reading is logged
with the ``X-Processing-Purpose`` header's purpose), with ``POST planned-cadres/{id}/remove/`` taking a person out
of the plan (``services.planned_cadre_remove``: field-level 400 errors, 409 on a stale version). The filters are
the list pages' FilterSets."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from phoihop.cadres import services
from phoihop.cadres.api import serializers_planning as serializers
from phoihop.cadres.filtersets import planning as filtersets
from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.core.access import can
from phoihop.core.api.views import RecordViewSet
from phoihop.core.choices import Action
from phoihop.programs.api.records import PersonalDataViewSet


class CadrePlanViewSet(RecordViewSet):
    queryset = CadrePlan.objects.select_related("organisation")
    serializer_class = serializers.CadrePlanSerializer
    filterset_class = filtersets.CadrePlanFilterSet
    ordering_fields = ["term", "title", "decision_date"]


class PlannedCadreViewSet(PersonalDataViewSet):
    queryset = PlannedCadre.objects.select_related("plan", "person")
    serializer_class = serializers.PlannedCadreSerializer
    filterset_class = filtersets.PlannedCadreFilterSet
    ordering_fields = ["decision_date", "removed_on", "person__full_name"]

    @extend_schema(request=serializers.RemovalSerializer, responses=serializers.PlannedCadreSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        planned = self.get_object()  # readable, else 404
        if not can(request.user, planned, Action.CHANGE):
            raise PermissionDenied()
        data = serializers.RemovalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.planned_cadre_remove(
            acting_user=request.user,
            planned=planned,
            removed_on=values["removed_on"],
            reason=values["removal_reason"],
            removal_decision=values["removal_decision"],
            expected_version=values["version"],
        )
        planned.refresh_from_db()
        return Response(self.get_serializer(planned).data)


router = DefaultRouter()
router.register("plans", CadrePlanViewSet)
router.register("planned-cadres", PlannedCadreViewSet)

urlpatterns = router.urls
