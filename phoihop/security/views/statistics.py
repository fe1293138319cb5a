"""The crime-prevention statistics page (``security:statistics``, /security/statistics/) and its Excel export.

The figures are ``security.selectors.crime_figures`` over the page's ``core.scope.Scope`` (the chosen unit's
subtree, every unit the user may count when none is chosen; the period; the same period last year), the function
the API, the dashboard and the review report call. The tables are the selectors' ``summary_lines`` and rows.
"""

from urllib.parse import urlencode

import openpyxl
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from openpyxl.styles import Alignment, Font

from phoihop.core.choices import Action
from phoihop.core.spreadsheets import sheet_title, workbook_bytes
from phoihop.core.statistics import PeriodUnitFilter, statistics_scope
from phoihop.security import selectors
from phoihop.security.models import CaseCategory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrimeStatisticsFilter(PeriodUnitFilter):
    """The page's filters, also read by the API (``?from=&to=&unit=&category=``)."""

    category = forms.ModelChoiceField(
        queryset=CaseCategory.objects.all(),
        required=False,
        label=gettext_lazy("Case category"),
        empty_label=gettext_lazy("All categories"),
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
