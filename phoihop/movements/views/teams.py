"""Self-management teams and households: the markers each looks after are shown, with their condition, on its page."""

from django.db.models import Count, Q

from phoihop.border.choices import CONDITION_COLOURS
from phoihop.border.models import Marker
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView
from phoihop.movements.filtersets.teams import SelfManagementTeamFilterSet
from phoihop.movements.forms.teams import SelfManagementTeamForm
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.resources.teams import SelfManagementTeamResource
from phoihop.movements.services import team_save
from phoihop.movements.tables.teams import SelfManagementTeamTable


class SelfManagementTeamDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        markers = [
            (marker, CONDITION_COLOURS.get(marker.condition, "secondary"))
            for marker in Marker.objects.restrict(user).filter(self_management_teams=obj).order_by("sort_key")
        ]
        segments = obj.segments.restrict(user).select_related("post").order_by("code")
        return {"markers": markers, "segments": segments}


team_views = RecordViews(
    SelfManagementTeam.objects.select_related("post", "commune", "village")
    .prefetch_related("markers", "segments")
    .annotate(marker_count=Count("markers", filter=Q(markers__deleted_at__isnull=True), distinct=True)),
    filterset=SelfManagementTeamFilterSet,
    table=SelfManagementTeamTable,
    form=SelfManagementTeamForm,
    resource=SelfManagementTeamResource,
    detail_view=SelfManagementTeamDetailView,
    service=team_save,
)

urlpatterns = [*team_views.urls("teams")]
