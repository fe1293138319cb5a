import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.audit.choices import AccessAction, Purpose
from phoihop.audit.models import ChangeRecord, PersonalDataAccess
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


def personal_data_types():
    """The record types holding people's personal data (``access_personal_data``)."""
    from django.contrib.contenttypes.models import ContentType

    from phoihop.core.record_types import phoihop_record_types

    models = [m for m in phoihop_record_types() if m.access_personal_data]
    types = ContentType.objects.get_for_models(*models)
    return ContentType.objects.filter(pk__in=[ct.pk for ct in types.values()])


class PersonalDataAccessFilterSet(BaseFilterSet):
    """The personal-data access log: who, which organisation's records (with the units below it), which record type,
    how, why and when; the search box finds users, organisations, records and purposes, diacritics ignored."""

    user = django_filters.ModelChoiceFilter(queryset=None, label=_("User"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_organisation", label=_("Organisation (with subtree)")
    )
    content_type = RecordTypeFilter(queryset=lambda request: personal_data_types(), label=_("Record type"))
    action = django_filters.ChoiceFilter(choices=AccessAction.choices, label=_("Type of access"))
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label=_("Purpose of processing"))
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From (dd/mm/yyyy)"))
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To (dd/mm/yyyy)"))

    class Meta:
        model = PersonalDataAccess
        fields = ["q", "user", "organisation", "content_type", "action", "purpose", "date_from", "date_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from phoihop.accounts.models import User

        self.filters["user"].queryset = User.objects.restrict(request.user)

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            organisation_id__in=Organisation.all_objects.filter(path__startswith=value.path).values("pk")
        )
