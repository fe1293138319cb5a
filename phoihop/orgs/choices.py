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


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    REPLACED = "replaced", _("Replaced")


class ReviewFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("As needed")
