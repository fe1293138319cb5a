from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "phoihop.security"
    label = "security"
    verbose_name = _("Border security and crime prevention")

    def ready(self):
        from phoihop.core.history import register_history
        from phoihop.security import models

        register_history(models.Case, m2m_fields={"involved_units"})
        for model in (
            models.CaseCategory,
            models.SeizedItemType,
            models.Operation,
            models.CaseSubjectGroup,
            models.CaseSubjectIdentity,
            models.SeizedItem,
            models.CustodyStep,
            models.SituationNote,
        ):
            register_history(model)
