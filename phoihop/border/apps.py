from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BorderConfig(AppConfig):
    name = "phoihop.border"
    label = "border"
    verbose_name = _("Border registry")

    def ready(self):
        # Other apps add layers to the border map in a ``map_layers`` module (``border.maps.register_layer``).
        from django.utils.module_loading import autodiscover_modules

        from phoihop.border import models
        from phoihop.core.history import register_history

        for model in (models.BorderSegment, models.Gate, models.Marker, models.Patrol, models.Inspection):
            register_history(model)
        autodiscover_modules("map_layers")
