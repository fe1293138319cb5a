import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.audit.models import ChangeRecord
from phoihop.core.filtersets import BaseFilterSet
from phoihop.core.record_types import RecordTypeFilter
from phoihop.orgs.models import Organisation


class ChangeRecordFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label=_("Search"))
    actor = django_filters.ModelChoiceFilter(queryset=None, label=_("User"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label=_("Organisation (with subtree)")
    )
    content_type = RecordTypeFilter(label=_("Record type"))
    # auditlog's own labels ("create", "access") are English: the ones the history tables show
    action = django_filters.ChoiceFilter(
        choices=[
            (ChangeRecord.Action.CREATE, _("Created")),
            (ChangeRecord.Action.UPDATE, _("Changed")),
            (ChangeRecord.Action.DELETE, _("Deleted")),
            (ChangeRecord.Action.ACCESS, _("Opened")),
        ],
        label=_("Action"),
    )
    date_from = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("From (dd/mm/yyyy)"))
    date_to = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("To (dd/mm/yyyy)"))

    class Meta:
        model = ChangeRecord
        fields = ["q", "actor", "organisation", "content_type", "action", "date_from", "date_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from phoihop.accounts.models import User

        user = request.user
        self.filters["actor"].queryset = User.objects.restrict(user)
        self.filters["organisation"].queryset = Organisation.objects.restrict(user)

    def filter_organisation(self, queryset, name, value: int):
        return queryset.filter(
            organisation_id__in=Organisation.all_objects.filter(path__startswith=value.path).values("pk")
        )
