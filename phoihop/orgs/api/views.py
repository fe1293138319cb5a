from phoihop.core.api.views import RecordViewSet
from phoihop.orgs import filtersets
from phoihop.orgs.api import serializers
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule


class AreaViewSet(RecordViewSet):
    queryset = Area.objects.select_related("parent").prefetch_related("predecessors")
    serializer_class = serializers.AreaSerializer
    filterset_class = filtersets.AreaFilterSet
    ordering_fields = ["code", "name", "kind"]


class OrganisationKindViewSet(RecordViewSet):
    queryset = OrganisationKind.objects.all()
    serializer_class = serializers.OrganisationKindSerializer
    filterset_class = filtersets.OrganisationKindFilterSet


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.select_related("kind", "parent").prefetch_related("areas")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    ordering_fields = ["code", "name", "path"]


class SharingRuleViewSet(RecordViewSet):
    queryset = SharingRule.objects.select_related("owner", "viewer")
    serializer_class = serializers.SharingRuleSerializer
    filterset_class = filtersets.SharingRuleFilterSet


class AgreementViewSet(RecordViewSet):
    queryset = Agreement.objects.select_related("owner").prefetch_related("parties")
    serializer_class = serializers.AgreementSerializer
    filterset_class = filtersets.AgreementFilterSet
    ordering_fields = ["number", "signed_on", "status"]


class ClauseViewSet(RecordViewSet):
    queryset = Clause.objects.select_related("agreement").prefetch_related("responsible")
    serializer_class = serializers.ClauseSerializer
    filterset_class = filtersets.ClauseFilterSet
