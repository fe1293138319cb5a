"""Pages of the records that feed the indicators (forest plots, resettlements, houses and their funding,
sponsorships) and of the people attached to them (households, sponsored children).

People are record types of their own, marked ``access_personal_data``: the gate lets only memberships holding
the personal-data permission reach them, so their pages answer 404 and their lists are empty for everyone else.
House and sponsorship pages read them only through ``restrict(user)`` and otherwise say the data is hidden.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.core.access import can, may_see_personal_data
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDeleteView, ObjectEditView
from phoihop.programs.filtersets import records as record_filtersets
from phoihop.programs.forms import records as record_forms
from phoihop.programs.forms.records import may_edit_personal_data
from phoihop.programs.housing import house_funding_changed, house_funding_save
from phoihop.programs.models import (
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)
from phoihop.programs.resources import records as record_resources
from phoihop.programs.tables import records as record_tables
from phoihop.programs.views.programmes import PlainYearsDetailView


def polygon_summary(polygon):
    """A short description of a GeoJSON boundary for the detail page, instead of the raw coordinates."""
    if not isinstance(polygon, dict):
        return None
    if polygon.get("type") == "Polygon":
        rings = [polygon.get("coordinates") or []]
    else:
        rings = polygon.get("coordinates") or []
    points = sum(len(ring) for polygon_rings in rings for ring in polygon_rings)
    return _("%(type)s, %(points)s points") % {"type": polygon.get("type"), "points": points}


class ForestPlotDetailView(PlainYearsDetailView):
    def get_extra_context(self, obj):
        label = ForestPlot._meta.get_field("polygon").verbose_name
        fields = []
        for name, value in self.plain_fields(obj):
            fields.append((name, polygon_summary(value) if name == label else value))
        return {"fields": fields}


class HouseDetailView(PlainYearsDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        funding = list(HouseFunding.objects.restrict(user, Action.VIEW).filter(house=obj).select_related("source"))
        may_change = can(user, obj, Action.CHANGE)
        context = {
            "funding": funding,
            "funding_total": sum((line.amount for line in funding), 0),
            "add_funding_url": f"{reverse(HouseFunding.url_name('add'))}?house={obj.pk}" if may_change else None,
            "personal_data_visible": may_see_personal_data(user, obj.organisation),
            "household": Household.objects.restrict(user, Action.VIEW).filter(house=obj).first(),
            "add_household_url": None,
        }
        if context["household"] is not None:
            self.personal_data_shown(Household, [context["household"]])
        fields = self.plain_fields(obj)
        fields.append((House._meta.get_field("total_cost").verbose_name, obj.total_cost))
        context["fields"] = fields
        if context["household"] is None and may_change and may_edit_personal_data(user, obj.organisation):
            context["add_household_url"] = f"{reverse(Household.url_name('add'))}?house={obj.pk}"
        return context


class SponsorshipDetailView(PlainYearsDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        may_change = can(user, obj, Action.CHANGE)
        child = SponsoredChild.objects.restrict(user, Action.VIEW).filter(sponsorship=obj).select_related("village")
        context = {
            "personal_data_visible": may_see_personal_data(user, obj.sponsoring_unit),
            "child": child.first(),
            "add_child_url": None,
        }
        if context["child"] is not None:
            self.personal_data_shown(SponsoredChild, [context["child"]])
        if context["child"] is None and may_change and may_edit_personal_data(user, obj.sponsoring_unit):
            context["add_child_url"] = f"{reverse(SponsoredChild.url_name('add'))}?sponsorship={obj.pk}"
        return context


class HouseFundingDeleteView(ObjectDeleteView):
    """Deleting a funding line updates its house's total cost."""

    def post(self, request, pk):
        response = super().post(request, pk)  # 404/403 for lines outside the user's reach, as usual
        house = House.all_objects.filter(funding__pk=pk).first()
        if house is not None:
            house_funding_changed(house)
        return response


class PersonalDataEditView(ObjectEditView):
    """Adding people's data needs the reporter role together with the personal-data permission."""

    def get_instance(self):
        if "pk" not in self.kwargs and not may_edit_personal_data(self.request.user):
            raise PermissionDenied(_("You may not record people's personal data."))
        return super().get_instance()


forest_plot_views = RecordViews(
    ForestPlot.objects.select_related("programme", "organisation", "commune", "village"),
    filterset=record_filtersets.ForestPlotFilterSet,
    table=record_tables.ForestPlotTable,
    form=record_forms.ForestPlotForm,
    resource=record_resources.ForestPlotResource,
    detail_view=ForestPlotDetailView,
)
resettlement_views = RecordViews(
    Resettlement.objects.select_related("programme", "organisation", "commune", "village"),
    filterset=record_filtersets.ResettlementFilterSet,
    table=record_tables.ResettlementTable,
    form=record_forms.ResettlementForm,
    resource=record_resources.ResettlementResource,
)
house_views = RecordViews(
    House.objects.select_related("programme", "organisation", "commune", "village"),
    filterset=record_filtersets.HouseFilterSet,
    table=record_tables.HouseTable,
    form=record_forms.HouseForm,
    resource=record_resources.HouseResource,
    detail_view=HouseDetailView,
)
house_funding_views = RecordViews(
    HouseFunding.objects.select_related("source", "house__village", "house__commune"),
    filterset=record_filtersets.HouseFundingFilterSet,
    table=record_tables.HouseFundingTable,
    form=record_forms.HouseFundingForm,
    service=house_funding_save,
    delete_view=HouseFundingDeleteView,
)
household_views = RecordViews(
    Household.objects.select_related("house__village", "house__commune"),
    filterset=record_filtersets.HouseholdFilterSet,
    table=record_tables.HouseholdTable,
    form=record_forms.HouseholdForm,
    edit_view=PersonalDataEditView,
    detail_view=PlainYearsDetailView,
)
sponsorship_views = RecordViews(
    Sponsorship.objects.select_related("programme", "sponsoring_unit", "commune"),
    filterset=record_filtersets.SponsorshipFilterSet,
    table=record_tables.SponsorshipTable,
    form=record_forms.SponsorshipForm,
    detail_view=SponsorshipDetailView,
)
sponsored_child_views = RecordViews(
    SponsoredChild.objects.select_related("sponsorship", "village"),
    filterset=record_filtersets.SponsoredChildFilterSet,
    table=record_tables.SponsoredChildTable,
    form=record_forms.SponsoredChildForm,
    edit_view=PersonalDataEditView,
)

urlpatterns = [
    *forest_plot_views.urls("forest-plots"),
    *resettlement_views.urls("resettlements"),
    *house_views.urls("houses"),
    *house_funding_views.urls("house-funding"),
    *household_views.urls("households"),
    *sponsorship_views.urls("sponsorships"),
    *sponsored_child_views.urls("sponsored-children"),
]
