"""API of programmes: /api/programs/funding-sources/, programmes/, budgets/, indicators/, targets/."""

from rest_framework.routers import DefaultRouter

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.orgs.models import Organisation
from phoihop.programs.filtersets import programmes as filtersets
from phoihop.programs.forms.programmes import editable_programmes
from phoihop.programs.models import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class FundingSourceSerializer(RecordSerializer):
    class Meta:
        model = FundingSource
        fields = BOOKKEEPING + ["code", "name", "sort_order"]


class ProgrammeSerializer(RecordSerializer):
    owner_display = BriefSerializer(source="owner", read_only=True)

    class Meta:
        model = Programme
        fields = BOOKKEEPING + [
            "code",
            "name",
            "owner",
            "owner_display",
            "investor",
            "participants",
            "start_date",
            "end_date",
            "reporting_from",
            "description",
        ]
        extra_kwargs = {"participants": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same choices as the form (phoihop.programs.forms.programmes.ProgrammeForm): participants are
        # participants (RecordSerializer: the organisations the user coordinates with); any investor.
        self.fields["investor"].queryset = Organisation.objects.all()


class EditableProgrammeMixin:
    """Budgets, indicators and targets are written only for programmes the caller may change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "programme" in self.fields:
            self.fields["programme"].queryset = editable_programmes(user)


class ProgrammeBudgetSerializer(EditableProgrammeMixin, RecordSerializer):
    class Meta:
        model = ProgrammeBudget
        fields = BOOKKEEPING + ["programme", "source", "year", "amount", "note"]


class IndicatorSerializer(EditableProgrammeMixin, RecordSerializer):
    class Meta:
        model = Indicator
        fields = BOOKKEEPING + [
            "programme",
            "code",
            "name",
            "unit",
            "source",
            "period_type",
            "aggregation",
            "decimals",
            "deadline_days",
            "sort_order",
        ]


class IndicatorTargetSerializer(RecordSerializer):
    indicator_display = BriefSerializer(source="indicator", read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = BOOKKEEPING + ["indicator", "indicator_display", "year", "organisation", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.fields["indicator"].queryset = Indicator.objects.restrict(user, "change")


class FundingSourceViewSet(RecordViewSet):
    queryset = FundingSource.objects.all()
    serializer_class = FundingSourceSerializer
    filterset_class = filtersets.FundingSourceFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class ProgrammeViewSet(RecordViewSet):
    queryset = Programme.objects.select_related("owner").prefetch_related("participants")
    serializer_class = ProgrammeSerializer
    filterset_class = filtersets.ProgrammeFilterSet
    ordering_fields = ["code", "name", "start_date", "end_date"]


class ProgrammeBudgetViewSet(RecordViewSet):
    queryset = ProgrammeBudget.objects.all()
    serializer_class = ProgrammeBudgetSerializer
    filterset_class = filtersets.ProgrammeBudgetFilterSet
    ordering_fields = ["year", "amount"]


class IndicatorViewSet(RecordViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class IndicatorTargetViewSet(RecordViewSet):
    queryset = IndicatorTarget.objects.select_related("indicator")
    serializer_class = IndicatorTargetSerializer
    filterset_class = filtersets.IndicatorTargetFilterSet
    ordering_fields = ["year", "value"]


router = DefaultRouter()
router.register("funding-sources", FundingSourceViewSet)
router.register("programmes", ProgrammeViewSet)
router.register("budgets", ProgrammeBudgetViewSet)
router.register("indicators", IndicatorViewSet)
router.register("targets", IndicatorTargetViewSet)
