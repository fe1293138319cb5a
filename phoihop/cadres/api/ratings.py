"""API of the annual ratings (QĐ 124-QĐ/TW 2023): /api/cadres/organisation-ratings/ (not personal data) and
/api/cadres/member-ratings/ (personal data: only memberships holding the permission reach them; reading is logged
with the ``X-Processing-Purpose`` header's purpose). Writes go through ``services.rating_save``; ``POST
{id}/decide/`` records the decision (``services.rating_decide``). Both refuse a decision taking the group over the
20 % rule with a field-level 400 on ``decided_level``; a stale ``version`` answers 409. A rating read alone carries
its group's ``quota`` (good, excellent, allowed). The filters are the list pages' FilterSets."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from phoihop.cadres import services
from phoihop.cadres.api import serializers_ratings as serializers
from phoihop.cadres.filtersets import ratings as filtersets
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.views.ratings import group_quota
from phoihop.core.access import can
from phoihop.core.api.views import RecordViewSet
from phoihop.core.choices import Action
from phoihop.programs.api.records import PersonalDataViewSet

ORDERING = ["year", "decision_date", "decided_level"]


class RatingActionsMixin:
    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        quota = group_quota(self.get_object_cached)
        response.data["quota"] = {key: quota[key] for key in ("good", "excellent", "allowed")} if quota else None
        return response

    def get_object(self):
        obj = super().get_object()
        self.get_object_cached = obj
        return obj

    def decide_rating(self, request):
        rating = self.get_object()  # readable, else 404
        if not can(request.user, rating, Action.CHANGE):
            raise PermissionDenied()
        data = serializers.DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.rating_decide(
            acting_user=request.user,
            rating=rating,
            decided_level=values["decided_level"],
            decision_number=values["decision_number"],
            decision_date=values["decision_date"],
            deciding_organisation=values.get("deciding_organisation"),
            clean_and_strong=values.get("clean_and_strong"),
            expected_version=values.get("version"),
        )
        rating.refresh_from_db()
        return Response(self.get_serializer(rating).data)


class OrganisationRatingViewSet(RatingActionsMixin, RecordViewSet):
    queryset = OrganisationRating.objects.select_related("organisation", "deciding_organisation")
    serializer_class = serializers.OrganisationRatingSerializer
    filterset_class = filtersets.OrganisationRatingFilterSet
    ordering_fields = ORDERING

    @extend_schema(request=serializers.DecideSerializer, responses=serializers.OrganisationRatingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self.decide_rating(request)


class MemberRatingViewSet(RatingActionsMixin, PersonalDataViewSet):
    queryset = MemberRating.objects.select_related("person", "organisation", "deciding_organisation")
    serializer_class = serializers.MemberRatingSerializer
    filterset_class = filtersets.MemberRatingFilterSet
    ordering_fields = ORDERING

    @extend_schema(request=serializers.DecideSerializer, responses=serializers.MemberRatingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self.decide_rating(request)


router = DefaultRouter()
router.register("organisation-ratings", OrganisationRatingViewSet)
router.register("member-ratings", MemberRatingViewSet)

urlpatterns = router.urls
