"""API of the records: /api/programs/forest-plots/, resettlements/, houses/, house-funding/, sponsorships/, and
of the people attached to them, /api/programs/households/ and sponsored-children/ (personal data: only
memberships holding the permission reach them; house and sponsorship payloads never carry them)."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.routers import DefaultRouter

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.programs.filtersets import records as filtersets
from phoihop.programs.forms.records import (
    commune_choices,
    editable_houses,
    may_edit_personal_data,
    personal_data_organisations,
    village_choices,
    village_error,
)
from phoihop.programs.housing import house_funding_delete, house_funding_save
from phoihop.programs.models import (
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


def request_user(serializer):
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class PlaceSerializerMixin:
    """Commune and village choices of the deployment province (as the forms); the village lies in the commune."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "commune" in self.fields:
            self.fields["commune"].queryset = commune_choices()
        if "village" in self.fields:
            self.fields["village"].queryset = village_choices()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        commune = attrs.get("commune", getattr(self.instance, "commune", None))
        village = attrs.get("village", getattr(self.instance, "village", None))
        message = village_error(commune, village)
        if message:
            raise DRFValidationError({"village": [message]})
        return attrs


class ForestPlotSerializer(PlaceSerializerMixin, RecordSerializer):
    commune_display = BriefSerializer(source="commune", read_only=True)

    class Meta:
        model = ForestPlot
        fields = BOOKKEEPING + [
            "programme",
            "organisation",
            "code",
            "commune",
            "commune_display",
            "village",
            "year_planted",
            "planted_on",
            "area_ha",
            "species",
            "households_contracted",
            "survival_pct",
            "latitude",
            "longitude",
            "polygon",
            "note",
        ]


class ResettlementSerializer(PlaceSerializerMixin, RecordSerializer):
    class Meta:
        model = Resettlement
        fields = BOOKKEEPING + [
            "programme",
            "organisation",
            "commune",
            "village",
            "village_kind",
            "households",
            "people",
            "date",
            "note",
        ]


class HouseSerializer(PlaceSerializerMixin, RecordSerializer):
    """A house without its household: people are served only by /api/programs/households/."""

    class Meta:
        model = House
        fields = BOOKKEEPING + [
            "programme",
            "organisation",
            "commune",
            "village",
            "household_size",
            "status",
            "start_date",
            "handover_date",
            "total_cost",
            "latitude",
            "longitude",
            "note",
        ]
        read_only_fields = ["total_cost"]


class HouseFundingSerializer(RecordSerializer):
    save_service = staticmethod(house_funding_save)

    class Meta:
        model = HouseFunding
        fields = BOOKKEEPING + ["house", "source", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["house"].queryset = editable_houses(user)


class HouseholdSerializer(RecordSerializer):
    class Meta:
        model = Household
        fields = BOOKKEEPING + [
            "house",
            "head_name",
            "head_birth_year",
            "ethnicity",
            "identity_number",
            "phone",
            "members",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["house"].queryset = editable_houses(user).filter(
                organisation__in=personal_data_organisations(user).values("pk")
            )


class SponsorshipSerializer(PlaceSerializerMixin, RecordSerializer):
    """A sponsorship without its child: children are served only by /api/programs/sponsored-children/."""

    class Meta:
        model = Sponsorship
        fields = BOOKKEEPING + [
            "programme",
            "sponsoring_unit",
            "commune",
            "school",
            "grade",
            "monthly_support",
            "start_date",
            "end_date",
            "note",
        ]


class SponsoredChildSerializer(RecordSerializer):
    class Meta:
        model = SponsoredChild
        fields = BOOKKEEPING + [
            "sponsorship",
            "full_name",
            "birth_date",
            "gender",
            "ethnicity",
            "village",
            "guardian_name",
            "guardian_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_choices()
        user = request_user(self)
        if user is not None:
            self.fields["sponsorship"].queryset = Sponsorship.objects.restrict(user, "change").filter(
                sponsoring_unit__in=personal_data_organisations(user).values("pk")
            )


class ForestPlotViewSet(RecordViewSet):
    queryset = ForestPlot.objects.select_related("commune")
    serializer_class = ForestPlotSerializer
    filterset_class = filtersets.ForestPlotFilterSet
    ordering_fields = ["year_planted", "planted_on", "area_ha", "code"]


class ResettlementViewSet(RecordViewSet):
    queryset = Resettlement.objects.all()
    serializer_class = ResettlementSerializer
    filterset_class = filtersets.ResettlementFilterSet
    ordering_fields = ["date", "households", "people"]


class HouseViewSet(RecordViewSet):
    queryset = House.objects.all()
    serializer_class = HouseSerializer
    filterset_class = filtersets.HouseFilterSet
    ordering_fields = ["start_date", "handover_date", "total_cost"]


class HouseFundingViewSet(RecordViewSet):
    queryset = HouseFunding.objects.all()
    serializer_class = HouseFundingSerializer
    filterset_class = filtersets.HouseFundingFilterSet
    ordering_fields = ["amount"]

    def perform_destroy(self, instance):
        house_funding_delete(acting_user=self.request.user, instance=instance)


class PersonalDataViewSet(RecordViewSet):
    """Adding people's data needs the reporter role together with the personal-data permission."""

    def create(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_edit_personal_data(request.user):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)


class HouseholdViewSet(PersonalDataViewSet):
    queryset = Household.objects.all()
    serializer_class = HouseholdSerializer
    filterset_class = filtersets.HouseholdFilterSet
    ordering_fields = ["head_name"]


class SponsorshipViewSet(RecordViewSet):
    queryset = Sponsorship.objects.all()
    serializer_class = SponsorshipSerializer
    filterset_class = filtersets.SponsorshipFilterSet
    ordering_fields = ["start_date", "end_date", "monthly_support"]


class SponsoredChildViewSet(PersonalDataViewSet):
    queryset = SponsoredChild.objects.all()
    serializer_class = SponsoredChildSerializer
    filterset_class = filtersets.SponsoredChildFilterSet
    ordering_fields = ["full_name", "birth_date"]


router = DefaultRouter()
router.register("forest-plots", ForestPlotViewSet)
router.register("resettlements", ResettlementViewSet)
router.register("houses", HouseViewSet)
router.register("house-funding", HouseFundingViewSet)
router.register("households", HouseholdViewSet)
router.register("sponsorships", SponsorshipViewSet)
router.register("sponsored-children", SponsoredChildViewSet)
