from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Centrally-run city")
    DISTRICT = "district", _("District (abolished 2025)")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township (abolished 2025)")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    VILLAGE = "village", _("Village")


#: kinds that are communes in the sense of the two-tier local government (for the border flag).
COMMUNE_LEVEL_KINDS = {AreaKind.COMMUNE, AreaKind.WARD, AreaKind.SPECIAL_ZONE, AreaKind.TOWNSHIP}


class SharingMode(models.TextChoices):
    FULL = "full", _("Full records")
    TOTALS = "totals", _("Totals only")
