import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.work.forms.outreach import commune_choices
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic


class OutreachSessionFilterSet(BaseFilterSet):
    organiser = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="organisers", distinct=True, label=_("Organiser")
    )
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Commune"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))
    topic = django_filters.ModelChoiceFilter(
        queryset=OutreachTopic.objects.all(), field_name="topics", distinct=True, label=_("Topic")
    )
    language = django_filters.ModelChoiceFilter(
        queryset=EthnicLanguage.objects.all(), field_name="languages", distinct=True, label=_("Language")
    )
    audience_min = django_filters.NumberFilter(field_name="audience", lookup_expr="gte", label=_("Audience at least"))

    class Meta:
        model = OutreachSession
        fields = ["q", "organiser", "commune", "held_from", "held_to", "topic", "language", "audience_min", "clause"]


class OutreachTopicFilterSet(BaseFilterSet):
    class Meta:
        model = OutreachTopic
        fields = ["q"]


class EthnicLanguageFilterSet(BaseFilterSet):
    class Meta:
        model = EthnicLanguage
        fields = ["q"]
