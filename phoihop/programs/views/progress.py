"""Pages: a programme's progress against its targets (charts, tables, records and a map).

Selectors live in ``phoihop.programs.progress``; everything read passes the access gate, and a programme outside
it answers 404 on the page and on its GeoJSON endpoint alike.
"""

import json

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phoihop.border.maps import DEFAULT_CENTER, DEFAULT_ZOOM, JsonLoginRequiredMixin, geojson_response
from phoihop.core.choices import Action
from phoihop.core.forms import MarkInvalidMixin, style_widgets
from phoihop.orgs.models import Organisation
from phoihop.programs import progress
from phoihop.programs.choices import HouseStatus
from phoihop.programs.models import Programme

#: map colours (Tabler's palette)
PLOT_COLOUR = "#2fb344"
HOUSE_COLOURS = {
    HouseStatus.HANDED_OVER: "#206bc4",
    HouseStatus.BUILDING: "#f59f00",
    HouseStatus.PLANNED: "#667382",
    HouseStatus.CANCELLED: "#d63939",
}
COMMUNE_COLOUR = "#ae3ec9"


class ProgressFilter(MarkInvalidMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=gettext_lazy("Organisation (with its subtree)"),
        empty_label=gettext_lazy("All organisations"),
    )

    def __init__(self, *args, user, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["year"].choices = [(y, str(y)) for y in progress.year_choices(programme, self.today)]
        self.fields["organisation"].queryset = progress.filter_organisations(user, programme)
        style_widgets(self)

    def values(self):
        """(year, organisation): the filter's values, or the defaults (this year, every organisation) when the
        form is unbound or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("year") or self.today.year, data.get("organisation")


def programme_or_none(user, pk):
    return Programme.objects.restrict(user, Action.VIEW).select_related("owner").filter(pk=pk).first()


class ProgrammeProgressView(LoginRequiredMixin, View):
    template_name = "programs/progress.html"

    def get(self, request, pk):
        programme = progress.visible_programme(request.user, pk)
        form = ProgressFilter(request.GET or None, user=request.user, programme=programme)
        valid = not form.is_bound or form.is_valid()
        year, organisation = form.values()
        today = form.today
        indicators = progress.indicator_progress(request.user, programme, year, organisation, today=today)
        totals = progress.record_totals(request.user, programme, year, organisation, today=today)
        communes = progress.commune_totals(request.user, programme, organisation)
        params = {"organisation": organisation.pk} if organisation else {}
        data_url = reverse("programs:programme_progress_geojson", kwargs={"pk": programme.pk})
        if params:
            data_url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        map_config = {
            "dataUrl": data_url,
            "tileUrl": settings.MAP_TILE_URL,
            "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
            "center": DEFAULT_CENTER,
            "zoom": DEFAULT_ZOOM,
            "colours": {
                "plot": PLOT_COLOUR,
                "commune": COMMUNE_COLOUR,
                "house": {str(k): v for k, v in HOUSE_COLOURS.items()},
            },
            "strings": {
                "plots": _("Forest plots"),
                "houses": _("Houses"),
                "communes": _("Totals by commune"),
                "commune": _("Commune"),
                "organisation": _("Organisation"),
                "year": _("Year planted"),
                "area": _("Area (ha)"),
                "species": _("Species"),
                "survival": _("Survival (%)"),
                "households": _("Households contracted"),
                "status": _("Status"),
                "village": _("Village"),
                "handover": _("Handover date"),
                "householdSize": _("People in the household"),
                "haPlanted": _("Ha planted"),
                "housesHandedOver": _("Houses handed over"),
                "open": _("Open the record"),
                "dataError": _("The map data could not be loaded."),
                "summary": _("Forest plots: %(plots)s · houses: %(houses)s · communes: %(communes)s"),
                "unplaced": _("Without a position (not on the map): %(count)s"),
            },
        }
        chart_strings = {
            "official": _("Approved (official)"),
            "pending": _("Pending approval"),
            "pendingStock": _("If the pending figures are approved"),
            "cumulative": _("Cumulative"),
            "target": _("Target"),
        }
        context = {
            "programme": programme,
            "programme_url": programme.get_absolute_url(),
            "form": form,
            "year": year,
            "year_text": str(year),
            "organisation": organisation,
            "indicators": indicators,
            "totals": self.totals_display(totals),
            "communes": communes,
            "charts": {"indicators": [item.chart() for item in indicators], "strings": chart_strings},
            "map_config_json": json.dumps(map_config, ensure_ascii=False),
            "has_base_map": bool(settings.MAP_TILE_URL),
            "house_colours": [(HouseStatus(k).label, v) for k, v in HOUSE_COLOURS.items()],
            "plot_colour": PLOT_COLOUR,
            "commune_colour": COMMUNE_COLOUR,
        }
        return render(request, self.template_name, context, status=200 if valid else 400)

    @staticmethod
    def totals_display(totals):
        """The record totals with their Vietnamese-formatted text next to the raw values."""
        display = {"reference": totals["reference"]}
        for section, values in totals.items():
            if section == "reference":
                continue
            display[section] = {
                **values,
                **{f"{key}_text": progress.number(value, 2) for key, value in values.items()},
            }
        return display


class ProgrammeProgressGeoJSONView(JsonLoginRequiredMixin, View):
    """The map layer of the progress page: forest plots, houses and commune totals of one programme."""

    def get(self, request, pk):
        programme = programme_or_none(request.user, pk)
        if programme is None:
            return JsonResponse({"detail": _("Not found.")}, status=404)
        params = {"organisation": request.GET["organisation"]} if request.GET.get("organisation") else None
        form = ProgressFilter(params, user=request.user, programme=programme)
        if form.is_bound and not form.is_valid():
            return JsonResponse(
                {"errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()}}, status=400
            )
        _year, organisation = form.values()
        return geojson_response(progress.map_data(request.user, programme, organisation))


urlpatterns = [
    path("programmes/<int:pk>/progress/", ProgrammeProgressView.as_view(), name="programme_progress"),
    path(
        "programmes/<int:pk>/progress/map.geojson",
        ProgrammeProgressGeoJSONView.as_view(),
        name="programme_progress_geojson",
    ),
]
