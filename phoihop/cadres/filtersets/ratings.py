"""Filters of the annual ratings of party organisations and party members (QĐ 124-QĐ/TW 2023): their list pages,
API endpoints and exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.filtersets.people import organisation_filter, person_filter
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation


class RatingFilterSet(BaseFilterSet):
    """What both kinds of rating are filtered by: the year, the levels, the deciding organisation, the decision."""

    year = django_filters.NumberFilter(label=_("Year"))
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label=_("From the year"))
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("Until the year"))
    organisation = organisation_filter(label=_("Party organisation (with its units)"), subtree=True)
    deciding_organisation = organisation_filter("deciding_organisation", _("Deciding organisation"))
    self_rating = django_filters.MultipleChoiceFilter(choices=RatingLevel.choices, label=_("Self-assessment"))
    proposed_level = django_filters.MultipleChoiceFilter(choices=RatingLevel.choices, label=_("Proposed level"))
    decided_level = django_filters.MultipleChoiceFilter(choices=RatingLevel.choices, label=_("Decided level"))
    decided = django_filters.BooleanFilter(method="filter_decided", label=_("Decided"))
    disciplined = django_filters.BooleanFilter(label=_("Disciplined in the year"))

    #: the deciding organisation is often above the user's own (a post's party committee, the province's): the
    #: filter offers those the user's own ratings name (``__init__``)
    open_choice_fields = ("deciding_organisation",)

    common_fields = [
        "q",
        "year",
        "year_from",
        "year_to",
        "organisation",
        "deciding_organisation",
        "self_rating",
        "proposed_level",
        "decided_level",
        "decided",
        "disciplined",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            named = self._meta.model.objects.restrict(user).values("deciding_organisation")
            self.filters["deciding_organisation"].queryset = Organisation.objects.filter(pk__in=named)

    def filter_decided(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(decided_level="") if value else queryset.filter(decided_level="")

    def filter_subtree(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{name}__path__startswith": value.path})


class OrganisationRatingFilterSet(RatingFilterSet):
    clean_and_strong = django_filters.BooleanFilter(label=_("Clean and strong"))

    class Meta:
        model = OrganisationRating
        fields = [*RatingFilterSet.common_fields, "clean_and_strong"]


class MemberRatingFilterSet(RatingFilterSet):
    person = person_filter(label=_("Party member"))

    class Meta:
        model = MemberRating
        fields = ["q", "person", *RatingFilterSet.common_fields[1:]]
