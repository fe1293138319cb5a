from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "phoihop.cadres"
    label = "cadres"
    verbose_name = _("Cadre work and Party building")

    def ready(self):
        from phoihop.cadres import models
        from phoihop.core.history import register_history

        for model in (
            models.EthnicGroup,
            models.Person,
            models.PositionHolding,
            models.TrainingCourse,
            models.Secondment,
            models.HouseholdAssignment,
            models.CadrePlan,
            models.PlannedCadre,
            models.OrganisationRating,
            models.MemberRating,
        ):
            register_history(model)
