from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from phoihop.core.attachments import install_attachment_lists
        from phoihop.core.history import register_history
        from phoihop.core.models import Attachment

        register_history(Attachment)
        install_attachment_lists()
        # the home page's "Việc cần xử lý": each app's items (``core.todo``)
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("todo")
        # how each app's records are chosen in a search picker (``core.pickers``)
        autodiscover_modules("pickers")
