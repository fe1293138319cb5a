from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Aggregation(models.TextChoices):
    """How an indicator's values combine over periods and organisations."""

    SUM = "sum", _("Sum (a flow: added up over periods)")
    LATEST = "latest", _("Latest value (a stock: the value at the end of the period)")


class IndicatorSource(models.TextChoices):
    """Where a periodic figure comes from: entered directly, or computed from the records."""

    MANUAL = "manual", _("Entered directly")
    FOREST_AREA = "forest_area", _("Forest planted (ha), from forest plots")
    FOREST_HOUSEHOLDS = "forest_households", _("Households contracted for forest protection, from forest plots")
    HOUSES_STARTED = "houses_started", _("Houses started, from houses")
    HOUSES_HANDED_OVER = "houses_handed_over", _("Houses handed over, from houses")
    RESETTLED_HOUSEHOLDS = "resettled_households", _("Households resettled, from resettlement records")
    RESETTLED_PEOPLE = "resettled_people", _("People resettled, from resettlement records")
    SPONSORED_CHILDREN = "sponsored_children", _("Children sponsored, from sponsorships")
    SPONSORSHIP_SUPPORT = "sponsorship_support", _("Support paid to sponsored children (VND), from sponsorships")


class FigureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")
    REOPENED = "reopened", _("Reopened")


#: statuses in which the reporting organisation may still change the value
EDITABLE_FIGURE_STATUSES = {FigureStatus.DRAFT, FigureStatus.REOPENED}


class HouseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Under construction")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class VillageKind(models.TextChoices):
    OLD = "old", _("Old village (people returned)")
    NEW = "new", _("New village")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
