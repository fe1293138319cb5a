from phoihop.core.urls_helpers import RecordViews
from phoihop.movements.filtersets.events import TowardsBorderEventFilterSet
from phoihop.movements.forms.events import TowardsBorderEventForm
from phoihop.movements.models import TowardsBorderEvent
from phoihop.movements.resources.events import TowardsBorderEventResource
from phoihop.movements.tables.events import TowardsBorderEventTable

event_views = RecordViews(
    TowardsBorderEvent.objects.select_related("organiser", "commune", "village").prefetch_related("co_organisers"),
    filterset=TowardsBorderEventFilterSet,
    table=TowardsBorderEventTable,
    form=TowardsBorderEventForm,
    resource=TowardsBorderEventResource,
)

urlpatterns = [*event_views.urls("events")]
