from django.urls import path
from rest_framework.routers import DefaultRouter

from phoihop.border import filtersets, services
from phoihop.border.api import maps
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.core.api.serializers import RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.core.pagination import RecordCursorPagination

COMMON = ["id", "url", "version", "created_at", "updated_at"]


class SegmentSerializer(RecordSerializer):
    class Meta:
        model = BorderSegment
        fields = COMMON + ["code", "name", "post", "geometry", "length_km", "note"]
        read_only_fields = ["length_km"]


class GateSerializer(RecordSerializer):
    class Meta:
        model = Gate
        fields = COMMON + [
            "name",
            "gate_class",
            "status",
            "transport",
            "counterpart",
            "commune",
            "post",
            "latitude",
            "longitude",
            "opening_hours",
            "note",
        ]


class MarkerSerializer(RecordSerializer):
    class Meta:
        model = Marker
        fields = COMMON + [
            "border_line",
            "number",
            "sort_key",
            "kind",
            "form",
            "material",
            "latitude",
            "longitude",
            "vn2000_x",
            "vn2000_y",
            "vn2000_grid",
            "elevation_m",
            "commune",
            "post",
            "segment",
            "condition",
            "last_inspected_on",
            "note",
        ]
        read_only_fields = ["sort_key", "condition", "last_inspected_on"]


class PatrolSerializer(RecordSerializer):
    class Meta:
        model = Patrol
        fields = COMMON + [
            "post",
            "kind",
            "started_at",
            "ended_at",
            "segment",
            "route",
            "border_guards",
            "militia",
            "people",
            "police",
            "findings",
            "track",
        ]
        read_only_fields = ["track"]


class InspectionSerializer(RecordSerializer):
    save_service = staticmethod(services.inspection_record)

    class Meta:
        model = Inspection
        fields = COMMON + [
            "marker",
            "patrol",
            "inspected_on",
            "inspecting_unit",
            "condition",
            "notes",
            "follow_up_task",
        ]
        read_only_fields = ["inspecting_unit", "follow_up_task"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["marker"].queryset = Marker.objects.restrict(request.user, "change")


class SegmentViewSet(RecordViewSet):
    queryset = BorderSegment.objects.select_related("post")
    serializer_class = SegmentSerializer
    filterset_class = filtersets.SegmentFilterSet


class GateViewSet(RecordViewSet):
    queryset = Gate.objects.select_related("post", "commune")
    serializer_class = GateSerializer
    filterset_class = filtersets.GateFilterSet


class MarkerViewSet(RecordViewSet):
    queryset = Marker.objects.select_related("post", "commune")
    serializer_class = MarkerSerializer
    filterset_class = filtersets.MarkerFilterSet
    ordering_fields = ["sort_key", "condition", "last_inspected_on"]


class PatrolViewSet(RecordViewSet):
    queryset = Patrol.objects.select_related("post", "segment")
    serializer_class = PatrolSerializer
    filterset_class = filtersets.PatrolFilterSet
    pagination_class = RecordCursorPagination  # a million patrols nationally: pages by cursor, not by number


class InspectionViewSet(RecordViewSet):
    queryset = Inspection.objects.select_related("marker", "inspecting_unit")
    serializer_class = InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    pagination_class = RecordCursorPagination


router = DefaultRouter()
router.register("segments", SegmentViewSet)
router.register("gates", GateViewSet)
router.register("markers", MarkerViewSet)
router.register("patrols", PatrolViewSet)
router.register("inspections", InspectionViewSet)
urlpatterns = [
    path("map/markers/", maps.MarkerLayerView.as_view(), name="api_map_markers"),
    path("map/segments/", maps.SegmentLayerView.as_view(), name="api_map_segments"),
    path("map/gates/", maps.GateLayerView.as_view(), name="api_map_gates"),
    path("map/tracks/", maps.TrackLayerView.as_view(), name="api_map_tracks"),
    *router.urls,
]
