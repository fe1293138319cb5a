import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Organisation
from phoihop.work import selectors
from phoihop.work.choices import SessionForm
from phoihop.work.models import Dissemination, DisseminationSession, Document


class DisseminationStatus(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    OVERDUE = "overdue", _("Overdue")


class DisseminationFilterSet(BaseFilterSet):
    document = django_filters.ModelChoiceFilter(queryset=Document.objects.all(), label=_("Document"))
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Organisation"))
    assigned_by = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Assigned by"))
    deadline_from = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))
    deadline_to = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline to"))
    status = django_filters.ChoiceFilter(choices=DisseminationStatus.choices, method="filter_status", label=_("Status"))
    done_by = django_filters.DateFilter(method="filter_done_by", label=_("Status as at (dd/mm/yyyy)"))

    #: "mine": the duties my organisations must carry out (not those they assigned)
    mine_fields = ("organisation",)

    class Meta:
        model = Dissemination
        fields = ["q", "document", "organisation", "assigned_by", "deadline_from", "deadline_to", "status", "done_by"]

    def filter_status(self, queryset, name, value):
        """Done = a session was held (by the "as at" date when given, as the figures of a period count it)."""
        until = self.form.cleaned_data.get("done_by")
        if value == DisseminationStatus.DONE:
            return queryset.filter(selectors.dissemination_done_q(until))
        if value == DisseminationStatus.NOT_DONE:
            return queryset.exclude(selectors.dissemination_done_q(until))
        if value == DisseminationStatus.OVERDUE:
            return queryset.filter(selectors.dissemination_overdue_q(until=until))
        return queryset

    def filter_done_by(self, queryset, name, value):
        return queryset  # read by filter_status


class DisseminationSessionFilterSet(BaseFilterSet):
    dissemination = django_filters.ModelChoiceFilter(
        queryset=Dissemination.objects.select_related("document", "organisation"), label=_("Dissemination duty")
    )
    document = django_filters.ModelChoiceFilter(
        queryset=Document.objects.all(), field_name="dissemination__document", label=_("Document")
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="dissemination__organisation", label=_("Organisation")
    )
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held to"))
    form = django_filters.ChoiceFilter(choices=SessionForm.choices, label=_("Form"))

    class Meta:
        model = DisseminationSession
        fields = ["q", "dissemination", "document", "organisation", "held_from", "held_to", "form"]
