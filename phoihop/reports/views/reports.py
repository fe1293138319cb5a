"""Report pages: the list (every edition), the request form, the detail page with its htmx progress bar, the gated
file downloads and the regeneration action."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from phoihop.core.services import StaleVersionError
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import (
    GatedObjectMixin,
    ObjectDetailView,
    add_validation_error,
    may_add,
    model_context,
    url_or_none,
)
from phoihop.reports import services
from phoihop.reports.filtersets import ReportFilterSet
from phoihop.reports.forms import ReportRequestForm
from phoihop.reports.models import FILE_FORMATS, Report, ReportStatus
from phoihop.reports.selectors import RELATED, editions_of
from phoihop.reports.tables import ReportTable

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def progress_context(report):
    from phoihop.reports import formats

    snapshot_pdf = (report.snapshot or {}).get("pdf")
    fonts = (report.snapshot or {}).get("pdf_fonts")  # absent before fonts were recorded: Debian's, substituted
    return {
        "object": report,
        "downloads": [(fmt, report.download_url(fmt)) for fmt in FILE_FORMATS if report.file_for(fmt)],
        "pdf_missing": report.status == ReportStatus.DONE and not report.pdf,
        "pdf_failed": snapshot_pdf == "failed",
        "pdf_pending": snapshot_pdf == "pending",
        "pdf_unavailable": snapshot_pdf == "unavailable" or not formats.pdf_available(),
        "pdf_substitute_font": bool(report.pdf) and (fonts is None or "LiberationSerif" in fonts),
    }


def request_again_url(report) -> str:
    """The request form filled in with the parameters of ``report``: a report is never edited, so what its signature
    block lacks is supplied by issuing it again."""
    signature = report.signature_block()
    values = {
        "organisation": report.organisation_id,
        "template": report.template,
        "period_start": f"{report.period_start:%d/%m/%Y}",
        "period_end": f"{report.period_end:%d/%m/%Y}",
        "agreement": report.agreement_id or "",
        "issued_on": f"{report.issued_on:%d/%m/%Y}",
        "title": report.title,
        "signer_on_behalf": report.signer_on_behalf,
        "signer_title": report.signer_title if signature.has_title else "",
        "signer_name": report.signer_name,
        "recipients": report.recipients,
        "language": report.language,
    }
    return f"{reverse('reports:report_add')}?{urlencode({k: v for k, v in values.items() if v not in ('', None)})}"


def draft_rows(report, may_write, values=None, errors=None) -> list[dict]:
    """The placeholders of the report for the review page: where they are, what is asked, what was written."""
    values = values if values is not None else (report.drafts or {})
    errors = errors or {}
    rows = []
    for row in (report.snapshot or {}).get("placeholders", []):
        key = row.get("key", "")
        text = values.get(key, "")
        rows.append(
            {
                "key": key,
                "field": f"draft__{key}",
                "heading": row.get("heading", ""),
                "prompt": row.get("prompt", ""),
                "text": text,
                "filled": bool(str(text).strip()),
                "errors": errors.get(key, []),
                "may_write": may_write,
            }
        )
    return rows


class ReportDetailView(ObjectDetailView):
    """The report page; POST keeps the paragraphs the drafter wrote for the placeholders (``draft__<key>``) and
    lays the files out again."""

    template_name = "reports/report_detail.html"
    draft_values = None
    draft_errors = None

    def post(self, request, pk):
        report = self.get_object()
        drafts = {name[len("draft__") :]: value for name, value in request.POST.items() if name.startswith("draft__")}
        version = request.POST.get("version")
        try:
            expected = int(version) if version and version.isdigit() and len(version) < 10 else None
            services.report_write_drafts(
                acting_user=request.user, report=report, drafts=drafts, expected_version=expected
            )
        except StaleVersionError:
            messages.error(
                request, _("The report was changed by someone else meanwhile: your paragraphs were not kept.")
            )
            self.draft_values = drafts
        except ValidationError as error:
            self.draft_values = drafts
            self.draft_errors = getattr(error, "message_dict", {"__all__": error.messages})
            if "__all__" in self.draft_errors:
                messages.error(request, " ".join(self.draft_errors["__all__"]))
        else:
            messages.success(request, _("The paragraphs were kept and the files laid out again."))
            return redirect(f"{report.get_absolute_url()}#drafts")
        response = self.get(request, pk)
        response.status_code = 400 if self.draft_errors else 409
        return response

    def get_extra_context(self, report):
        user = self.request.user
        may_regenerate = services.may_report_for(user, report.organisation)
        missing = report.missing_for_signature()
        return {
            **progress_context(report),
            "edit_url": None,  # a report is never edited: it is regenerated as a new edition
            "editions": editions_of(user, report),
            "may_regenerate": may_regenerate,
            "figure_tables": services.report_tables(report),
            "missing_for_signature": missing,
            "request_again_url": request_again_url(report) if missing and may_regenerate else None,
            "drafts": (
                rows := draft_rows(
                    report,
                    may_regenerate and report.status == ReportStatus.DONE,
                    self.draft_values,
                    self.draft_errors,
                )
            ),
            "drafts_left": sum(not row["filled"] for row in rows),
        }


class ReportAddView(GatedObjectMixin, View):
    """The request form (``reports:report_add``). Reports are never edited: the edit route answers 404."""

    form = ReportRequestForm
    template_name = "reports/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def check(self):
        if not may_add(self.request.user, Report):
            raise PermissionDenied

    def render_form(self, form, status=200):
        context = {**model_context(Report), "form": form, "list_url": url_or_none(Report, "list")}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        self.check()
        initial = {key: value for key, value in request.GET.items() if key in self.form.base_fields}
        return self.render_form(self.form(initial=initial, user=request.user))

    def post(self, request, **kwargs):
        self.check()
        form = self.form(request.POST, user=request.user)
        if form.is_valid():
            try:
                report = services.report_request(acting_user=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The report is being generated."))
                return redirect(report.get_absolute_url())
        return self.render_form(form, status=400)


class ReportProgressView(GatedObjectMixin, View):
    """The progress partial polled by the detail page (every second until the report is done or failed)."""

    queryset = Report.objects.all()

    def get(self, request, pk):
        report = self.get_object()
        response = render(request, "reports/report_progress.html", progress_context(report))
        if report.is_finished and request.GET.get("poll"):
            response["HX-Refresh"] = "true"  # show the figures and editions of the finished report
        return response


class ReportDownloadView(GatedObjectMixin, View):
    """A report file, through the access gate (outsiders and users of lower clearance: 404)."""

    queryset = Report.objects.all()

    def get(self, request, pk, fmt):
        if fmt not in FILE_FORMATS:
            raise Http404
        report = self.get_object()
        stored = report.file_for(fmt)
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        with translation.override(report.language):
            filename = services.file_name(report, fmt)
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=FILE_TYPES[fmt])
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ReportRegenerateView(GatedObjectMixin, View):
    queryset = Report.objects.all()

    def post(self, request, pk):
        report = self.get_object()
        try:
            edition = services.report_regenerate(acting_user=request.user, report=report)
        except PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        messages.success(
            request, _("Edition %(edition)s of the report is being generated.") % {"edition": edition.edition}
        )
        return redirect(edition.get_absolute_url())


report_views = RecordViews(
    Report.objects.select_related(*RELATED),
    filterset=ReportFilterSet,
    table=ReportTable,
    form=ReportRequestForm,
    detail_view=ReportDetailView,
    edit_view=ReportAddView,
)


urlpatterns = [
    *report_views.urls("reports"),
    path("reports/<int:pk>/progress/", ReportProgressView.as_view(), name="report_progress"),
    path("reports/<int:pk>/download/<slug:fmt>/", ReportDownloadView.as_view(), name="report_download"),
    path("reports/<int:pk>/regenerate/", ReportRegenerateView.as_view(), name="report_regenerate"),
]
