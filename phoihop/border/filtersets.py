import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.border.choices import BorderLine, Condition, GateClass, GateStatus, MarkerForm, MarkerKind, PatrolKind
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Area, Organisation


class MarkerFilterSet(BaseFilterSet):
    """One definition for the marker list, the map, the API and the GeoJSON/KML exports."""

    border_line = django_filters.ChoiceFilter(choices=BorderLine.choices, label=_("Border line"))
    kind = django_filters.ChoiceFilter(choices=MarkerKind.choices, label=_("Kind"))
    form = django_filters.ChoiceFilter(choices=MarkerForm.choices, label=_("Form"))
    condition = django_filters.MultipleChoiceFilter(choices=Condition.choices, label=_("Condition"))
    post = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Responsible post"))
    commune = django_filters.ModelChoiceFilter(queryset=Area.objects.filter(is_border_commune=True), label=_("Commune"))
    segment = django_filters.ModelChoiceFilter(queryset=BorderSegment.objects.all(), label=_("Segment"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Inspection overdue"))

    class Meta:
        model = Marker
        fields = ["q", "border_line", "kind", "form", "condition", "post", "commune", "segment", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        from phoihop.border.schedule import overdue_q

        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class GateFilterSet(BaseFilterSet):
    gate_class = django_filters.ChoiceFilter(choices=GateClass.choices, label=_("Class"))
    status = django_filters.ChoiceFilter(choices=GateStatus.choices, label=_("Status"))
    post = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Responsible post"))

    class Meta:
        model = Gate
        fields = ["q", "gate_class", "status", "post", "commune"]


class SegmentFilterSet(BaseFilterSet):
    post = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Responsible post"))

    class Meta:
        model = BorderSegment
        fields = ["q", "post"]


class PatrolFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=PatrolKind.choices, label=_("Kind"))
    post = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Post"))
    date_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = Patrol
        fields = ["q", "kind", "post", "segment", "date_from", "date_to"]


class InspectionFilterSet(BaseFilterSet):
    condition = django_filters.MultipleChoiceFilter(choices=Condition.choices, label=_("Condition"))
    post = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="marker__post", label=_("Responsible post")
    )
    date_from = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label=_("To"))
    with_task = django_filters.BooleanFilter(
        field_name="follow_up_task", lookup_expr="isnull", exclude=True, label=_("With a follow-up task")
    )

    class Meta:
        model = Inspection
        fields = ["q", "marker", "condition", "post", "patrol", "date_from", "date_to", "with_task"]
