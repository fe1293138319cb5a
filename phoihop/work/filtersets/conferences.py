import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Agreement, Organisation
from phoihop.work.choices import ConferenceKind
from phoihop.work.models import Conclusion, ReviewConference


class ReviewConferenceFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=ConferenceKind.choices, label=_("Kind"))
    agreement = django_filters.ModelChoiceFilter(queryset=Agreement.objects.all(), label=_("Agreement"))
    party = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="agreement__parties", distinct=True, label=_("Party")
    )
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))

    class Meta:
        model = ReviewConference
        fields = ["q", "kind", "agreement", "party", "held_from", "held_to"]


class ConclusionFilterSet(BaseFilterSet):
    conference = django_filters.ModelChoiceFilter(
        queryset=ReviewConference.objects.select_related("agreement"), label=_("Conference")
    )
    agreement = django_filters.ModelChoiceFilter(
        queryset=Agreement.objects.all(), field_name="conference__agreement", label=_("Agreement")
    )

    class Meta:
        model = Conclusion
        fields = ["q", "conference", "agreement"]
