from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from phoihop.audit import personal_data
from phoihop.core.jobs import export_records
from phoihop.core.models import BackgroundExport
from phoihop.core.urls_helpers import REGISTRY


class ExportListView(LoginRequiredMixin, View):
    """My background exports; queue a new one from any list (the list's filters are kept)."""

    def get(self, request):
        exports = BackgroundExport.objects.filter(user=request.user)[:50]
        return render(request, "core/exports.html", {"exports": exports})

    def post(self, request):
        label = request.POST.get("model")
        config = REGISTRY.get(label)
        if config is None:
            raise Http404
        fmt = request.POST.get("fmt") if request.POST.get("fmt") in ("xlsx", "csv") else "xlsx"
        query = request.POST.get("query", "")
        model = config.queryset.model
        purpose = ("", "")
        if personal_data.holds_personal_data(model) and personal_data.may_read_personal_data(request.user):
            # people's personal data: the export is logged with the session's purpose, asked first if not given
            stated = personal_data.session_purpose(request)
            if stated is None:
                list_url = reverse(model.url_name("list"))
                return redirect(personal_data.purpose_url(f"{list_url}?{query}" if query else list_url))
            purpose = stated
        export = BackgroundExport.objects.create(user=request.user, model_label=label, query=query, fmt=fmt)
        export_records.enqueue(export.pk, *purpose)
        messages.success(request, _("The export is being prepared; it will appear here when ready."))
        return redirect("core:exports")


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        export = BackgroundExport.objects.filter(pk=pk, user=request.user, status="done").first()
        if export is None or not export.file:
            raise Http404
        path = (settings.MEDIA_ROOT / export.file).resolve()
        if not str(path).startswith(str(settings.MEDIA_ROOT.resolve())) or not path.exists():
            raise Http404
        return FileResponse(open(path, "rb"), as_attachment=True, filename=path.name)
