"""Twinnings (the organisation records them, the partner organisation reads them) and their activities."""

from django.urls import reverse

from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView
from phoihop.movements.filtersets.twinning import TwinningActivityFilterSet, TwinningFilterSet
from phoihop.movements.forms.twinning import TwinningActivityForm, TwinningForm
from phoihop.movements.models import Twinning, TwinningActivity
from phoihop.movements.resources.twinning import TwinningActivityResource, TwinningResource
from phoihop.movements.tables.twinning import TwinningActivityTable, TwinningTable

TWINNING_RELATED = ("organisation", "partner_organisation", "partner_village")


class TwinningDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        activities = obj.activities.restrict(user).order_by("-held_on", "-pk")
        add_url = None
        if can(user, obj, Action.CHANGE):  # activities are recorded by the twinning's own organisation
            add_url = f"{reverse('movements:twinningactivity_add')}?twinning={obj.pk}"
        return {"activities": activities, "add_activity_url": add_url}


twinning_views = RecordViews(
    Twinning.objects.select_related(*TWINNING_RELATED, "partner_village__parent"),
    filterset=TwinningFilterSet,
    table=TwinningTable,
    form=TwinningForm,
    resource=TwinningResource,
    detail_view=TwinningDetailView,
)
activity_views = RecordViews(
    TwinningActivity.objects.select_related(*(f"twinning__{name}" for name in TWINNING_RELATED)),
    filterset=TwinningActivityFilterSet,
    table=TwinningActivityTable,
    form=TwinningActivityForm,
    resource=TwinningActivityResource,
)

urlpatterns = [*twinning_views.urls("twinnings"), *activity_views.urls("twinning-activities")]
