"""The border app's item of "Việc cần xử lý" (``core.todo``): the markers of the user's posts overdue for their
periodic inspection."""

from django.utils.translation import gettext_lazy as _

from phoihop.border.filtersets import MarkerFilterSet
from phoihop.border.models import Marker
from phoihop.core.todo import listed, register


@register("markers_overdue", 35, _("Markers of my units overdue for inspection"), tone="danger")
def markers_overdue(user, today):
    return listed(user, "border:marker_list", MarkerFilterSet, Marker.objects.all(), mine="true", overdue="true")
