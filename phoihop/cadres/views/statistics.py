"""The statistics page of cadre work and Party building (``cadres:statistics``, /cadres/statistics/) and its Excel
export.

The figures are ``cadres.selectors.cadre_figures`` over the page's ``core.scope.Scope`` (the chosen unit's subtree,
every unit the user may count when none is chosen; the period; the same period last year), the function the API, the
dashboard and the review report call. The tables are the selectors' ``summary_groups`` and rows. Every number is a
total: the people behind it are personal data, which this page neither lists nor links to (a viewer without the
personal-data permission, and the Tỉnh ủy through a "totals only" rule, read the same totals as an admin who holds it).
The planning table names and links only the plans the user may view; the plans counted through a "totals only" rule
are the selector's folded rows, one per term and level, without a title, a committee or a link.
"""

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

from phoihop.cadres import selectors
from phoihop.cadres.choices import AgeCohort, PlannedSource, PlanTerm, RatingLevel
from phoihop.core.spreadsheets import sheet_title, workbook_bytes
from phoihop.core.statistics import PeriodUnitFilter, statistics_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CadreStatisticsFilter(PeriodUnitFilter):
    """The page's filters, also read by the API (``?from=&to=&unit=&term=``)."""

    term = forms.ChoiceField(
        choices=[("", gettext_lazy("All planning terms")), *PlanTerm.choices],
        required=False,
        label=gettext_lazy("Planning term"),
    )


def compute(user, params):
    """(form, scope, figures) for the query ``params``; figures are None when the filters are invalid."""
    form = CadreStatisticsFilter(params or None, user=user)
    if form.is_bound and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if form.is_bound else {}
    scope = statistics_scope(user, data)
    return form, scope, selectors.cadre_figures(scope, data.get("term") or None)


def with_changes(groups):
    """Each line's difference with its comparison (None without one)."""
    for group in groups:
        for line in group["lines"]:
            before = line["previous"]
            line["change"] = None if before is None else line["value"] - before
    return groups


def plan_rows(figures) -> list[dict]:
    """The planning table: one row per plan the user may view (``url``: its page), one per term and level of the
    plans folded by ``selectors.planning_figures`` (``shared``: counted through a "totals only" rule, no link, no
    committee, no target: how many of them reach each target instead), then the overall row (``overall``: True);
    each target as (count, share, target, met)."""
    planning = figures["planning"]
    rows = []
    for plan in planning["plans"]:
        shared = bool(plan.get("shared"))
        rows.append(
            {
                "overall": False,
                "shared": shared,
                "plans": plan["plans"],
                "id": plan["id"],
                "url": None if shared else reverse("cadres:cadreplan_detail", kwargs={"pk": plan["id"]}),
                "title": plan["title"],
                "organisation": plan["organisation"],
                "term_label": plan["term_label"],
                "total": plan["total"],
                "cells": [
                    {
                        "key": key,
                        "count": plan[key],
                        "share": plan["shares"][key],
                        "target": plan["targets"][key],
                        "met": plan["met"][key],
                        **(
                            {"meeting": plan["meeting_target"][key], "with_target": plan["with_target"][key]}
                            if shared
                            else {}
                        ),
                    }
                    for key, _field in selectors.STRUCTURE_TARGETS
                ],
                "cohorts": [plan["cohorts"][value] for value in AgeCohort.values],
                "sources": [plan["sources"][value] for value in PlannedSource.values],
            }
        )
    overall = planning["overall"]
    rows.append(
        {
            "overall": True,
            "shared": False,
            "plans": overall["plans"],
            "id": None,
            "url": None,
            "title": _("All plans"),
            "organisation": "",
            "term_label": "",
            "total": overall["total"],
            "cells": [
                {
                    "key": key,
                    "count": overall[key],
                    "share": overall["shares"][key],
                    "target": None,
                    "met": None,
                    "meeting": overall["meeting_target"][key],
                    "with_target": overall["with_target"][key],
                }
                for key, _field in selectors.STRUCTURE_TARGETS
            ],
            "cohorts": [overall["cohorts"][value] for value in AgeCohort.values],
            "sources": [overall["sources"][value] for value in PlannedSource.values],
        }
    )
    return rows


def rating_rows(figures) -> list[dict]:
    """The ratings table: one row per decided level, not yet decided, the total and "clean and strong", each with
    the values (organisations this year, the year before, members this year, the year before; None: not counted)."""
    organisations, members = figures["ratings"]["organisations"], figures["ratings"]["members"]

    def values(key, level=None, members_too=True):
        def pick(totals):
            return totals[key][level] if level is not None else totals[key]

        return [
            pick(organisations),
            pick(organisations["previous"]),
            pick(members) if members_too else None,
            pick(members["previous"]) if members_too else None,
        ]

    rows = [
        {"key": level, "label": str(label), "total": False, "values": values("levels", level)}
        for level, label in RatingLevel.choices
    ]
    rows.append({"key": "undecided", "label": _("Not yet decided"), "total": False, "values": values("undecided")})
    rows.append({"key": "total", "label": _("Total"), "total": True, "values": values("total")})
    rows.append(
        {
            "key": "clean_and_strong",
            "label": _("Recognised \u201cclean and strong\u201d"),
            "total": False,
            "values": values("clean_and_strong", members_too=False),
        }
    )
    return rows


# --- Excel ----------------------------------------------------------------------------------------------------


def number(value):
    """A figure as an Excel number (an int when whole); "" and None stay empty."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    value = float(value)
    return int(value) if value.is_integer() else value


def workbook(figures, scope) -> bytes:
    """The page's tables as an .xlsx: the summary, the secondments by level and position, the planning structure
    against the targets, the ratings, the courses by level, the people by ethnic group, by sex and by age band."""
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
        for letter in "BCDEFGHIJKLMNOPQ":
            ws.column_dimensions[letter].width = 15
        return ws

    def numbers(ws, columns, fmt="#,##0"):
        for row in ws.iter_rows(min_row=4):
            for index in columns:
                value = row[index].value if index < len(row) else None
                if isinstance(value, int | float) and not isinstance(value, bool):
                    row[index].number_format = fmt

    summary = sheet(_("Cadre work: summary"), [_("Figure"), _("Value"), _("Comparison"), _("Change")], first=True)
    for group in with_changes(selectors.summary_groups(figures)):
        summary.append([group["title"], *group["headers"]])
        for cell in summary[summary.max_row]:
            cell.font = bold
        for line in group["lines"]:
            label = ("   - " if line["level"] else "") + line["label"]
            summary.append([label, number(line["value"]), number(line["previous"]), number(line["change"])])
    numbers(summary, [1, 2, 3])

    seconded = sheet(
        _("Officers seconded by level and position"),
        [_("Committee level"), _("Position"), _("Officers"), _("Same day last year")],
    )
    for row in figures["secondments"]["by_position"]:
        seconded.append([row["level_label"], row["label"], row["officers"], number(row["previous"])])
    for row in figures["secondments"]["by_unit"]:
        seconded.append([_("Sending unit"), row["name"], row["officers"], number(row["previous"])])
    numbers(seconded, [2, 3])

    labels = selectors.structure_targets_labels()
    planning = sheet(
        _("Planning structure against the targets"),
        [
            _("Planned title"),
            _("Planning committee"),
            _("Term"),
            _("Planned people"),
            *[
                header
                for key, _field in selectors.STRUCTURE_TARGETS
                for header in (labels[key], _("%(name)s (%%)") % {"name": labels[key]}, _("Target (%)"))
            ],
        ],
    )
    for row in plan_rows(figures):
        cells = []
        for cell in row["cells"]:
            cells += [cell["count"], number(cell["share"]), number(cell["target"])]
        planning.append([row["title"], row["organisation"], row["term_label"], row["total"], *cells])
        if row["overall"]:
            for cell in planning[planning.max_row]:
                cell.font = bold
    numbers(planning, [3, 4, 7, 10, 13])
    numbers(planning, [5, 6, 8, 9, 11, 12, 14, 15], "#,##0.0")

    ratings = figures["ratings"]
    rated = sheet(
        _("Ratings by level"),
        [
            _("Rating"),
            _("Party organisations, %(year)s") % {"year": ratings["year"]},
            _("Party organisations, %(year)s") % {"year": ratings["previous_year"]},
            _("Party members, %(year)s") % {"year": ratings["year"]},
            _("Party members, %(year)s") % {"year": ratings["previous_year"]},
        ],
    )
    for row in rating_rows(figures):
        rated.append([row["label"], *row["values"]])
        if row["total"]:
            for cell in rated[rated.max_row]:
                cell.font = bold
    numbers(rated, [1, 2, 3, 4])

    training = figures["training"]
    courses = sheet(
        _("Training courses by level"),
        [
            _("Course level"),
            _("Courses"),
            _("Attendances"),
            _("People trained"),
            _("Courses, same period last year"),
            _("People trained, same period last year"),
        ],
    )
    for row in training["by_level"]:
        courses.append(
            [
                row["label"],
                row["courses"],
                row["attendances"],
                row["people"],
                number(row["previous_courses"]),
                number(row["previous_people"]),
            ]
        )
    courses.append(
        [
            _("Total"),
            training["courses"],
            training["attendances"],
            training["people"],
            number(training["previous_courses"]),
            number(training["previous_people"]),
        ]
    )
    numbers(courses, range(1, 6))

    people = figures["people"]
    groups = sheet(_("People by ethnic group"), [_("Code"), _("Ethnic group"), _("Headcount"), _("Share (%)")])
    for row in people["by_ethnic_group"]:
        groups.append([row["code"], row["name"], row["count"], number(row["share"])])
    groups.append([None, _("Total"), people["total"], number(100 if people["total"] else None)])
    numbers(groups, [2])
    numbers(groups, [3], "#,##0.0")

    ages = sheet(_("People by sex and age"), [_("Group"), _("Headcount"), _("Share (%)")])
    for row in people["by_sex"]:
        ages.append([row["label"], row["count"], number(row["share"])])
    for row in people["by_age_band"]:
        ages.append([row["label"], row["count"], number(row["share"])])
    numbers(ages, [1])
    numbers(ages, [2], "#,##0.0")
    return workbook_bytes(book)


# --- the page -------------------------------------------------------------------------------------------------


class CadreStatisticsView(LoginRequiredMixin, View):
    template_name = "cadres/statistics.html"

    def get(self, request):
        form, scope, figures = compute(request.user, request.GET)
        if figures is None:
            return render(request, self.template_name, {"form": form}, status=400)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(workbook(figures, scope), content_type=XLSX)
            response["Content-Disposition"] = 'attachment; filename="thong-ke-cong-tac-can-bo.xlsx"'
            return response
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            "form": form,
            "scope": scope,
            "figures": figures,
            "groups": with_changes(selectors.summary_groups(figures)),
            "plan_rows": plan_rows(figures),
            "rating_rows": rating_rows(figures),
            "target_labels": selectors.structure_targets_labels(),
            "cohort_labels": [str(label) for label in AgeCohort.labels],
            "source_labels": [str(label) for label in PlannedSource.labels],
            "querystring": query.urlencode(),
        }
        return render(request, self.template_name, context)


urlpatterns = [path("statistics/", CadreStatisticsView.as_view(), name="statistics")]
