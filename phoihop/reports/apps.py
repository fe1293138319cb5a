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
