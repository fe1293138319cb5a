from django.db import models

from phoihop.core.models import BaseModel, ClassifiedMixin


class SecretNote(ClassifiedMixin, BaseModel):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("title", max_length=200, blank=True)  # required unless a register entry
    readers = models.ManyToManyField("orgs.Organisation", blank=True, related_name="+")

    access_org_field = "organisation"
    access_participant_fields = ("readers",)
    search_fields = ("title",)
    attachments_enabled = True
    secret_content_fields = ("title",)
    content_required_fields = ("title",)

    def __str__(self):
        return self.name_or_register_label(self.title)
