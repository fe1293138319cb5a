from phoihop.core.urls_helpers import RecordViews
from phoihop.movements.filtersets.visits import HolidayVisitFilterSet, OccasionFilterSet
from phoihop.movements.forms.visits import HolidayVisitForm, OccasionForm
from phoihop.movements.models import HolidayVisit, Occasion
from phoihop.movements.resources.visits import HolidayVisitResource
from phoihop.movements.tables.visits import HolidayVisitTable, OccasionTable

occasion_views = RecordViews(
    Occasion.objects.all(),
    filterset=OccasionFilterSet,
    table=OccasionTable,
    form=OccasionForm,
)
visit_views = RecordViews(
    HolidayVisit.objects.select_related(
        "occasion", "visiting_organisation", "visited_organisation", "commune", "village", "funding_source"
    ),
    filterset=HolidayVisitFilterSet,
    table=HolidayVisitTable,
    form=HolidayVisitForm,
    resource=HolidayVisitResource,
)

urlpatterns = [*occasion_views.urls("occasions"), *visit_views.urls("visits")]
