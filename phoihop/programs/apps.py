from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "phoihop.programs"
    label = "programs"
    verbose_name = _("Programmes")

    def ready(self):
        from phoihop.core.history import register_history
        from phoihop.programs import models

        register_history(models.Programme, m2m_fields={"participants"})
        for model in (
            models.FundingSource,
            models.ProgrammeBudget,
            models.Indicator,
            models.IndicatorTarget,
            models.PeriodicFigure,
            models.ForestPlot,
            models.House,
            models.HouseFunding,
            models.Household,
            models.Resettlement,
            models.Sponsorship,
            models.SponsoredChild,
        ):
            register_history(model)
