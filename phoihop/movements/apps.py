from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "phoihop.movements"
    label = "movements"
    verbose_name = _("Movements")

    def ready(self):
        from phoihop.core.history import register_history
        from phoihop.movements import models

        register_history(models.SelfManagementTeam, m2m_fields={"markers", "segments"})
        register_history(models.TowardsBorderEvent, m2m_fields={"co_organisers"})
        register_history(models.Twinning)
        register_history(models.TwinningActivity)
        register_history(models.Occasion)
        register_history(models.HolidayVisit)
