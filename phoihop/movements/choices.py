from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    TEAM = "team", _("Self-management team")
    HOUSEHOLD = "household", _("Self-managing household")


class TeamPurpose(models.TextChoices):
    BORDER = "border", _("Border line and markers")
    SECURITY = "security", _("Village security and order")
    BOTH = "both", _("Border line, markers and village security")


#: purposes that look after the border line and its markers
BORDER_PURPOSES = (TeamPurpose.BORDER, TeamPurpose.BOTH)
