from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "phoihop.work"
    label = "work"
    verbose_name = _("Coordination work")

    def ready(self):
        from phoihop.core.history import register_history
        from phoihop.work import models

        register_history(models.DocumentType)
        register_history(models.Document, m2m_fields={"related"})
        register_history(models.DocumentRelation)
        register_history(models.Dissemination)
        register_history(models.DisseminationSession)
        register_history(models.OutreachTopic)
        register_history(models.EthnicLanguage)
        register_history(models.OutreachSession, m2m_fields={"organisers", "topics", "languages"})
        register_history(models.Task)
        register_history(models.TaskUnit)
        register_history(models.ProgressReport)
        register_history(models.ExtensionRequest)
        register_history(models.ReviewConference)
        register_history(models.Conclusion)
