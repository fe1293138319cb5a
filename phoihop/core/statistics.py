"""What every statistics page shares (the crime and the cadre figures): the period and unit filters, read by the page
and its API alike, and the :class:`~phoihop.core.scope.Scope` they ask for, compared with the same period last year.
An app's filter adds its own fields (a case category, a planning term) to :class:`PeriodUnitFilter`."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core.forms import DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.core.scope import Scope, countable_organisations, with_comparison
from phoihop.orgs.models import Organisation


class PeriodUnitFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    """``?date_from=&date_to=&unit=``. Empty dates: from 1 January of the year of the end date, up to today."""

    count_choice_fields = ("unit",)  # figures: the owners of "totals only" sharing rules are offered too

    date_from = forms.DateField(label=gettext_lazy("From (dd/mm/yyyy)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To (dd/mm/yyyy)"), required=False, widget=DateInput())
    unit = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=gettext_lazy("Unit (with its subtree)")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # figures only: the units the user may count, the owners of "totals only" sharing rules included
        self.fields["unit"].queryset = countable_organisations(user)
        self.use_pickers()  # a search, not a drop-down of every organisation
        style_widgets(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period cannot come before its start."))
        return data


def period_of(data, today=None) -> tuple[datetime.date, datetime.date]:
    """The period the filters ask for; empty dates: from 1 January of the end's year, up to today."""
    today = today or timezone.localdate()
    end = data.get("date_to") or today
    start = data.get("date_from") or datetime.date(end.year, 1, 1)
    return start, end


def statistics_scope(user, data, today=None) -> Scope:
    """The scope of a statistics page and its API: the unit's subtree (none: every unit the user may count), the
    period and the same period last year."""
    today = today or timezone.localdate()
    start, end = period_of(data, today)
    unit = data.get("unit")
    return with_comparison(Scope(user=user, organisations=[unit] if unit else [], start=start, end=end, today=today))
