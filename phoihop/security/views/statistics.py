"""The crime-prevention statistics page (``security:statistics``, /security/statistics/) and its Excel export.

The figures are ``security.selectors.crime_figures`` over the page's ``core.scope.Scope`` (the chosen unit's
subtree, every unit the user may count when none is chosen; the period; the same period last year), the function
the API, the dashboard and the review report call. The tables are the selectors' ``summary_lines`` and rows.
"""

import datetime
from urllib.parse import urlencode

import openpyxl
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from openpyxl.styles import Alignment, Font

from phoihop.core.choices import Action
from phoihop.core.forms import DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.core.scope import Scope, countable_organisations
from phoihop.core.spreadsheets import sheet_title, workbook_bytes
from phoihop.orgs.models import Organisation
from phoihop.security import selectors
from phoihop.security.models import CaseCategory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrimeStatisticsFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    """The page's filters, also read by the API (``?from=&to=&unit=&category=``). Empty dates: from 1 January of
    the year of the end date, up to today."""

    count_choice_fields = ("unit",)  # figures: the owners of "totals only" rules are offered too

    date_from = forms.DateField(label=gettext_lazy("From (dd/mm/yyyy)"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To (dd/mm/yyyy)"), required=False, widget=DateInput())
    unit = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=gettext_lazy("Unit (with its subtree)")
    )
    category = forms.ModelChoiceField(
        queryset=CaseCategory.objects.all(),
        required=False,
        label=gettext_lazy("Case category"),
        empty_label=gettext_lazy("All categories"),
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
    """The ``core.scope.Scope`` of the page and the API: the unit's subtree (none: every unit the user may count),
    the period and the same period last year."""
    today = today or timezone.localdate()
    start, end = period_of(data, today)
    unit = data.get("unit")
    return selectors.with_comparison(
        Scope(user=user, organisations=[unit] if unit else [], start=start, end=end, today=today)
    )


def compute(user, params):
    """(form, scope, figures) for the query ``params``; figures are None when the filters are invalid."""
    form = CrimeStatisticsFilter(params or None, user=user)
    if form.is_bound and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if form.is_bound else {}
    scope = statistics_scope(user, data)
    return form, scope, selectors.crime_figures(scope, data.get("category"))


def case_list_links(user, scope, figures, category=None) -> dict | None:
    """The URLs of the case list behind the counts — only when the list would show exactly what is counted: when the
    user may view every case the figure counts (a "totals only" share or a classification counts without listing,
    and then the numbers stay plain). One query."""
    counted = figures["cases"]
    if not counted:
        return None
    viewable = selectors.scope_cases(scope, Action.VIEW, category).filter(scope.period_q("occurred_on")).count()
    if viewable != counted:
        return None
    base = {"date_from": scope.start.strftime("%d/%m/%Y"), "date_to": scope.end.strftime("%d/%m/%Y")}
    if scope.organisations:
        base["within"] = scope.organisations[0].pk
    url = reverse("security:case_list")

    def link(**params):
        return f"{url}?{urlencode({**base, **params})}"

    links = {
        "cases": link(**({"category": category.pk} if category else {})),
        "criminal_cases": link(nature="criminal", **({"category": category.pk} if category else {})),
        "administrative_cases": link(nature="administrative", **({"category": category.pk} if category else {})),
        "lead": link(role="lead", **({"category": category.pk} if category else {})),
        "support": link(role="support", **({"category": category.pk} if category else {})),
        "ownerless": link(ownerless="true", **({"category": category.pk} if category else {})),
    }
    links["categories"] = {row["id"]: link(category=row["id"]) for row in figures["by_category"] if row["id"]}
    return links


def with_changes(lines):
    for line in lines:
        line["change"], line["change_percent"] = selectors.change_of(line["value"], line["previous"])
    return lines


# --- Excel ----------------------------------------------------------------------------------------------------


def workbook(figures, scope) -> bytes:
    """The page's tables as an .xlsx: the summary with the comparison, by category, by unit, the seizures."""
    book = openpyxl.Workbook()
    bold = Font(bold=True)
    period = _("Period: %(start)s – %(end)s") % {
        "start": scope.start.strftime("%d/%m/%Y"),
        "end": scope.end.strftime("%d/%m/%Y"),
    }
    if scope.has_comparison:
        period += "; " + _("compared with %(start)s – %(end)s") % {
            "start": scope.compare_start.strftime("%d/%m/%Y"),
            "end": scope.compare_end.strftime("%d/%m/%Y"),
        }

    def sheet(title, headers, first=False):
        ws = book.active if first else book.create_sheet()
        ws.title = sheet_title(title)
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([period])
        ws.append(headers)
        for cell in ws[3]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.freeze_panes = "A4"
        ws.column_dimensions["A"].width = 48
        for letter in "BCDEFGHIJKL":
            ws.column_dimensions[letter].width = 16
        return ws

    def numbers(ws, columns, fmt="#,##0"):
        for row in ws.iter_rows(min_row=4):
            for index in columns:
                if index < len(row) and isinstance(row[index].value, int | float):
                    row[index].number_format = fmt

    summary = sheet(
        _("Crime prevention: summary"),
        [_("Figure"), _("This period"), _("Same period last year"), _("Change"), _("Change (%)")],
        first=True,
    )
    for line in with_changes(selectors.summary_lines(figures)):
        label = ("   - " if line["level"] else "") + line["label"]
        summary.append(
            [label, number(line["value"]), number(line["previous"]), number(line["change"]), line["change_percent"]]
        )
        if not line["level"]:
            summary.cell(row=summary.max_row, column=1).font = bold
    numbers(summary, [1, 2, 3])

    categories = sheet(
        _("Cases by category"),
        [
            _("Case category"),
            _("Operations"),
            _("Cases"),
            _("Criminal cases"),
            _("Administrative cases"),
            _("Led by the unit"),
            _("In support"),
            _("Owner not identified"),
            _("Subjects"),
            _("Cases, same period last year"),
            _("Subjects, same period last year"),
        ],
    )
    for row in figures["by_category"]:
        categories.append(
            [
                row["name"],
                row["operations"],
                row["cases"],
                row["criminal_cases"],
                row["administrative_cases"],
                row["lead"],
                row["support"],
                row["ownerless"],
                row["subjects"],
                row["previous_cases"],
                row["previous_subjects"],
            ]
        )
    numbers(categories, range(1, 11))

    units = sheet(
        _("Cases by unit"),
        [
            _("Unit"),
            _("Cases"),
            _("Criminal cases"),
            _("Owner not identified"),
            _("Subjects"),
            _("Cases, same period last year"),
            _("Subjects, same period last year"),
        ],
    )
    for row in figures["by_unit"]:
        units.append(
            [
                row["name"],
                row["cases"],
                row["criminal_cases"],
                row["ownerless"],
                row["subjects"],
                row["previous_cases"],
                row["previous_subjects"],
            ]
        )
    numbers(units, range(1, 7))

    seized = sheet(
        _("Seized items"),
        [
            _("Item type"),
            _("Unit of measure"),
            _("Quantity"),
            _("Cases"),
            _("Estimated value (VND)"),
            _("Face value (VND)"),
            _("Quantity, same period last year"),
        ],
    )
    for row in figures["seizures"]:
        seized.append(
            [
                row["name"],
                row["unit_label"],
                number(row["quantity"]),
                row["cases"],
                number(row["estimated_value"]),
                number(row["face_value"]),
                number(row["previous_quantity"]),
            ]
        )
    numbers(seized, [3, 4, 5])
    numbers(seized, [2, 6], "#,##0.###")
    return workbook_bytes(book)


def number(value):
    """A figure as an Excel number (an int when whole); "" and None stay empty."""
    if value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    value = float(value)
    return int(value) if value.is_integer() else value


# --- the page -------------------------------------------------------------------------------------------------


class CrimeStatisticsView(LoginRequiredMixin, View):
    template_name = "security/statistics.html"

    def get(self, request):
        form, scope, figures = compute(request.user, request.GET)
        if figures is None:
            return render(request, self.template_name, {"form": form}, status=400)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(workbook(figures, scope), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="thong-ke-toi-pham.xlsx"'
            return response
        category = form.cleaned_data.get("category") if form.is_bound else None
        links = case_list_links(request.user, scope, figures, category)
        lines = with_changes(selectors.summary_lines(figures))
        if links:
            for line in lines:
                line["url"] = links.get(line["key"])
            for row in figures["by_category"]:
                row["url"] = links["categories"].get(row["id"])
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            "form": form,
            "scope": scope,
            "figures": figures,
            "lines": lines,
            "querystring": query.urlencode(),
        }
        return render(request, self.template_name, context)


urlpatterns = [path("statistics/", CrimeStatisticsView.as_view(), name="statistics")]
