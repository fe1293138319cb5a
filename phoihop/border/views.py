from django.urls import path

from phoihop.border import filtersets, forms, services, tables
from phoihop.border.importing import MarkerImportView
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.border.resources import MarkerResource
from phoihop.border.schedule import ScheduleView
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView


class MarkerDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {
            "inspections": obj.inspections.restrict(self.request.user).select_related(
                "inspecting_unit", "follow_up_task"
            )[:20],
        }


class InspectionDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        from phoihop.border.photos import photo_positions
        from phoihop.core.attachments import attachments_of

        return {"photo_positions": photo_positions(obj.marker, attachments_of(obj))}


segment_views = RecordViews(
    BorderSegment.objects.select_related("post"),
    filterset=filtersets.SegmentFilterSet,
    table=tables.SegmentTable,
    form=forms.SegmentForm,
)
gate_views = RecordViews(
    Gate.objects.select_related("post", "commune"),
    filterset=filtersets.GateFilterSet,
    table=tables.GateTable,
    form=forms.GateForm,
)
marker_views = RecordViews(
    Marker.objects.select_related("post", "commune"),
    filterset=filtersets.MarkerFilterSet,
    table=tables.MarkerTable,
    form=forms.MarkerForm,
    detail_view=MarkerDetailView,
    resource=MarkerResource,
    import_view=MarkerImportView,
)
patrol_views = RecordViews(
    Patrol.objects.select_related("post", "segment"),
    filterset=filtersets.PatrolFilterSet,
    table=tables.PatrolTable,
    form=forms.PatrolForm,
)
inspection_views = RecordViews(
    Inspection.objects.select_related("marker", "inspecting_unit", "follow_up_task"),
    filterset=filtersets.InspectionFilterSet,
    detail_view=InspectionDetailView,
    table=tables.InspectionTable,
    form=forms.InspectionForm,
    service=services.inspection_record,
)

app_name = "border"
urlpatterns = [
    *segment_views.urls("segments"),
    *gate_views.urls("gates"),
    *marker_views.urls("markers"),
    *patrol_views.urls("patrols"),
    *inspection_views.urls("inspections"),
    path("schedule/", ScheduleView.as_view(), name="schedule"),
]
