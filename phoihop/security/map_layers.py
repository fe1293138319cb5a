"""The cases on the border map (``border.maps.register_layer``): graduated circles of the cases of the last twelve
months, for the users allowed to see cases — the layer is absent for anyone else (a reader of totals only, such as
the Tỉnh ủy, or a commune committee). The points are ``security.selectors.case_places``; the endpoint takes the
statistics page's filters (``date_from``, ``date_to``, ``unit``, ``category``)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.border.maps import LayerFilterError, MapLayer, register_layer
from phoihop.core.choices import Action
from phoihop.security import selectors
from phoihop.security.models import Case

#: the period the map shows when none is asked for: the last twelve months
DAYS = 365


@register_layer
class CaseLayer(MapLayer):
    key = "cases"
    order = 50
    colour = "#d63939"

    def label(self):
        return _("Cases (last 12 months)")

    def available(self, user) -> bool:
        return Case.objects.restrict(user, Action.VIEW).exists()

    def strings(self):
        return {"count": _("%(count)s cases"), "title": _("Cases in this area")}

    def data(self, request):
        from phoihop.security.views.statistics import CrimeStatisticsFilter, statistics_scope

        form = CrimeStatisticsFilter(request.GET or None, user=request.user)
        if form.is_bound and not form.is_valid():
            raise LayerFilterError(form.errors)
        data = dict(form.cleaned_data) if form.is_bound else {}
        if not data.get("date_from") and not data.get("date_to"):
            today = timezone.localdate()
            data.update(date_from=today - datetime.timedelta(days=DAYS - 1), date_to=today)
        scope = statistics_scope(request.user, data)
        return selectors.case_places(scope, data.get("category"))
