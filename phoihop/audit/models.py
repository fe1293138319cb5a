from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(AbstractLogEntry):
    """django-auditlog's log entry, plus the owning organisation and classification of the record,
    copied at write time so that the activity page can pass through the access gate in one query."""

    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True, db_index=True)
    classification = models.PositiveSmallIntegerField(_("classification"), default=0)

    class Meta(AbstractLogEntry.Meta):
        swappable = "AUDITLOG_LOGENTRY_MODEL"
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["content_type", "object_pk"])]

    def save(self, *args, **kwargs):
        data = self.additional_data or {}
        if self.organisation_id is None:
            self.organisation_id = data.get("organisation")
        self.classification = int(data.get("classification") or 0)
        super().save(*args, **kwargs)
