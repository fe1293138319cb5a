from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "phoihop.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Each app contributes its report sections in a ``report_sections`` module (like admin.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("report_sections")
        # … and its dashboard panels in ``dashboard_panels``.
        autodiscover_modules("dashboard_panels")

        from phoihop.core.history import register_history
        from phoihop.reports.models import Report

        # Generation bookkeeping (status, progress, the snapshot, the files) is not an edit of the report.
        working = ["status", "progress", "error", "snapshot", "docx", "xlsx", "pdf", "generated_at", "duration_ms"]
        register_history(Report, exclude_fields=working)
