import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.border.models import Marker
from phoihop.core.access import NOTHING, member_paths
from phoihop.core.choices import Role
from phoihop.core.filtersets import BaseFilterSet
from phoihop.programs.forms.records import commune_choices
from phoihop.security.choices import SourceReliability
from phoihop.security.filtersets.cases import category_filter, classification_filter, date_range, organisation_filter
from phoihop.security.models import SituationNote


def superior_q(user) -> Q:
    """Q over situation notes: those of posts strictly below an organisation where ``user`` is an approver or
    above (the notes the user reads as a superior)."""
    parts = [Q(post__path__startswith=path) & ~Q(post__path=path) for path in member_paths(user, Role.APPROVER)]
    if not parts:
        return NOTHING
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


class SituationNoteFilterSet(BaseFilterSet):
    post = organisation_filter("post", _("Post"))
    category = category_filter()
    commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Commune"))
    marker = django_filters.ModelChoiceFilter(queryset=Marker.objects.all(), label=_("Nearest marker"))
    source_reliability = django_filters.ChoiceFilter(choices=SourceReliability.choices, label=_("Source reliability"))
    date_from, date_to = date_range("noted_on")
    with_task = django_filters.BooleanFilter(
        field_name="follow_up_task", lookup_expr="isnull", exclude=True, label=_("With a handling task")
    )
    read = django_filters.BooleanFilter(
        field_name="acknowledged_at", lookup_expr="isnull", exclude=True, label=_("Read by the superior")
    )
    to_read = django_filters.BooleanFilter(
        method="filter_to_read", label=_("Notes of the units below mine, not yet read"), widget=forms.HiddenInput
    )
    classification = classification_filter()

    class Meta:
        model = SituationNote
        fields = [
            "q",
            "post",
            "category",
            "commune",
            "marker",
            "source_reliability",
            "date_from",
            "date_to",
            "with_task",
            "read",
            "to_read",
            "classification",
        ]

    def filter_to_read(self, queryset, name, value):
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        q = superior_q(user) & Q(acknowledged_at__isnull=True) if user is not None else NOTHING
        return queryset.filter(q) if value else queryset.exclude(q)
