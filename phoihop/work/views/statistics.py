import openpyxl
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phoihop.core.forms import DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.core.scope import Scope, countable_organisations
from phoihop.core.spreadsheets import workbook_bytes
from phoihop.orgs.models import Organisation
from phoihop.work import selectors
from phoihop.work.choices import TaskRole


class StatisticsFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    count_choice_fields = ("organisation",)  # figures: the owners of "totals only" rules are offered too
    date_from = forms.DateField(label=gettext_lazy("From (dd/mm/yyyy)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To (dd/mm/yyyy)"), required=False, widget=DateInput())
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=gettext_lazy("Unit (with its subtree)")
    )
    role = forms.ChoiceField(
        choices=TaskRole.choices, required=False, initial=TaskRole.ANY, label=gettext_lazy("Tasks where the unit is")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # figures only: the units the user may count, the owners of "totals only" sharing rules included
        self.fields["organisation"].queryset = countable_organisations(user)
        self.use_pickers()  # a search, not a drop-down of every organisation
        style_widgets(self)


def statistics_scope(user, data) -> Scope:
    """The ``core.scope.Scope`` of the page: the unit's subtree (every organisation the user may count when none
    is chosen) and the dates (open ends allowed)."""
    organisation = data.get("organisation")
    return Scope(
        user=user,
        organisations=[organisation] if organisation else [],
        start=data.get("date_from"),
        end=data.get("date_to"),
    )


def compute(user, params):
    """The page's figures: ``work.selectors``' task, outreach and dissemination figures of the scope (the same
    functions as the dashboard and the report)."""
    form = StatisticsFilter(params or None, user=user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    scope = statistics_scope(user, data)
    return form, {
        "tasks": selectors.task_figures(scope, data.get("role") or TaskRole.ANY),
        "outreach": selectors.outreach_figures(scope),
        "dissemination": selectors.dissemination_figures(scope),
    }


def workbook(figures) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Tasks")[:31]
    sheet.append([_("Status"), _("Tasks")])
    for row in figures["tasks"]["by_status"]:
        sheet.append([row["label"], row["count"]])
    units = book.create_sheet(_("Lead units")[:31])
    units.append([_("Unit"), _("Tasks"), _("Done"), _("On time"), _("Overdue"), _("On-time rate (%)")])
    for row in figures["tasks"]["by_unit"]:
        units.append([row["name"], row["total"], row["done"], row["on_time"], row["overdue"], row["on_time_rate"]])
    outreach = book.create_sheet(_("Outreach")[:31])
    outreach.append([_("Topic"), _("Sessions"), _("Audience")])
    for row in figures["outreach"]["by_topic"]:
        outreach.append([row["name"], row["sessions"], row["audience"]])
    outreach.append([])
    outreach.append([_("Language"), _("Sessions"), _("Audience")])
    for row in figures["outreach"]["by_language"]:
        outreach.append([row["name"], row["sessions"], row["audience"]])
    dissemination = book.create_sheet(_("Dissemination")[:31])
    d = figures["dissemination"]
    dissemination.append([_("Duties"), _("Done"), _("Not done"), _("Overdue"), _("Rate (%)")])
    dissemination.append([d["total"], d["done"], d["not_done"], d["overdue"], d["rate"]])
    return workbook_bytes(book)


class StatisticsView(LoginRequiredMixin, View):
    def get(self, request):
        form, figures = compute(request.user, request.GET)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(
                workbook(figures), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = 'attachment; filename="thong-ke.xlsx"'
            return response
        query = request.GET.copy()
        query.pop("export", None)
        return render(request, "work/statistics.html", {"form": form, "querystring": query.urlencode(), **figures})


urlpatterns = [path("statistics/", StatisticsView.as_view(), name="statistics")]
