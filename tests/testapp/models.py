from django.db import models

from phoihop.core.models import BaseModel, ClassifiedMixin


class SecretNote(ClassifiedMixin, BaseModel):
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("title", max_length=200)

    access_org_field = "organisation"
    search_fields = ("title",)

    def __str__(self):
        return self.title
