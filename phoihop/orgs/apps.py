from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "phoihop.orgs"
    label = "orgs"
    verbose_name = _("Organisations and areas")

    def ready(self):
        from phoihop.core.history import register_history
        from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule

        register_history(Area, m2m_fields={"predecessors"})
        register_history(OrganisationKind)
        register_history(Organisation, m2m_fields={"areas"}, exclude_fields=["path", "depth"])
        register_history(SharingRule)
        register_history(Agreement, m2m_fields={"parties"})
        register_history(Clause, m2m_fields={"responsible"})
