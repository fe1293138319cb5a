"""Dissemination (quán triệt): assigning a document's dissemination, the duties and their sessions, and the
coverage pages (per document and per period) with their Excel export."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from phoihop.core.access import can, has_role
from phoihop.core.choices import Action, Role
from phoihop.core.importexport import CONTENT_TYPES, XLSX
from phoihop.core.spreadsheets import workbook_bytes
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import GatedObjectMixin, ObjectDeleteView, ObjectDetailView, add_validation_error
from phoihop.work import resources, selectors
from phoihop.work.filtersets import dissemination as filtersets
from phoihop.work.forms import dissemination as forms
from phoihop.work.models import Dissemination, DisseminationSession, Document
from phoihop.work.services_dissemination import dissemination_assign, dissemination_save, may_assign_for
from phoihop.work.tables import dissemination as tables
from phoihop.work.tables.dissemination import status_badge


class DisseminationDetailView(ObjectDetailView):
    """A duty with its sessions and, for the disseminating organisation's reporters, "add a session"."""

    def get_extra_context(self, obj):
        user = self.request.user
        may_record = can(user, obj, Action.CHANGE)
        return {
            "session_list": DisseminationSession.objects.restrict(user)
            .filter(dissemination=obj)
            .select_related("plan_document"),
            "status": status_badge(obj.done, obj.deadline),
            "add_session_url": f"{reverse('work:disseminationsession_add')}?dissemination={obj.pk}"
            if may_record
            else None,
            "document_visible": Document.objects.restrict(user).filter(pk=obj.document_id).exists(),
            # Only the assigning organisation withdraws a duty (DisseminationDeleteView).
            **({} if may_assign_for(user, obj.assigned_by) else {"delete_url": None}),
        }


class DisseminationDeleteView(ObjectDeleteView):
    """Only the assigning organisation withdraws a duty (see services_dissemination.dissemination_delete)."""

    def get_object(self, action=Action.VIEW):
        obj = super().get_object(action)
        user = self.request.user
        if action == Action.DELETE and not may_assign_for(user, obj.assigned_by):
            raise PermissionDenied(_("Only the assigning organisation may withdraw a dissemination duty."))
        return obj


class DisseminationSessionDetailView(ObjectDetailView):
    def get_object(self, action=Action.VIEW):
        obj = super().get_object(action)
        plan = obj.plan_document_id
        if plan and not Document.objects.restrict(self.request.user).filter(pk=plan).exists():
            obj.detail_exclude = ("plan_document",)  # a plan the reader may not see is not named either
        return obj


class DisseminationAssignView(GatedObjectMixin, View):
    """Assign the dissemination of one document to organisations chosen one by one or by a rule."""

    queryset = Document.objects.select_related("doc_type", "owner")
    template_name = "work/document_disseminate.html"

    def get_document(self):
        document = self.get_object()
        if not has_role(self.request.user, Role.REPORTER):
            raise PermissionDenied(_("You may see this record but not change it."))
        return document

    def render_form(self, document, form, status=200):
        context = {
            "object": document,
            "form": form,
            "coverage_url": reverse("work:document_coverage", args=[document.pk]),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        document = self.get_document()
        return self.render_form(document, forms.DisseminationAssignForm(user=request.user))

    def post(self, request, pk):
        document = self.get_document()
        form = forms.DisseminationAssignForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                created = dissemination_assign(
                    acting_user=request.user,
                    document=document,
                    organisations=form.targets,
                    assigned_by=form.cleaned_data["assigned_by"],
                    deadline=form.cleaned_data["deadline"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You do not have permission for this change."))
            else:
                skipped = len(form.targets) - len(created)
                messages.success(
                    request,
                    _("Dissemination assigned to %(created)s organisations; %(skipped)s already had it.")
                    % {"created": len(created), "skipped": skipped},
                )
                return redirect("work:document_coverage", pk=document.pk)
        return self.render_form(document, form, status=400)


# --- coverage --------------------------------------------------------------------------------------------------


def coverage_status_label(row):
    if row.done:
        return _("Done")
    if row.overdue:
        return _("Overdue")
    return _("Not done")


def coverage_workbook(coverage, title):
    """The coverage as an .xlsx: the duties (overdue ones in red), then the % done by level and by kind."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    bold, overdue_fill = Font(bold=True), PatternFill("solid", fgColor="F8D7DA")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Coverage")[:31]
    sheet.append([title])
    sheet["A1"].font = bold
    header = [
        _("Organisation"),
        _("Code"),
        _("Organisation kind"),
        _("Level"),
        _("Document"),
        _("Assigned by"),
        _("Deadline"),
        _("Sessions"),
        _("Last session"),
        _("Status"),
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = bold
    for row in coverage.rows:
        org = row.organisation
        sheet.append(
            [
                str(org),
                org.code,
                str(org.kind),
                org.depth + 1,
                str(row.document),
                str(row.assigned_by),
                row.deadline,
                row.session_count,
                row.last_held_on,
                coverage_status_label(row),
            ]
        )
        line = sheet[sheet.max_row]
        for index in (6, 8):
            if line[index].value:
                line[index].number_format = "DD/MM/YYYY"
        if row.overdue:
            for cell in line:
                cell.fill = overdue_fill
    for letter, width in zip("ABCDEFGHIJ", (40, 12, 28, 8, 60, 30, 12, 10, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width

    summary = book.create_sheet(_("Summary")[:31])
    columns = [_("Total"), _("Done"), _("Not done"), _("Overdue"), _("Percent done")]

    def block(heading, groups):
        summary.append([heading, *columns])
        for cell in summary[summary.max_row]:
            cell.font = bold
        for group in groups:
            summary.append([group.label, group.total, group.done, group.not_done, group.overdue, group.percent])
        summary.append([])

    block(_("Overall"), [replace(coverage.totals, label=_("All"))])
    block(_("Level"), [_level_group(group) for group in coverage.by_level])
    block(_("Organisation kind"), coverage.by_kind)
    summary.column_dimensions["A"].width = 40
    return workbook_bytes(book)


def _level_group(group):
    return replace(
        group, label=_("Level %(level)s (%(kinds)s)") % {"level": group.label, "kinds": ", ".join(group.kinds)}
    )


def coverage_response(coverage, title, basename):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(coverage_workbook(coverage, title), content_type=CONTENT_TYPES[XLSX])
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.xlsx"'
    return response


class DocumentCoverageView(GatedObjectMixin, View):
    """/work/documents/<pk>/coverage/: who has disseminated the document, who has not, who is overdue."""

    queryset = Document.objects.select_related("doc_type", "owner")
    template_name = "work/document_coverage.html"

    def get(self, request, pk):
        document = self.get_object()
        coverage = selectors.dissemination_coverage(request.user, document=document)
        if request.GET.get("export") == XLSX:
            return coverage_response(coverage, str(document), f"coverage-document-{document.pk}")
        context = {
            "object": document,
            "coverage": coverage,
            "may_assign": has_role(request.user, Role.REPORTER),
            "export_query": "export=xlsx",
        }
        return render(request, self.template_name, context)


class PeriodCoverageView(LoginRequiredMixin, View):
    """/work/dissemination/coverage/?date_from=&date_to=: every visible duty due in the period."""

    template_name = "work/dissemination_coverage.html"

    def get(self, request):
        form = forms.CoveragePeriodForm(request.GET or None, user=request.user)
        coverage = None
        if not form.is_bound or form.is_valid():
            data = form.cleaned_data if form.is_bound else {}
            coverage = selectors.dissemination_coverage(
                request.user,
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
                assigned_by=data.get("assigned_by"),
            )
            if request.GET.get("export") == XLSX:
                title = _("Dissemination coverage")
                if data.get("date_from") or data.get("date_to"):
                    start = data["date_from"].strftime("%d/%m/%Y") if data.get("date_from") else "…"
                    end = data["date_to"].strftime("%d/%m/%Y") if data.get("date_to") else "…"
                    title = f"{title}: {start} – {end}"
                return coverage_response(coverage, title, "coverage")
        query = request.GET.copy()
        query.pop("export", None)
        query["export"] = XLSX
        return render(
            request,
            self.template_name,
            {"form": form, "coverage": coverage, "export_query": query.urlencode()},
            status=200 if coverage is not None else 400,
        )


# --- duties and sessions ------------------------------------------------------------------------------------------

dissemination_views = RecordViews(
    selectors.with_dissemination_status(
        Dissemination.objects.select_related("document", "organisation", "assigned_by")
    ),
    filterset=filtersets.DisseminationFilterSet,
    table=tables.DisseminationTable,
    form=forms.DisseminationForm,
    resource=resources.DisseminationResource,
    detail_view=DisseminationDetailView,
    delete_view=DisseminationDeleteView,
    service=dissemination_save,
)
session_views = RecordViews(
    DisseminationSession.objects.select_related(
        "dissemination__document", "dissemination__organisation", "plan_document"
    ),
    filterset=filtersets.DisseminationSessionFilterSet,
    table=tables.DisseminationSessionTable,
    form=forms.DisseminationSessionForm,
    detail_view=DisseminationSessionDetailView,
)

urlpatterns = [
    path("documents/<int:pk>/disseminate/", DisseminationAssignView.as_view(), name="document_disseminate"),
    path("documents/<int:pk>/coverage/", DocumentCoverageView.as_view(), name="document_coverage"),
    path("dissemination/coverage/", PeriodCoverageView.as_view(), name="dissemination_coverage"),
    *dissemination_views.urls("dissemination"),
    *session_views.urls("dissemination-sessions"),
]
