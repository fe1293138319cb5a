import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Clause, Organisation
from phoihop.work.choices import OPEN_STATUSES, Priority, SourceKind, TaskStatus, UnitRole
from phoihop.work.models import Document, Task


class TaskFilterSet(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, label=_("Priority"))
    assigned_by_org = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Assigned by"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_unit", label=_("Unit (lead or coordinating)")
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_lead", label=_("Lead unit")
    )
    deadline_from = django_filters.DateFilter(
        field_name="deadline_in_force", lookup_expr="gte", label=_("Deadline from")
    )
    deadline_to = django_filters.DateFilter(field_name="deadline_in_force", lookup_expr="lte", label=_("Deadline to"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))
    clause = django_filters.ModelChoiceFilter(queryset=Clause.objects.all(), label=_("Agreement clause"))
    document = django_filters.ModelChoiceFilter(queryset=Document.objects.all(), label=_("Document"))

    class Meta:
        model = Task
        fields = [
            "q",
            "status",
            "priority",
            "assigned_by_org",
            "unit",
            "lead",
            "deadline_from",
            "deadline_to",
            "overdue",
            "source_kind",
            "clause",
            "document",
            "conclusion",
        ]

    def filter_unit(self, queryset, name, value: int):
        return queryset.filter(pk__in=Task.objects.filter(units__organisation=value).values("pk"))

    def filter_lead(self, queryset, name, value: int):
        return queryset.filter(
            pk__in=Task.objects.filter(units__organisation=value, units__role=UnitRole.LEAD).values("pk")
        )

    def filter_overdue(self, queryset, name, value: bool):
        overdue = Q(status__in=OPEN_STATUSES, deadline_in_force__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
