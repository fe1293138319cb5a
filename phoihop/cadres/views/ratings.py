"""Pages of the annual ratings (Quy định 124-QĐ/TW 2023): party organisations' ratings (not personal data: owned by
the rated organisation) and party members' ratings (personal data, as people are: only memberships holding the
permission reach them, readings are logged).

Both save through ``services.rating_save`` (the 20 % rule, under the group's lock). A rating's page shows its
group's quota — decided good, decided excellent, excellent allowed — and the edit form warns at the decided level
when "excellent" is chosen in a group at its quota (``forms.ratings``; the box reloads from ``…/quota/``).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View

from phoihop.cadres import selectors, services
from phoihop.cadres.filtersets import ratings as rating_filtersets
from phoihop.cadres.forms import ratings as rating_forms
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.resources import ratings as rating_resources
from phoihop.cadres.tables import ratings as rating_tables
from phoihop.core.choices import Action
from phoihop.core.numbers import INTEGER_MAX
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView, may_add


def group_quota(rating) -> dict | None:
    """The quota of the rating's group (None before a deciding organisation is named)."""
    if not rating.deciding_organisation_id or not rating.year:
        return None
    quota = selectors.excellent_quota(type(rating), rating.deciding_organisation_id, rating.year)
    return {**quota, "over": quota["excellent"] > quota["allowed"], "full": quota["excellent"] >= quota["allowed"]}


class RatingDetailView(ObjectDetailView):
    template_name = "cadres/rating_detail.html"

    def get_extra_context(self, obj):
        return {"quota": group_quota(obj)}


class RatingQuotaView(LoginRequiredMixin, View):
    """The decided level's warning box for the form as it stands (htmx, on every change of the form)."""

    model = None
    form = None

    def get(self, request):
        record = request.GET.get("record", "")
        if record:
            if not (record.isascii() and record.isdigit() and 0 < int(record) <= INTEGER_MAX):
                return HttpResponse(rating_forms.quota_box(""))
            instance = get_object_or_404(self.model.objects.restrict(request.user, Action.CHANGE), pk=int(record))
        elif may_add(request.user, self.model):
            instance = self.model()
        else:
            raise PermissionDenied
        form = self.form(request.GET, instance=instance, user=request.user)
        return HttpResponse(rating_forms.quota_box(form.quota_warning(), form.quota_url()))


organisation_rating_views = RecordViews(
    OrganisationRating.objects.select_related("organisation", "deciding_organisation"),
    filterset=rating_filtersets.OrganisationRatingFilterSet,
    table=rating_tables.OrganisationRatingTable,
    form=rating_forms.OrganisationRatingForm,
    resource=rating_resources.OrganisationRatingResource,
    detail_view=RatingDetailView,
    service=services.rating_save,
)
member_rating_views = RecordViews(
    MemberRating.objects.select_related("person", "organisation", "deciding_organisation"),
    filterset=rating_filtersets.MemberRatingFilterSet,
    table=rating_tables.MemberRatingTable,
    form=rating_forms.MemberRatingForm,
    resource=rating_resources.MemberRatingResource,
    detail_view=RatingDetailView,
    service=services.rating_save,
)


def quota_url(prefix, model, form):
    view = RatingQuotaView.as_view(model=model, form=form)
    return path(f"{prefix}/quota/", view, name=f"{model._meta.model_name}_quota")


urlpatterns = [
    *organisation_rating_views.urls("organisation-ratings"),
    quota_url("organisation-ratings", OrganisationRating, rating_forms.OrganisationRatingForm),
    *member_rating_views.urls("member-ratings"),
    quota_url("member-ratings", MemberRating, rating_forms.MemberRatingForm),
]
