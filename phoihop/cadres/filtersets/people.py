"""One filter definition per record type of the people of cadre work (the ethnic groups, people, positions held and
training courses): their list pages, API endpoints and exports."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.choices import CourseLevel, Education, Gender, PoliticalTheory
from phoihop.cadres.models import EthnicGroup, Person, PositionHolding, TrainingCourse
from phoihop.cadres.selectors import local_province_q
from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import commune_choices


def organisation_filter(field_name="organisation", label=None, *, subtree=False):
    """An organisation; with ``subtree``, the organisation with its units below (a post's cells)."""
    extra = {"method": "filter_subtree"} if subtree else {}
    return django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name=field_name, label=label or _("Organisation"), **extra
    )


def person_filter(field_name="person", label=None):
    return django_filters.ModelChoiceFilter(queryset=Person.objects.all(), field_name=field_name, label=label)


def date_range(field_name, label_from, label_to):
    return (
        django_filters.DateFilter(field_name=field_name, lookup_expr="gte", label=label_from),
        django_filters.DateFilter(field_name=field_name, lookup_expr="lte", label=label_to),
    )


def current_on_filter(label=None):
    return django_filters.DateFilter(method="filter_current_on", label=label or _("Current on (dd/mm/yyyy)"))


class PeriodFilterMixin:
    """``current_on``: the records whose period (``from_date`` – ``to_date``, empty: still running) holds the day;
    ``filter_subtree``: an organisation field matched with the units below it."""

    def filter_current_on(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(from_date__lte=value).filter(Q(to_date__isnull=True) | Q(to_date__gte=value))

    def filter_subtree(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{name}__path__startswith": value.path})


class EthnicGroupFilterSet(BaseFilterSet):
    is_minority = django_filters.BooleanFilter(label=_("Ethnic minority"))

    class Meta:
        model = EthnicGroup
        fields = ["q", "is_minority"]


class PersonFilterSet(PeriodFilterMixin, BaseFilterSet):
    organisation = organisation_filter(label=_("Organisation (with its units)"), subtree=True)
    sex = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Sex"))
    ethnic_group = django_filters.ModelChoiceFilter(queryset=EthnicGroup.objects.all(), label=_("Ethnic group"))
    minority = django_filters.BooleanFilter(field_name="ethnic_group__is_minority", label=_("Ethnic minority"))
    home_commune = django_filters.ModelChoiceFilter(queryset=commune_choices(), label=_("Home commune"))
    local = django_filters.BooleanFilter(method="filter_local", label=_("From the province"))
    born_from, born_to = date_range("birth_date", _("Born from"), _("Born until"))
    party_member = django_filters.BooleanFilter(
        field_name="party_admitted_on", lookup_expr="isnull", exclude=True, label=_("Party member")
    )
    education = django_filters.MultipleChoiceFilter(choices=Education.choices, label=_("Education"))
    political_theory = django_filters.MultipleChoiceFilter(choices=PoliticalTheory.choices, label=_("Political theory"))

    class Meta:
        model = Person
        fields = [
            "q",
            "organisation",
            "sex",
            "ethnic_group",
            "minority",
            "home_commune",
            "local",
            "born_from",
            "born_to",
            "party_member",
            "education",
            "political_theory",
        ]

    def filter_local(self, queryset, name, value):
        """From their organisation's province (``cadres.selectors.local_province_q``, the figures' rule too)."""
        if value is None:
            return queryset
        local = local_province_q(queryset)
        return queryset.filter(local) if value else queryset.exclude(local)


class PositionHoldingFilterSet(PeriodFilterMixin, BaseFilterSet):
    person = person_filter(label=_("Cadre"))
    organisation = organisation_filter(label=_("Organisation (with its units)"), subtree=True)
    current = django_filters.BooleanFilter(field_name="to_date", lookup_expr="isnull", label=_("Still held"))
    current_on = current_on_filter(_("Held on (dd/mm/yyyy)"))
    from_from, from_to = date_range("from_date", _("Taken up from"), _("Taken up until"))

    class Meta:
        model = PositionHolding
        fields = ["q", "person", "organisation", "current", "current_on", "from_from", "from_to"]


class TrainingCourseFilterSet(PeriodFilterMixin, BaseFilterSet):
    person = person_filter(label=_("Cadre"))
    organisation = organisation_filter("person__organisation", _("Organisation (with its units)"), subtree=True)
    level = django_filters.MultipleChoiceFilter(choices=CourseLevel.choices, label=_("Course level"))
    held_from = django_filters.DateFilter(method="filter_held_from", label=_("Held from"))
    held_to = django_filters.DateFilter(method="filter_held_to", label=_("Held until"))
    current_on = current_on_filter(_("Under way on (dd/mm/yyyy)"))

    class Meta:
        model = TrainingCourse
        fields = ["q", "person", "organisation", "level", "held_from", "held_to", "current_on"]

    def filter_held_from(self, queryset, name, value):
        """Courses still under way on or after the day (ended on it or later, or without an end)."""
        if value is None:
            return queryset
        return queryset.filter(Q(to_date__isnull=True, from_date__gte=value) | Q(to_date__gte=value))

    def filter_held_to(self, queryset, name, value):
        """Courses begun on or before the day."""
        if value is None:
            return queryset
        return queryset.filter(from_date__lte=value)
